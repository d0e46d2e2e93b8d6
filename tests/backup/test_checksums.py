"""Every backup's SHA-256 in a manifest beside it, verified before a restore touches anything."""

import json
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from sportacu_desktop.services.backup import backup_to, rotate
from sportacu_desktop.services.backup_manifest import manifest_path
from sportacu_desktop.services.restore import BackupUnusable, inspect_backup, restore_from
from sportacu_desktop.storage.engine import sqlite_path


def _corrupt_sixteen_bytes_inside_a_record(backup) -> None:
    with closing(sqlite3.connect(backup)) as raw:
        note = raw.execute(
            "SELECT plan FROM visit WHERE length(plan) >= 40 ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    data = bytearray(backup.read_bytes())
    where = data.index(note.encode("utf-8"))
    data[where : where + 16] = b"X" * 16
    backup.write_bytes(bytes(data))


def test_a_backup_with_sixteen_changed_bytes_is_refused_and_nothing_changes(demo, tmp_path):
    live = sqlite_path(demo.url)
    backup = backup_to(demo, tmp_path / "backups" / "b.db").path
    _corrupt_sixteen_bytes_inside_a_record(backup)
    with closing(sqlite3.connect(backup)) as raw:  # SQLite itself sees nothing wrong
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    demo.close()
    before = live.read_bytes()
    siblings = sorted(p.name for p in live.parent.iterdir())

    with pytest.raises(BackupUnusable, match="changed or damaged after it was made"):
        restore_from(str(live), backup)

    assert live.read_bytes() == before
    assert sorted(p.name for p in live.parent.iterdir()) == siblings  # no safety copy either


def test_the_manifest_records_the_checksum_and_the_audit_trail_end(demo, tmp_path):
    backup = backup_to(demo, tmp_path / "backups" / "b.db").path
    manifest = json.loads(manifest_path(backup).read_text())
    with closing(sqlite3.connect(backup)) as raw:
        head = raw.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    assert manifest["file"] == "b.db" and len(manifest["sha256"]) == 64
    assert (manifest["audit_head"]["id"], manifest["audit_head"]["hash"]) == head
    assert manifest_path(backup).stat().st_mode & 0o077 == 0
    assert inspect_backup(backup).checksum_verified


def test_a_backup_whose_manifest_was_removed_is_refused_unless_asked(demo, tmp_path):
    backup = backup_to(demo, tmp_path / "backups" / "b.db").path
    manifest_path(backup).unlink()
    with pytest.raises(BackupUnusable, match="no checksum file"):
        inspect_backup(backup)
    assert not inspect_backup(backup, unverified_ok=True).checksum_verified


def _dead_pid() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def test_rotation_removes_partial_backups_of_processes_that_are_gone(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    dead = _dead_pid()
    stale = [
        folder / f".sportacu-20260501-090000.db.partial-{dead}",
        folder / f".sportacu-20260501-090000.db.partial-{dead}-journal",
    ]
    running = folder / ".sportacu-20260502-090000.db.partial-1"
    for path in (*stale, running):
        path.write_bytes(b"half a backup")
    removed = rotate(folder)
    assert sorted(removed) == sorted(stale)
    assert running.exists() and not any(p.exists() for p in stale)
