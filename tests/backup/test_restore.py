"""Restore from a backup: verified first, a safety copy always, schema upgraded after."""

import pytest
from sqlalchemy import text

from sportacu_desktop.services.backup import BackupCancelled, ServerBackupsOnly, backup_to
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.integrity import check_clinic
from sportacu_desktop.services.restore import (
    BackupUnusable,
    inspect_backup,
    latest_good_backup,
    restore_from,
)
from sportacu_desktop.storage import schema, sqlite_files
from sportacu_desktop.storage.encryption import is_encrypted
from sportacu_desktop.storage.engine import make_engine, sqlite_path
from sportacu_desktop.storage.errors import DatabaseInUse, PassphraseRequired, WrongPassphrase
from tests.backup.conftest import make_demo
from tests.backup.helpers import PASSPHRASE, assert_same_data, corrupt_table, counts, dump


def without_audit(tables):
    return {name: rows for name, rows in tables.items() if name != "audit_event"}


def change_something(clinic):
    with clinic.engine.begin() as connection:
        connection.execute(text("UPDATE patient SET phone = '555-0000' WHERE id = 1"))
        connection.execute(text("INSERT INTO setting (key, value) VALUES ('after.backup', '1')"))


@pytest.fixture
def backed_up(demo, tmp_path):
    """(live path, backup path, data as backed up); the clinic changed after the backup."""
    live = sqlite_path(demo.url)
    before = dump(live)
    backup = backup_to(demo, tmp_path / "backups" / "monday.db").path
    change_something(demo)
    changed = dump(live)
    demo.close()
    return live, backup, before, changed


def test_round_trip_gives_back_every_table_and_keeps_a_safety_copy(backed_up):
    live, backup, before, changed = backed_up
    result = restore_from(str(live), backup)
    restored = dump(live)
    assert_same_data(without_audit(restored), without_audit(before))
    # The audit trail is the backup's, plus one event saying it was restored.
    assert restored["audit_event"][:-1] == before["audit_event"]
    assert restored["audit_event"][-1][3] == "restore"
    # The safety copy is the database exactly as it was just before.
    assert result.safety_copy is not None and result.safety_copy.exists()
    assert "before-restore" in result.safety_copy.name
    assert_same_data(dump(result.safety_copy), changed)
    assert result.backup.patients == 12 and result.upgrade_copy is None
    clinic = Clinic.open(str(live))
    try:
        assert check_clinic(clinic).ok
    finally:
        clinic.close()


def test_restore_into_an_empty_place_needs_no_safety_copy(backed_up, tmp_path):
    _live, backup, before, _ = backed_up
    fresh = tmp_path / "new machine" / "clinic.db"
    result = restore_from(str(fresh), backup)
    assert result.safety_copy is None
    assert_same_data(without_audit(dump(fresh)), without_audit(before))


@pytest.mark.parametrize("kind", ["missing", "text"])
def test_a_missing_or_foreign_file_is_refused_and_nothing_changes(backed_up, kind):
    live, backup, _before, changed = backed_up
    bad = backup.with_name(f"{kind}.db")
    if kind == "text":
        bad.write_text("hello\n" * 1000)
    message = "no backup file" if kind == "missing" else "not a SportAcu backup"
    with pytest.raises(BackupUnusable, match=message):
        restore_from(str(live), bad)
    assert_same_data(dump(live), changed)
    assert [p for p in live.parent.iterdir() if "before-restore" in p.name] == []


def test_a_damaged_backup_is_refused_and_nothing_changes(backed_up):
    live, backup, _before, changed = backed_up
    corrupt_table(backup)
    with pytest.raises(BackupUnusable, match="damaged"):
        restore_from(str(live), backup)
    assert_same_data(dump(live), changed)
    assert [p for p in live.parent.iterdir() if "before-restore" in p.name] == []


def test_a_sqlite_file_that_is_not_a_clinic_is_refused(backed_up, tmp_path):
    live, _backup, _before, _changed = backed_up
    other = tmp_path / "other.db"
    engine = make_engine(f"sqlite:///{other}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE recipes (name TEXT)"))
    engine.dispose()
    with pytest.raises(BackupUnusable, match="not a SportAcu backup"):
        restore_from(str(live), other)


def test_restore_waits_for_every_other_connection_to_close(backed_up):
    live, backup, _before, changed = backed_up
    clinic = Clinic.open(str(live))
    try:
        with clinic.engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM patient")).scalar()
            with pytest.raises(DatabaseInUse, match="open in another"):
                restore_from(str(live), backup)
    finally:
        clinic.close()
    assert_same_data(dump(live), changed)


def test_a_damaged_database_is_restored_and_its_bytes_kept_aside(backed_up):
    live, backup, before, _changed = backed_up
    corrupt_table(live)
    damaged_bytes = live.read_bytes()
    result = restore_from(str(live), backup)
    kept = result.safety_copy.read_bytes()
    # Page for page the same; only the file header's journal mode and change counter
    # may differ (the copy is not in WAL mode).
    assert len(kept) == len(damaged_bytes) and kept[100:] == damaged_bytes[100:]
    assert_same_data(without_audit(dump(live)), without_audit(before))


def test_an_older_backup_is_upgraded_after_restoring(tmp_path):
    old = tmp_path / "old-release.db"
    engine = make_engine(f"sqlite:///{old}")
    schema.upgrade(engine, "0003")
    engine.dispose()
    # Backups of older releases have no checksum beside them: taken only when asked.
    with pytest.raises(BackupUnusable, match="no checksum file"):
        inspect_backup(old)
    info = inspect_backup(old, unverified_ok=True)
    assert info.revision == "0003" and info.needs_upgrade and not info.checksum_verified
    live = tmp_path / "clinic.db"
    make_demo(live).close()
    result = restore_from(str(live), old, unverified_ok=True)
    assert result.upgrade_copy is not None and result.upgrade_copy.exists()
    clinic = Clinic.open(str(live))
    try:
        assert schema.current_revision(clinic.engine) == schema.head_revision()
    finally:
        clinic.close()


def test_encrypted_backup_restores_only_with_its_passphrase(encrypted_demo, tmp_path):
    live = sqlite_path(encrypted_demo.url)
    before = dump(live, PASSPHRASE)
    backup = backup_to(encrypted_demo, tmp_path / "backups" / "enc.db").path
    change_something(encrypted_demo)
    encrypted_demo.close()
    with pytest.raises(PassphraseRequired):
        restore_from(str(live), backup)
    with pytest.raises(WrongPassphrase):
        restore_from(str(live), backup, passphrase="not the passphrase")
    result = restore_from(str(live), backup, passphrase=PASSPHRASE)
    assert is_encrypted(live) and is_encrypted(result.safety_copy)
    assert_same_data(without_audit(dump(live, PASSPHRASE)), without_audit(before))
    assert counts(result.safety_copy, PASSPHRASE)["setting"] == len(before["setting"]) + 1


def test_latest_good_backup_skips_damaged_and_foreign_files(demo, tmp_path):
    import os

    folder = tmp_path / "backups"
    good = backup_to(demo, folder / "sportacu-20260501-090000.db").path
    newer = backup_to(demo, folder / "sportacu-20260502-090000.db").path
    (folder / "holiday photos.db").write_bytes(b"\xff\xd8\xff" * 2000)
    corrupt_table(newer)
    for age, path in enumerate((folder / "holiday photos.db", newer, good)):
        os.utime(path, (1_800_000_000 - age * 86400,) * 2)
    found = latest_good_backup(folder)
    assert found is not None and found.path == good.resolve()
    assert latest_good_backup(tmp_path / "nowhere") is None


def test_restore_refuses_a_server_database(tmp_path, demo):
    backup = backup_to(demo, tmp_path / "b.db").path
    with pytest.raises(ServerBackupsOnly, match="pg_dump"):
        restore_from("postgresql+psycopg://clinic@db.example.invalid/sportacu", backup)


def test_a_cancelled_restore_changes_nothing(backed_up, monkeypatch):
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 4)
    live, backup, _before, changed = backed_up
    with pytest.raises(BackupCancelled):
        restore_from(str(live), backup, progress=lambda done, total: done < 20)
    assert_same_data(dump(live), changed)
    assert sorted(p.name for p in live.parent.iterdir()) == ["backups", "clinic.db"]
