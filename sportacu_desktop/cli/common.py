"""What every command shares: exit statuses, the one-line usage error, opening a clinic.

Exit status: 0 done; 1 a check found a problem; 2 bad usage or input (one line on stderr,
nothing written).
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.storage.clinic_file import identify, require_clinic_file
from sportacu_desktop.storage.encryption import is_encrypted
from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path

OK, PROBLEM, BAD_INPUT = 0, 1, 2


class UsageError(UserError):
    """Bad usage or input: reported in one line, exit status 2, nothing written."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(message)


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def whole_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None


def existing_clinic(db: str | None) -> Clinic:
    """Open a clinic that must already exist; reading commands never create a database."""
    from sportacu_desktop.cli.terminal import passphrase_if_encrypted

    url = resolve_database_url(db)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise UsageError(f"no clinic database at {path} (create one with 'sportacu init')")
    return Clinic.open(url, passphrase=passphrase_if_encrypted(path), create=False)


def database_file(db: str | None, what: str) -> tuple[str, Path]:
    """The URL and file of a SQLite clinic, for commands that work on the file itself."""
    from sportacu_desktop.services.backup import ServerBackupsOnly

    url = resolve_database_url(db)
    path = sqlite_path(url)
    if path is None:
        if what in ("backup", "restore"):
            raise ServerBackupsOnly()
        raise UsageError("only a clinic database file is encrypted; a server protects its own")
    return url, path


def existing_file(db: str | None, what: str) -> tuple[str, Path]:
    url, path = database_file(db, what)
    if not path.exists():
        raise UsageError(f"no clinic database at {path} (create one with 'sportacu init')")
    if not is_encrypted(path):  # an encrypted one says whose it is once unlocked
        require_clinic_file(path, identify(path), create=False)
    return url, path


def counter_progress(noun: str) -> Callable[[int, int], bool] | None:
    """“12/200 patients” on a terminal's stderr; nothing when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        print(f"\r{done}/{total} {noun}", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)
        return True

    return show


def percent_progress() -> Callable[[int, int], bool] | None:
    """“ 42%” on a terminal's stderr; nothing when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        print(f"\r{100 * done // max(total, 1):3d}%", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)
        return True

    return show
