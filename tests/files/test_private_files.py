"""Every file holding patient data comes out 0600 and every folder made for one 0700,
whatever the umask: the database and its -wal/-shm, backups, safety copies, the plain
copy kept while encrypting, exported PDFs and CSVs."""

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from sportacu_desktop.services.backup import backup_to, run_automatic_backup
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.exports import save_export
from sportacu_desktop.services.restore import restore_from
from sportacu_desktop.storage.encryption import decrypt_file, encrypt_file
from sportacu_desktop.storage.engine import make_engine
from sportacu_desktop.storage.schema import upgrade

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
PASSPHRASE = "correct horse battery staple"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask():
    """The usual desktop umask: without care, new files come out 0644 and folders 0755."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def clinic(tmp_path):
    opened = Clinic.open(str(tmp_path / "clinic" / "clinic.db"))
    create_demo_clinic(opened, command_line_actor(), patients=3, seed=5)
    yield opened
    opened.close()


def test_database_its_wal_and_shm_and_its_new_folder_are_private(clinic, tmp_path):
    database = tmp_path / "clinic" / "clinic.db"
    with clinic.session_factory.begin() as session:  # a connection is open: -wal and -shm exist
        session.execute(text("SELECT count(*) FROM patient"))
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(path.exists() for path in files)
        assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    assert mode(database.parent) == 0o700


def test_a_database_left_readable_by_an_older_version_is_made_private(tmp_path):
    database = tmp_path / "old.db"
    Clinic.open(str(database)).close()
    database.chmod(0o644)
    Clinic.open(str(database)).close()
    assert mode(database) == 0o600


def test_backups_their_folders_and_automatic_backups_are_private(clinic, tmp_path):
    result = backup_to(clinic, tmp_path / "usb" / "nightly" / "clinic-backup.db")
    assert mode(result.path) == 0o600
    assert mode(tmp_path / "usb") == 0o700 and mode(tmp_path / "usb" / "nightly") == 0o700
    automatic = run_automatic_backup(clinic, when="close")
    assert mode(automatic.path) == 0o600 and mode(automatic.path.parent) == 0o700


def test_safety_copy_before_an_upgrade_is_private(tmp_path):
    database = tmp_path / "older.db"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine, "0001")
    engine.dispose()
    database.chmod(0o644)
    clinic = Clinic.open(str(database))
    clinic.close()
    assert clinic.upgrade_backup is not None
    assert mode(clinic.upgrade_backup) == 0o600


def test_restore_leaves_the_database_and_its_safety_copy_private(clinic, tmp_path):
    backup = backup_to(clinic, tmp_path / "backup.db").path
    clinic.close()
    result = restore_from(clinic.url, backup)
    assert mode(result.database) == 0o600 and mode(result.safety_copy) == 0o600


def test_a_damaged_database_is_kept_aside_byte_for_byte_privately(clinic, tmp_path):
    backup = backup_to(clinic, tmp_path / "backup.db").path
    clinic.close()
    database = tmp_path / "clinic" / "clinic.db"
    database.write_bytes(b"garbage, not a database" * 300)
    database.chmod(0o644)
    result = restore_from(clinic.url, backup)
    assert result.safety_copy.read_bytes().startswith(b"garbage")
    assert mode(result.safety_copy) == 0o600


def test_encrypting_keeps_the_plain_copy_private_and_so_does_decrypting(clinic, tmp_path):
    clinic.close()
    database = tmp_path / "clinic" / "clinic.db"
    plain_copy = encrypt_file(database, PASSPHRASE)
    assert mode(plain_copy) == 0o600 and mode(database) == 0o600
    encrypted_copy = decrypt_file(database, PASSPHRASE)
    assert mode(encrypted_copy) == 0o600 and mode(database) == 0o600


def test_exported_files_are_private_even_over_a_readable_one(tmp_path):
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    save_export(target, b"%PDF-1.7 new")
    assert target.read_bytes() == b"%PDF-1.7 new" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]  # nothing left aside
