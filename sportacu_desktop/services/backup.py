"""Backups of a clinic database file: SQLite's online backup API, verified, rotated.

A backup is one consistent snapshot of the database, written to a hidden file in the
target folder, checked (integrity check, and every table's row count equal to the
database's at the moment of the snapshot) and only then renamed into place, so a backup
file that exists is a whole, checked backup. An encrypted database's backups are
encrypted with the same passphrase. Restoring lives in ``restore.py``.

On PostgreSQL the server's own tools (pg_dump, WAL archiving) make the backups.
"""

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import OperationalError

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.settings import BACKUP_FOLDER
from sportacu_desktop.services import audit
from sportacu_desktop.services.backup_rotation import backups_to_keep
from sportacu_desktop.services.context import Actor, Clinic, require
from sportacu_desktop.services.settings import read_setting, write_setting
from sportacu_desktop.storage.encryption import connect_file, driver_errors
from sportacu_desktop.storage.engine import sqlite_path
from sportacu_desktop.storage.errors import StorageError
from sportacu_desktop.storage.private_files import make_private_folder
from sportacu_desktop.storage.sqlite_files import (
    integrity_problems,
    online_copy,
    remove_database_files,
    replace_file,
    table_counts,
)

AUTOMATIC_NAME = re.compile(r"^sportacu-(\d{8}-\d{6})(?:-(\d+))?\.db$")
# Automatic backups are made by the app itself, whoever is signed in.
SYSTEM_ACTOR = Actor("system", "SportAcu Desktop (automatic backup)", frozenset())

SERVER_MESSAGE = (
    "This clinic's database is on a PostgreSQL server: back it up and restore it with the "
    "server's own tools (pg_dump and pg_restore, or WAL archiving), not with SportAcu."
)

# progress(done, total) in database pages; returning False cancels.
Progress = Callable[[int, int], bool | None]


class ServerBackupsOnly(StorageError):
    def __init__(self, message: str = SERVER_MESSAGE):
        super().__init__(message)


class BackupFailed(StorageError):
    """The backup could not be written or did not verify; no backup file was left."""


class BackupNotVerified(BackupFailed):
    """The copy was written but failed its check (integrity or row counts); removed."""


class BackupCancelled(Exception):
    """The user cancelled; nothing was left behind."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes
    seconds: float
    tables: int
    rows: int
    encrypted: bool
    removed: tuple[Path, ...] = ()  # older automatic backups removed by rotation


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # local time, from the file name


def database_file(url: str) -> Path:
    """The clinic's database file; server databases are backed up by the server."""
    path = sqlite_path(url)
    if path is None:
        raise ServerBackupsOnly()
    return path


def backup_to(
    clinic: Clinic,
    target_path: Path | str,
    progress: Progress | None = None,
    *,
    actor: Actor | None = None,
) -> BackupResult:
    """Write a verified backup of ``clinic`` to ``target_path`` (replaced if it exists).

    ``actor`` must be an admin; None means the app's own automatic backup. Raises
    ServerBackupsOnly, BackupFailed (nothing left behind), BackupCancelled.
    """
    return _backup(clinic, target_path, progress, actor, "on request")


def _backup(clinic, target_path, progress, actor, why: str) -> BackupResult:
    source = database_file(clinic.url).resolve()
    if actor is not None:
        require(actor, Action.BACK_UP)
    target = Path(target_path).expanduser().resolve()
    if target == source or (
        target.parent == source.parent and target.name.startswith(source.name + "-")
    ):
        raise BackupFailed("A backup cannot be written over the clinic database itself.")
    if target.is_dir():
        raise BackupFailed(f"{target} is a folder: give the backup a file name.")
    try:
        make_private_folder(target.parent, own=target.parent == default_backup_folder(source))
    except OSError as exc:
        raise BackupFailed(
            f"The backup folder {target.parent} cannot be created ({exc.strerror}). "
            "Is the drive connected?"
        ) from None
    started = time.perf_counter()
    counts = _write_verified_copy(source, target, clinic.passphrase, progress)
    result = BackupResult(
        path=target,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
        tables=len(counts),
        rows=sum(counts.values()),
        encrypted=clinic.encrypted,
    )
    record_event(
        clinic,
        actor or SYSTEM_ACTOR,
        "backup",
        f"{why}: {target} ({result.rows} rows in {result.tables} tables, verified)",
    )
    return result


def record_event(clinic: Clinic, actor: Actor, action: str, detail: str) -> None:
    """Append a database-wide event to the audit trail, retrying a write that lost a race.

    A unit of work that read before another connection committed cannot then write
    (SQLite's busy snapshot); a fresh transaction can.
    """
    for attempt in range(5):
        try:
            with clinic.session_factory.begin() as session:
                audit.record(session, actor, action, entity="database", detail=detail)
            return
        except OperationalError as exc:
            if "locked" not in str(exc.orig) or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _write_verified_copy(
    source: Path, target: Path, passphrase: str | None, progress: Progress | None
) -> dict[str, int]:
    staged = target.with_name(f".{target.name}.partial-{os.getpid()}")
    remove_database_files(staged)
    try:
        database = connect_file(source, passphrase)
        try:
            # One read transaction for the whole copy: a consistent snapshot that other
            # connections' commits neither change nor restart, counted as it is copied.
            database.execute("BEGIN")
            expected = table_counts(database)
            copy = connect_file(staged, passphrase, must_exist=False)
            try:
                online_copy(database, copy, progress=cancellable(progress))
            finally:
                copy.close()
            database.execute("ROLLBACK")
        finally:
            database.close()
        verify_copy(staged, passphrase, expected)
        replace_file(staged, target)
    except BaseException as exc:
        remove_database_files(staged)
        if isinstance(exc, (OSError, *driver_errors(passphrase is not None))):
            reason = getattr(exc, "strerror", None) or str(exc)
            raise BackupFailed(f"The backup could not be written to {target}: {reason}.") from None
        raise
    return expected


def cancellable(progress: Progress | None):
    """The page-copy callback: reports to ``progress``; its False cancels the copy."""

    def report(done: int, total: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise BackupCancelled()

    return report


def verify_copy(path: Path, passphrase: str | None, expected: dict[str, int]) -> None:
    """Integrity check of a fresh copy, and its row counts against the source's."""
    copy = connect_file(path, passphrase)
    try:
        problems = integrity_problems(copy)
        counts = table_counts(copy)
    finally:
        copy.close()
    if problems:
        raise BackupNotVerified(f"The backup failed its integrity check ({problems[0]}).")
    if counts != expected:
        differing = sorted(
            name
            for name in expected.keys() | counts.keys()
            if expected.get(name) != counts.get(name)
        )
        raise BackupNotVerified(
            "The backup's row counts differ from the database's in "
            + ", ".join(differing[:5])
            + "."
        )


# -- where automatic backups go ---------------------------------------------------------


def default_backup_folder(database: Path) -> Path:
    return database.parent / "backups"


def backup_folder(clinic: Clinic) -> Path:
    """The configured backup folder, else ``backups`` beside the database."""
    database = database_file(clinic.url)
    with clinic.session_factory() as session:
        value = read_setting(session, BACKUP_FOLDER)
    return Path(value) if value.strip() else default_backup_folder(database)


def set_backup_folder(clinic: Clinic, actor: Actor, folder: Path | str | None) -> Path:
    """Choose where automatic backups go (None: back to the default). Admins only."""
    require(actor, BACKUP_FOLDER.action)
    database = database_file(clinic.url)
    chosen = Path(folder).expanduser().resolve() if folder else None
    where = chosen or default_backup_folder(database)
    try:
        make_private_folder(where, own=where == default_backup_folder(database))
    except OSError as exc:
        raise BackupFailed(f"The folder {where} cannot be created ({exc.strerror}).") from None
    if not os.access(where, os.W_OK):
        raise BackupFailed(f"Backups cannot be written to {where}: permission denied.")
    with clinic.session_factory.begin() as session:
        write_setting(session, actor, BACKUP_FOLDER, str(chosen) if chosen else "")
    return where


# -- automatic backups -----------------------------------------------------------------


def list_backups(folder: Path) -> list[BackupFile]:
    """The automatic backups in ``folder`` (named sportacu-YYYYMMDD-HHMMSS.db), newest
    first. Files named otherwise are never listed, so never rotated away."""
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = AUTOMATIC_NAME.match(path.name)
        if not match or not path.is_file():
            continue
        try:
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        # A second backup in the same second sorts after the first.
        found.append(BackupFile(path, taken.replace(microsecond=int(match.group(2) or 0))))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _local(now: datetime | None) -> datetime:
    now = now or datetime.now()
    return now.astimezone().replace(tzinfo=None) if now.tzinfo else now


def automatic_backup_due(clinic: Clinic, now: datetime | None = None, *, when: str) -> bool:
    """At ``close`` always; at ``start`` only when no backup was made yet that day."""
    if when not in ("start", "close"):
        raise ValueError("when is 'start' or 'close'")
    if not clinic.is_sqlite:
        return False
    if when == "close":
        return True
    today = _local(now).date()
    return all(b.taken_at.date() != today for b in list_backups(backup_folder(clinic)))


def run_automatic_backup(
    clinic: Clinic,
    now: datetime | None = None,
    *,
    when: str = "start",
    progress: Progress | None = None,
) -> BackupResult | None:
    """The app's own backup at start (first of the day) or close, then rotation.

    Returns None when none was due (or the clinic is on a server). Raises BackupFailed
    when it was due and could not be made: the app must say so, not carry on silently.
    """
    if not automatic_backup_due(clinic, now, when=when):
        return None
    local = _local(now)
    folder = backup_folder(clinic)
    name = f"sportacu-{local:%Y%m%d-%H%M%S}"
    target, number = folder / f"{name}.db", 1
    while target.exists():
        number += 1
        target = folder / f"{name}-{number}.db"
    result = _backup(clinic, target, progress, None, f"automatic at {when}")
    return replace(result, removed=tuple(rotate(folder, keep=target)))


def rotate(folder: Path, *, keep: Path | None = None) -> list[Path]:
    """Delete the automatic backups that 7 daily, 4 weekly and 12 monthly do not keep."""
    backups = list_backups(folder)
    kept = backups_to_keep([b.taken_at for b in backups])
    removed = []
    for backup in backups:
        if backup.taken_at in kept or backup.path == keep:
            continue
        try:
            remove_database_files(backup.path)
        except OSError:
            continue  # tried again at the next rotation
        removed.append(backup.path)
    return removed
