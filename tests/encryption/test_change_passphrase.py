"""Encryption as an administrator's use case: checked, audited, and the passphrase changed."""

import pytest

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.audit_log import AuditFilter, AuditLog
from sportacu_desktop.services.backup import backup_to
from sportacu_desktop.services.context import Actor, Clinic, PermissionDenied, command_line_actor
from sportacu_desktop.services.encryption import (
    change_passphrase,
    decrypt_clinic,
    encrypt_clinic,
)
from sportacu_desktop.services.restore import inspect_backup
from sportacu_desktop.storage.encryption import is_encrypted
from sportacu_desktop.storage.errors import StorageError, WrongPassphrase
from tests.backup.helpers import PASSPHRASE, assert_same_data, dump, one_line_error, run_cli

NEW = "tide chart lantern"
ADMIN = Actor("dwhitcomb", "Dana Whitcomb", frozenset({Role.ADMIN, Role.PRACTITIONER}), 1)
PRACTITIONER = Actor("rokafor", "Ruth Okafor", frozenset({Role.PRACTITIONER}), 2)


def url_of(path) -> str:
    return f"sqlite:///{path}"


def events(path, passphrase, action) -> list[str]:
    clinic = Clinic.open(str(path), passphrase=passphrase)
    try:
        trail = AuditLog(clinic.session_factory, command_line_actor())
        return [e.actor for e in trail.events(AuditFilter(action=action))]
    finally:
        clinic.close()


def test_only_an_administrator_switches_encryption_and_it_is_recorded(encrypted_path):
    before = encrypted_path.read_bytes()
    for switch in (
        lambda: decrypt_clinic(url_of(encrypted_path), PASSPHRASE, PRACTITIONER),
        lambda: change_passphrase(url_of(encrypted_path), PASSPHRASE, NEW, PRACTITIONER),
    ):
        with pytest.raises(PermissionDenied, match="Only administrators may encrypt"):
            switch()
    assert encrypted_path.read_bytes() == before

    decrypted = decrypt_clinic(url_of(encrypted_path), PASSPHRASE, ADMIN)
    assert not is_encrypted(encrypted_path) and is_encrypted(decrypted.safety_copy)
    assert events(encrypted_path, None, "decrypt") == ["dwhitcomb"]
    with pytest.raises(PermissionDenied):
        encrypt_clinic(url_of(encrypted_path), PASSPHRASE, PRACTITIONER)
    assert not is_encrypted(encrypted_path)
    encrypt_clinic(url_of(encrypted_path), PASSPHRASE, ADMIN)
    assert events(encrypted_path, PASSPHRASE, "encrypt") == ["dwhitcomb"]


def test_changing_the_passphrase_keeps_the_data_and_old_backups_keep_theirs(
    encrypted_path, tmp_path
):
    before = dump(encrypted_path, PASSPHRASE)
    clinic = Clinic.open(str(encrypted_path), passphrase=PASSPHRASE)
    earlier = backup_to(clinic, tmp_path / "earlier.db", actor=command_line_actor())
    clinic.close()

    with pytest.raises(WrongPassphrase):
        change_passphrase(url_of(encrypted_path), "not the passphrase", NEW, ADMIN)
    with pytest.raises(StorageError, match="same as the current one"):
        change_passphrase(url_of(encrypted_path), PASSPHRASE, PASSPHRASE, ADMIN)
    changed = change_passphrase(url_of(encrypted_path), PASSPHRASE, NEW, ADMIN)

    with pytest.raises(WrongPassphrase):
        Clinic.open(str(encrypted_path), passphrase=PASSPHRASE)
    after = dump(encrypted_path, NEW)
    after.pop("audit_event")
    before.pop("audit_event")
    assert_same_data(before, after)
    assert events(encrypted_path, NEW, "change_passphrase") == ["dwhitcomb"]
    # The copy kept beside it, and the backup made earlier, still need the old passphrase.
    assert dump(changed.safety_copy, PASSPHRASE)
    assert inspect_backup(earlier.path, PASSPHRASE).patients == 12
    with pytest.raises(WrongPassphrase):
        inspect_backup(earlier.path, NEW)


def test_the_command_line_changes_the_passphrase(encrypted_path):
    db = str(encrypted_path)
    plain_env = {"SPORTACU_PASSPHRASE": PASSPHRASE}
    no_new = run_cli("passphrase", "--db", db, "--yes", env=plain_env)
    assert no_new.returncode == 2 and "SPORTACU_NEW_PASSPHRASE" in one_line_error(no_new)
    short = run_cli(
        "passphrase", "--db", db, "--yes", env={**plain_env, "SPORTACU_NEW_PASSPHRASE": "short"}
    )
    assert short.returncode == 2 and "at least 8 characters" in one_line_error(short)

    done = run_cli(
        "passphrase", "--db", db, "--yes", env={**plain_env, "SPORTACU_NEW_PASSPHRASE": NEW}
    )
    assert done.returncode == 0, done.stderr
    assert "old passphrase" in done.stdout
    old = run_cli("patients", "--db", db, env=plain_env)
    assert old.returncode == 2 and "passphrase is wrong" in one_line_error(old)
    listed = run_cli("patients", "--db", db, "--json", env={"SPORTACU_PASSPHRASE": NEW})
    assert listed.returncode == 0 and listed.stdout.count("chart_number") == 12
    assert [who.startswith("cli:") for who in events(encrypted_path, NEW, "change_passphrase")] == [
        True
    ]


def test_the_command_line_refuses_a_plain_file(tmp_path):
    db = str(tmp_path / "plain.db")
    assert run_cli("init", "--db", db).returncode == 0
    refused = run_cli("passphrase", "--db", db, "--yes", env={"SPORTACU_NEW_PASSPHRASE": NEW})
    assert refused.returncode == 2 and "not encrypted" in one_line_error(refused)
