"""Whole-file work on SQLite databases: online copies, row counts, exclusive use, fsync.

Everything here works on DB-API connections opened by ``encryption.connect_file``, so the
same code serves plain and SQLCipher files (a copy keeps its source's key).
"""

import os
from collections.abc import Callable
from pathlib import Path

from sportacu_desktop.storage.errors import DatabaseInUse
from sportacu_desktop.storage.private_files import copy_private_file

# 4,096 pages of 4 KiB: 16 MiB per step, a progress report about every 20-50 ms.
PAGES_PER_STEP = 4096
SIDECARS = ("-wal", "-shm", "-journal")

PageProgress = Callable[[int, int], object]


def online_copy(source, target, *, progress: PageProgress | None = None) -> None:
    """Copy ``source`` into ``target`` with SQLite's backup API, in steps.

    Hold a read transaction on ``source`` (``BEGIN`` and a first read) around this call to
    copy one consistent snapshot while other connections keep writing: the copy then never
    restarts. ``progress(done_pages, total_pages)`` is called after each step; an exception
    raised from it aborts the copy. The copy is left in rollback-journal mode so that it is
    one self-contained file.
    """

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=step)
    target.execute("PRAGMA journal_mode=DELETE").fetchone()


def table_counts(connection) -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }


def integrity_problems(connection, pragma: str = "integrity_check") -> list[str]:
    """What ``PRAGMA integrity_check`` (or ``quick_check``) found; empty when the file is sound."""
    rows = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
    return [] if rows == ["ok"] else rows


def take_exclusive(connection, path: Path) -> None:
    """Prove no other connection has the file open, by leaving WAL mode.

    SQLite changes a WAL database to rollback-journal mode only when no other connection
    holds it open, and folds the WAL into the main file on the way. The app's engine puts
    WAL back on its next connection.
    """
    try:
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except Exception as exc:
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
            raise
        mode = None
    if mode != "delete":
        raise DatabaseInUse(
            f"The clinic database {path} is open in another window, command or "
            "workstation. Close SportAcu Desktop everywhere else and try again."
        )


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def replace_file(staged: Path, target: Path) -> None:
    """Put ``staged`` in place of ``target`` atomically and durably, dropping stale sidecars."""
    fsync_file(staged)
    os.replace(staged, target)
    for suffix in SIDECARS:
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    fsync_folder(target.parent)


def byte_copy(path: Path, target: Path) -> None:
    """Copy a database that SQLite cannot read (damaged, or its key unknown) byte for byte.

    Only for a file nobody is writing: a live database is copied with ``online_copy``.
    """
    copy_private_file(path, target)
    wal = Path(f"{path}-wal")
    if wal.exists():
        copy_private_file(wal, Path(f"{target}-wal"))


def remove_database_files(path: Path) -> None:
    path.unlink(missing_ok=True)
    for suffix in SIDECARS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
