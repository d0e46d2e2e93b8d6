"""Encryption from the real command line: init --encrypt, passphrases, encrypt/decrypt."""

import shutil

import pytest

from sportacu_desktop.storage.encryption import SQLITE_HEADER, is_encrypted
from tests.backup.helpers import (
    PASSPHRASE,
    a_patient_name,
    assert_same_data,
    dump,
    one_line_error,
    run_cli,
    run_on_terminal,
)

KEY = {"SPORTACU_PASSPHRASE": PASSPHRASE}


@pytest.fixture(scope="module")
def encrypted_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-encrypted") / "clinic.db"
    made = run_cli("init", "--db", str(path), "--encrypt", env=KEY)
    assert made.returncode == 0, made.stderr
    filled = run_cli("demo", "--db", str(path), "--patients", "8", "--seed", "2", env=KEY)
    assert filled.returncode == 0, filled.stderr
    return path


@pytest.fixture
def clinic_file(encrypted_file, tmp_path):
    path = tmp_path / "clinic.db"
    shutil.copyfile(encrypted_file, path)
    return path


def test_init_encrypt_makes_a_file_with_no_header_and_no_names(encrypted_file):
    assert is_encrypted(encrypted_file)
    data = encrypted_file.read_bytes()
    assert not data.startswith(SQLITE_HEADER)
    assert a_patient_name(encrypted_file, PASSPHRASE).encode() not in data
    listed = run_cli("patients", "--db", str(encrypted_file), "--json", env=KEY)
    assert listed.returncode == 0 and listed.stdout.count("chart_number") == 8


def test_wrong_or_missing_passphrase_is_one_line_and_exit_2(encrypted_file):
    before = encrypted_file.read_bytes()
    wrong = run_cli(
        "patients", "--db", str(encrypted_file), env={"SPORTACU_PASSPHRASE": "nope!!!!"}
    )
    assert wrong.returncode == 2 and "passphrase is wrong" in one_line_error(wrong)
    missing = run_cli("check", "--db", str(encrypted_file))
    assert missing.returncode == 2 and "SPORTACU_PASSPHRASE" in one_line_error(missing)
    assert wrong.stdout == missing.stdout == ""
    assert encrypted_file.read_bytes() == before


def test_an_encrypted_backup_stays_encrypted_and_restores_with_the_passphrase(
    clinic_file, tmp_path
):
    out = tmp_path / "backup.db"
    made = run_cli("backup", "--db", str(clinic_file), "--out", str(out), env=KEY)
    assert made.returncode == 0, made.stderr
    assert "encrypted" in made.stdout and is_encrypted(out)
    assert a_patient_name(clinic_file, PASSPHRASE).encode() not in out.read_bytes()
    wrong = run_cli(
        "restore", "--db", str(clinic_file), "--from", str(out), "--yes",
        env={"SPORTACU_PASSPHRASE": "nope!!!!"},
    )  # fmt: skip
    assert wrong.returncode == 2 and "passphrase is wrong" in one_line_error(wrong)
    restored = run_cli("restore", "--db", str(clinic_file), "--from", str(out), "--yes", env=KEY)
    assert restored.returncode == 0, restored.stderr
    assert is_encrypted(clinic_file)
    assert run_cli("check", "--db", str(clinic_file), env=KEY).returncode == 0


def test_decrypt_then_encrypt_again_from_the_command_line(clinic_file):
    original = dump(clinic_file, PASSPHRASE)
    refused = run_cli("decrypt", "--db", str(clinic_file), env=KEY)
    assert refused.returncode == 2 and "--yes" in one_line_error(refused)
    assert is_encrypted(clinic_file)

    plain = run_cli("decrypt", "--db", str(clinic_file), "--yes", env=KEY)
    assert plain.returncode == 0, plain.stderr
    assert not is_encrypted(clinic_file)
    assert dump(clinic_file)["patient"] == original["patient"]

    short = run_cli("encrypt", "--db", str(clinic_file), "--yes", env={"SPORTACU_PASSPHRASE": "x"})
    assert short.returncode == 2 and "at least 8" in one_line_error(short)
    again = run_cli("encrypt", "--db", str(clinic_file), "--yes", env=KEY)
    assert again.returncode == 0, again.stderr
    assert "cannot" in again.stdout or "nobody" in again.stdout  # the lost-passphrase warning
    assert is_encrypted(clinic_file)
    now = dump(clinic_file, PASSPHRASE)
    assert_same_data(
        {k: v for k, v in now.items() if k != "audit_event"},
        {k: v for k, v in original.items() if k != "audit_event"},
    )
    actions = [row[3] for row in now["audit_event"][-2:]]
    assert actions == ["decrypt", "encrypt"]


def test_init_encrypt_refuses_an_existing_plain_database(tmp_path):
    plain = tmp_path / "plain.db"
    assert run_cli("init", "--db", str(plain)).returncode == 0
    refused = run_cli("init", "--db", str(plain), "--encrypt", env=KEY)
    assert refused.returncode == 2 and "sportacu encrypt" in one_line_error(refused)
    assert not is_encrypted(plain)


def test_on_a_terminal_the_passphrase_is_asked_twice_then_once(tmp_path):
    path = tmp_path / "clinic.db"
    code, shown = run_on_terminal(
        "init", "--db", str(path), "--encrypt",
        answers=[("New passphrase", PASSPHRASE), ("same passphrase again", PASSPHRASE)],
    )  # fmt: skip
    assert code == 0, shown
    assert is_encrypted(path) and PASSPHRASE not in shown  # not echoed
    code, shown = run_on_terminal(
        "check", "--db", str(path), answers=[("Passphrase for clinic.db", PASSPHRASE)]
    )
    assert code == 0, shown
    code, shown = run_on_terminal(
        "check", "--db", str(path), answers=[("Passphrase for clinic.db", "wrong one")]
    )
    assert code == 2 and "passphrase is wrong" in shown and "Traceback" not in shown


def test_on_a_terminal_restore_asks_and_no_means_nothing_changes(clinic_file, tmp_path):
    out = tmp_path / "backup.db"
    assert run_cli("backup", "--db", str(clinic_file), "--out", str(out), env=KEY).returncode == 0
    before = clinic_file.read_bytes()
    code, shown = run_on_terminal(
        "restore", "--db", str(clinic_file), "--from", str(out),
        answers=[("Passphrase for backup.db", PASSPHRASE), ("[y/N]", "n")],
    )  # fmt: skip
    assert code == 2 and "nothing was changed" in shown
    assert clinic_file.read_bytes() == before
    code, shown = run_on_terminal(
        "restore", "--db", str(clinic_file), "--from", str(out),
        answers=[("Passphrase for backup.db", PASSPHRASE), ("[y/N]", "y")],
    )  # fmt: skip
    assert code == 0, shown
    assert "before-restore" in shown
