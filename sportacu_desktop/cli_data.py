"""Command-line side of data safety: passphrases, backup, restore, encrypt, decrypt.

Kept apart from ``cli.py`` (which wires the commands) so each stays small. A passphrase
comes from SPORTACU_PASSPHRASE or is asked on the terminal; with no terminal and no
variable the command stops with one line instead of waiting for input.
"""

import getpass
import os
import sys
from pathlib import Path

from sportacu_desktop.cli import OK, PROBLEM, UsageError
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.storage.encryption import (
    PASSPHRASE_ENV,
    is_encrypted,
    passphrase_problem,
)
from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path

LOST_PASSPHRASE = (
    "Keep the passphrase safe: it is stored nowhere, and without it nobody (not even "
    "SportAcu support) can read this database or its backups."
)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask(prompt: str, *, secret: bool = True) -> str:
    """Read one answer from the terminal; end of input (Ctrl-D) changes nothing."""
    try:
        return getpass.getpass(prompt) if secret else input(prompt)
    except EOFError:
        print(file=sys.stderr)
        raise UsageError("no answer; nothing was changed") from None


def passphrase_for(path: Path) -> str:
    """The passphrase of an existing encrypted file: the variable, else the terminal."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not _interactive():
        raise UsageError(
            f"{path.name} is encrypted: set {PASSPHRASE_ENV} to its passphrase "
            "(there is no terminal to ask on)"
        )
    return _ask(f"Passphrase for {path.name}: ")


def passphrase_if_encrypted(path: Path | None) -> str | None:
    return passphrase_for(path) if path is not None and is_encrypted(path) else None


def new_passphrase(path: Path) -> str:
    """A passphrase to encrypt with: the variable, else asked twice on the terminal."""
    chosen = os.environ.get(PASSPHRASE_ENV)
    if not chosen:
        if not _interactive():
            raise UsageError(
                f"set {PASSPHRASE_ENV} to the new passphrase (there is no terminal to ask on)"
            )
        print(LOST_PASSPHRASE, file=sys.stderr)
        chosen = _ask(f"New passphrase for {path.name}: ")
        if _ask("The same passphrase again: ") != chosen:
            raise UsageError("the two passphrases differ; nothing was changed")
    problem = passphrase_problem(chosen)
    if problem:
        raise UsageError(problem)
    return chosen


def confirm(question: str, yes: bool, *, action: str) -> None:
    """Go ahead only with --yes, or a 'y' typed on the terminal."""
    if yes:
        return
    if not _interactive():
        raise UsageError(f"{action}: add --yes to confirm (there is no terminal to ask on)")
    answer = _ask(f"{question} [y/N] ", secret=False).strip().lower()
    if answer not in ("y", "yes"):
        raise UsageError("not confirmed; nothing was changed")


def _database_file(db: str | None, what: str) -> tuple[str, Path]:
    from sportacu_desktop.services.backup import ServerBackupsOnly

    url = resolve_database_url(db)
    path = sqlite_path(url)
    if path is None:
        if what in ("backup", "restore"):
            raise ServerBackupsOnly()
        raise UsageError("only a clinic database file is encrypted; a server protects its own")
    return url, path


def _existing_file(db: str | None, what: str) -> tuple[str, Path]:
    url, path = _database_file(db, what)
    if not path.exists():
        raise UsageError(f"no clinic database at {path} (create one with 'sportacu init')")
    return url, path


def _page_progress():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        print(f"\r{100 * done // max(total, 1):3d}%", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)
        return True

    return show


def cmd_backup(args) -> int:
    from sportacu_desktop.services.backup import BackupNotVerified, backup_to

    url, path = _existing_file(args.db, "backup")
    target = Path(args.out).expanduser()
    if target.exists() and not args.overwrite:
        raise UsageError(f"{target} already exists (add --overwrite to replace it)")
    clinic = Clinic.open(url, passphrase=passphrase_if_encrypted(path))
    try:
        result = backup_to(clinic, target, _page_progress(), actor=command_line_actor())
    except BackupNotVerified as exc:
        print(f"sportacu: {exc}", file=sys.stderr)
        return PROBLEM
    finally:
        clinic.close()
    encrypted = ", encrypted with the database's passphrase" if result.encrypted else ""
    print(
        f"Backup written to {result.path}: {result.size / 1e6:.1f} MB, {result.rows} rows in "
        f"{result.tables} tables, verified{encrypted} ({result.seconds:.1f} s)."
    )
    return OK


def cmd_restore(args) -> int:
    from sportacu_desktop.services.restore import inspect_backup, restore_from

    url, live = _database_file(args.db, "restore")
    source = Path(args.source).expanduser()
    backup_key = passphrase_if_encrypted(source) if source.is_file() else None
    info = inspect_backup(source, backup_key)
    current_key = None
    if is_encrypted(live):
        current_key = backup_key or passphrase_for(live)
    where = f"the clinic database {live}" if live.exists() else f"a new database at {live}"
    confirm(
        f"Replace {where} with the backup {info.path.name} ({info.patients} patients, "
        f"{info.visits} visits, saved {info.modified:%Y-%m-%d %H:%M})? "
        "The current database is copied aside first",
        args.yes,
        action="restore replaces the clinic database",
    )
    result = restore_from(
        url,
        source,
        passphrase=backup_key,
        current_passphrase=current_key,
        actor=command_line_actor(),
        progress=_page_progress(),
    )
    print(f"Restored {live} from {info.path}.")
    if result.safety_copy:
        print(f"The database as it was before is kept at {result.safety_copy}")
    if result.upgrade_copy:
        print(f"The backup's older schema was upgraded; its copy is at {result.upgrade_copy}")
    if current_key and not info.encrypted:
        print("Note: the restored database is NOT encrypted, as the backup was not.")
    return OK


def cmd_encrypt(args) -> int:
    from sportacu_desktop.services.backup import default_backup_folder, record_event
    from sportacu_desktop.storage.encryption import encrypt_file

    url, path = _existing_file(args.db, "encrypt")
    if is_encrypted(path):
        raise UsageError(f"{path.name} is already encrypted")
    passphrase = new_passphrase(path)
    confirm(
        f"Encrypt {path} with this passphrase?", args.yes, action="encrypt rewrites the database"
    )
    safety = encrypt_file(path, passphrase)
    clinic = Clinic.open(url, passphrase=passphrase)
    try:
        record_event(clinic, command_line_actor(), "encrypt", "database encrypted at rest")
    finally:
        clinic.close()
    print(f"Encrypted {path}. {LOST_PASSPHRASE}")
    print(
        f"The unencrypted original is kept at {safety}: delete it, and the older unencrypted "
        f"backups (in {default_backup_folder(path)} or your backup folder), once the clinic "
        "opens with the passphrase."
    )
    return OK


def cmd_decrypt(args) -> int:
    from sportacu_desktop.services.backup import record_event
    from sportacu_desktop.storage.encryption import decrypt_file

    url, path = _existing_file(args.db, "decrypt")
    if not is_encrypted(path):
        raise UsageError(f"{path.name} is not encrypted")
    passphrase = passphrase_for(path)
    Clinic.open(url, passphrase=passphrase, upgrade=False).close()  # proves the passphrase
    confirm(
        f"Store {path} unencrypted, readable by anyone who can read the file?",
        args.yes,
        action="decrypt leaves the records readable by anyone with the file",
    )
    safety = decrypt_file(path, passphrase)
    clinic = Clinic.open(url)
    try:
        record_event(clinic, command_line_actor(), "decrypt", "database encryption removed")
    finally:
        clinic.close()
    print(f"Decrypted {path}: anyone who can read the file can now read the records.")
    print(f"The encrypted original is kept at {safety}.")
    return OK


def cmd_init_encrypted(url: str, path: Path) -> Clinic:
    """``init --encrypt``: create an encrypted database, or open an encrypted one."""
    if path.exists() and path.stat().st_size > 0:
        if not is_encrypted(path):
            raise UsageError(
                f"{path} already exists unencrypted: encrypt it with 'sportacu encrypt'"
            )
        return Clinic.open(url, passphrase=passphrase_for(path))
    clinic = Clinic.open(url, passphrase=new_passphrase(path))
    print(LOST_PASSPHRASE, file=sys.stderr)
    return clinic
