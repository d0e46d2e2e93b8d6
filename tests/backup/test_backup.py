"""Backups with SQLite's online backup API, on a real file: verified, consistent, rotated."""

import sqlite3
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services import backup as backups
from sportacu_desktop.services.backup import (
    BackupCancelled,
    BackupFailed,
    ServerBackupsOnly,
    backup_folder,
    backup_to,
    list_backups,
    rotate,
    run_automatic_backup,
    set_backup_folder,
)
from sportacu_desktop.services.context import Actor, PermissionDenied, command_line_actor
from sportacu_desktop.storage import sqlite_files
from sportacu_desktop.storage.audit import AuditEvent
from sportacu_desktop.storage.encryption import is_encrypted
from sportacu_desktop.storage.engine import sqlite_path
from tests.backup.helpers import (
    PASSPHRASE,
    a_patient_name,
    assert_same_data,
    counts,
    dump,
)
from tests.hang_guard import HANG_GUARD_S

ADMIN = command_line_actor()
FRONT_DESK = Actor("frontdesk", "Front Desk", frozenset({Role.FRONT_DESK}))


def last_audit_event(clinic) -> AuditEvent:
    with clinic.session_factory() as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()


def test_a_backup_holds_every_row_of_every_table(demo, tmp_path):
    before = dump(sqlite_path(demo.url))
    result = backup_to(demo, tmp_path / "out" / "copy.db", actor=ADMIN)
    assert result.path == (tmp_path / "out" / "copy.db").resolve()
    assert_same_data(dump(result.path), before)
    assert result.rows == sum(len(rows) for name, rows in before.items() if name != "sqlite_master")
    assert result.tables == len(before) - 1 and result.size == result.path.stat().st_size
    assert not result.encrypted
    # One self-contained file: no write-ahead log beside it, no partial file left behind.
    assert sorted(p.name for p in result.path.parent.iterdir()) == [
        "copy.db",
        "copy.db.sha256.json",  # its checksum, verified before any restore
    ]
    assert result.path.read_bytes()[18:20] == b"\x01\x01"


def test_a_backup_is_recorded_in_the_audit_trail(demo, tmp_path):
    backup_to(demo, tmp_path / "copy.db", actor=ADMIN)
    event = last_audit_event(demo)
    assert (event.action, event.actor, event.entity) == ("backup", ADMIN.username, "database")
    assert "copy.db" in event.detail and "verified" in event.detail


def test_only_an_admin_may_ask_for_a_backup(demo, tmp_path):
    with pytest.raises(PermissionDenied):
        backup_to(demo, tmp_path / "copy.db", actor=FRONT_DESK)
    assert not (tmp_path / "copy.db").exists()


def test_a_backup_is_a_snapshot_while_another_connection_keeps_writing(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 3)  # many steps, a write between each
    path = sqlite_path(demo.url)
    writer = sqlite3.connect(path, isolation_level=None, timeout=HANG_GUARD_S)
    before = counts(path)
    steps = []

    def write_between_steps(done, total):
        steps.append((done, total))
        writer.execute(
            "INSERT INTO setting (key, value) VALUES (?, '1')", (f"written.during.{len(steps)}",)
        )
        return True

    try:
        result = backup_to(demo, tmp_path / "copy.db", write_between_steps)
    finally:
        writer.close()
    assert len(steps) > 10 and steps == sorted(steps) and steps[-1][0] == steps[-1][1]
    assert counts(result.path) == before  # the snapshot as of the start, nothing torn
    assert counts(path)["setting"] == before["setting"] + len(steps)


def test_a_backup_completes_under_a_concurrent_writer_thread(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 2)
    path = sqlite_path(demo.url)
    stop = threading.Event()
    wrote = threading.Condition()
    written = []

    def keep_writing():
        connection = sqlite3.connect(path, isolation_level=None, timeout=HANG_GUARD_S)
        try:
            while not stop.is_set():
                connection.execute(
                    "INSERT INTO setting (key, value) VALUES (?, '1')", (f"t{len(written)}",)
                )
                with wrote:
                    written.append(1)
                    wrote.notify_all()
        finally:
            connection.close()

    steps = []

    def step_after_a_write(done, total):
        # Every step of the copy waits for the writer's next row: writes really interleave,
        # however the two threads happen to be scheduled.
        with wrote:
            seen = len(written)
            assert wrote.wait_for(lambda: len(written) > seen, timeout=HANG_GUARD_S)
        steps.append(done)
        return True

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        result = backup_to(demo, tmp_path / "copy.db", step_after_a_write)
    finally:
        stop.set()
        thread.join()
    assert len(steps) > 10 and len(written) >= len(steps)
    with sqlite3.connect(result.path) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    check.close()


def test_cancelling_leaves_nothing_behind(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_files, "PAGES_PER_STEP", 4)
    calls = []

    def cancel_on_third(done, total):
        calls.append(done)
        return len(calls) < 3

    with pytest.raises(BackupCancelled):
        backup_to(demo, tmp_path / "out" / "copy.db", cancel_on_third)
    assert list((tmp_path / "out").iterdir()) == []


def test_unwritable_targets_are_refused_in_words(demo, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(BackupFailed, match="cannot be created"):
        backup_to(demo, blocker / "copy.db")
    with pytest.raises(BackupFailed, match="folder"):
        backup_to(demo, tmp_path)
    with pytest.raises(BackupFailed, match="over the clinic database"):
        backup_to(demo, sqlite_path(demo.url))


def test_a_copy_that_does_not_verify_is_not_kept(demo, tmp_path, monkeypatch):
    real_counts = sqlite_files.table_counts
    calls = []

    def one_row_short(connection):
        found = real_counts(connection)
        calls.append(1)
        if len(calls) == 2:  # the copy's counts, read back after writing it
            found["patient"] -= 1
        return found

    monkeypatch.setattr(backups, "table_counts", one_row_short)
    with pytest.raises(BackupFailed, match="patient"):
        backup_to(demo, tmp_path / "copy.db")
    assert list(tmp_path.glob("*copy.db*")) == []


def test_an_encrypted_clinic_gives_encrypted_backups(encrypted_demo, tmp_path):
    path = sqlite_path(encrypted_demo.url)
    name = a_patient_name(path, PASSPHRASE)
    before = dump(path, PASSPHRASE)
    result = backup_to(encrypted_demo, tmp_path / "out" / "copy.db")
    assert result.encrypted and is_encrypted(result.path)
    data = result.path.read_bytes()
    assert name.encode() not in data and b"SQLite format 3" not in data
    assert_same_data(dump(result.path, PASSPHRASE), before)


def test_backups_refuse_a_server_database_and_explain(clinic, tmp_path):
    if clinic.is_sqlite:
        assert backup_to(clinic, tmp_path / "copy.db").path.exists()
        return
    with pytest.raises(ServerBackupsOnly, match="pg_dump"):
        backup_to(clinic, tmp_path / "copy.db")
    assert run_automatic_backup(clinic, when="close") is None


# -- automatic backups --------------------------------------------------------------------


def test_first_start_of_each_day_and_every_close_make_a_backup(demo, tmp_path):
    monday = datetime(2026, 5, 4, 8, 30)
    first = run_automatic_backup(demo, monday, when="start")
    assert first is not None
    assert first.path == tmp_path / "backups" / "sportacu-20260504-083000.db"
    assert run_automatic_backup(demo, monday + timedelta(hours=3), when="start") is None
    closing = run_automatic_backup(demo, monday + timedelta(hours=9), when="close")
    assert closing is not None and closing.path.name == "sportacu-20260504-173000.db"
    # Only the day's newest is kept once the next one is made.
    assert closing.removed == (first.path,)
    tuesday = run_automatic_backup(demo, monday + timedelta(days=1), when="start")
    assert tuesday is not None
    assert [b.path.name for b in list_backups(tmp_path / "backups")] == [
        "sportacu-20260505-083000.db",
        "sportacu-20260504-173000.db",
    ]
    assert last_audit_event(demo).actor == "system"


def test_two_backups_in_the_same_second_both_get_a_name(demo, tmp_path):
    moment = datetime(2026, 5, 4, 17, 0)
    run_automatic_backup(demo, moment, when="close")
    again = run_automatic_backup(demo, moment, when="close")
    assert again.path.name == "sportacu-20260504-170000-2.db"
    assert [b.path for b in list_backups(tmp_path / "backups")] == [again.path]


def test_the_backup_folder_is_a_setting(demo, tmp_path):
    assert backup_folder(demo) == tmp_path / "backups"
    external = tmp_path / "external drive" / "SportAcu"
    assert set_backup_folder(demo, ADMIN, external) == external
    assert backup_folder(demo) == external
    made = run_automatic_backup(demo, datetime(2026, 5, 4, 9, 0), when="start")
    assert made.path.parent == external
    with pytest.raises(PermissionDenied):
        set_backup_folder(demo, FRONT_DESK, tmp_path)
    set_backup_folder(demo, ADMIN, None)
    assert backup_folder(demo) == tmp_path / "backups"


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_ignores_other_files(tmp_path):
    start = datetime(2025, 1, 1, 18, 0)
    for day in range(400):
        stamp = start + timedelta(days=day)
        (tmp_path / f"sportacu-{stamp:%Y%m%d-%H%M%S}.db").write_bytes(b"x")
    (tmp_path / "clinic-before-the-move.db").write_bytes(b"mine")
    (tmp_path / "notes.txt").write_text("keep me")
    removed = rotate(tmp_path)
    kept = list_backups(tmp_path)
    assert len(kept) + len(removed) == 400
    newest = start + timedelta(days=399)
    days = sorted({b.taken_at.date() for b in kept}, reverse=True)
    assert days[:7] == [(newest - timedelta(days=i)).date() for i in range(7)]
    assert len(kept) <= 7 + 4 + 12
    assert {(b.taken_at.year, b.taken_at.month) for b in kept} >= {(2026, m) for m in range(1, 3)}
    assert (tmp_path / "clinic-before-the-move.db").exists()
    assert (tmp_path / "notes.txt").exists()
