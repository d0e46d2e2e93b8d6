"""The check at every start: is the database file sound? If not, which backup to restore.

``PRAGMA quick_check`` reads every page and checks the b-trees' structure (not index
contents), which takes a fraction of a second on a ten-year clinic. A damaged database is
never opened for work: the app says so and offers the newest backup that passes its own
check.
"""

import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from sportacu_desktop.services.backup import backup_folder, default_backup_folder
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.restore import BackupInfo, latest_good_backup
from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path
from sportacu_desktop.storage.errors import DatabaseDamaged
from sportacu_desktop.storage.schema import ensure_schema


@dataclass(frozen=True)
class StartCheck:
    ok: bool
    message: str
    backup: BackupInfo | None = None  # the newest good backup, offered when not ok
    seconds: float = 0.0


def quick_check(clinic: Clinic) -> StartCheck:
    """Run ``PRAGMA quick_check`` on the open clinic; on damage, name the newest good backup."""
    started = time.perf_counter()
    if not clinic.is_sqlite:
        return StartCheck(True, "The clinic server checks its own storage.")
    try:
        with clinic.engine.connect() as connection:
            rows = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
        problem = None if rows == ["ok"] else "; ".join(rows[:3])
    except DBAPIError as exc:
        problem = str(exc.orig)
    seconds = time.perf_counter() - started
    if problem is None:
        return StartCheck(True, "The clinic database passed its check.", seconds=seconds)
    path = sqlite_path(clinic.url)
    assert path is not None  # a server was answered above
    folders = [default_backup_folder(path)]
    # When the setting itself cannot be read, the default folder is all we know.
    with suppress(DBAPIError):
        folders.insert(0, backup_folder(clinic))
    return _damaged(path, problem, folders, clinic.passphrase, seconds)


def open_checked(
    db: str | None = None, *, passphrase: str | None = None
) -> tuple[Clinic | None, StartCheck]:
    """Open the clinic for work only if it passes the start check; upgrade it after.

    Returns (clinic, check) when sound, (None, check) when damaged: then ``check.message``
    says so and ``check.backup`` is the newest good backup to offer. PassphraseRequired,
    WrongPassphrase and DatabaseTooNew propagate for the caller to handle.
    """
    url = resolve_database_url(db)
    try:
        clinic = Clinic.open(url, passphrase=passphrase, upgrade=False)
    except DatabaseDamaged as exc:
        path = sqlite_path(url)
        assert path is not None  # only a database file is called damaged
        return None, _damaged(path, str(exc), [default_backup_folder(path)], passphrase, 0.0)
    check = quick_check(clinic)
    if not check.ok:
        clinic.close()
        return None, check
    try:
        clinic.upgrade_backup = ensure_schema(clinic.engine)
    except BaseException:
        clinic.close()
        raise
    return clinic, check


def _damaged(
    path: Path, problem: str, folders: list[Path], passphrase: str | None, seconds: float
) -> StartCheck:
    backup = None
    for folder in dict.fromkeys(folders):
        backup = latest_good_backup(folder, passphrase)
        if backup is not None:
            break
    message = f"The clinic database {path} is damaged ({problem}). Do not keep working on it."
    if backup is not None:
        message += (
            f" The newest good backup is {backup.path} from "
            f"{backup.modified:%Y-%m-%d %H:%M} ({backup.patients} patients, "
            f"{backup.visits} visits): restore it?"
        )
    else:
        where = " or ".join(str(folder) for folder in dict.fromkeys(folders))
        message += f" No good backup was found in {where}: choose a backup file to restore."
    return StartCheck(False, message, backup, seconds)
