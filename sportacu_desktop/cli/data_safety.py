"""Data safety from the command line: backup, restore, encrypt, decrypt, new passphrase."""

import sys
from pathlib import Path

from sportacu_desktop.cli.common import (
    OK,
    PROBLEM,
    UsageError,
    database_file,
    existing_file,
    percent_progress,
)
from sportacu_desktop.cli.terminal import (
    LOST_PASSPHRASE,
    confirm,
    new_passphrase,
    passphrase_for,
    passphrase_if_encrypted,
)
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.encryption import is_encrypted
from sportacu_desktop.storage.encryption import PASSPHRASE_ENV

# The new passphrase of `sportacu passphrase`, for scripts (the current one is in
# SPORTACU_PASSPHRASE, as for every command).
NEW_PASSPHRASE_ENV = "SPORTACU_NEW_PASSPHRASE"


def register(commands, db) -> None:
    backup = commands.add_parser("backup", parents=[db], help="write a verified backup")
    backup.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    backup.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=_backup)
    restore = commands.add_parser(
        "restore", parents=[db], help="replace the database with a backup (copied aside first)"
    )
    restore.add_argument("--from", dest="source", required=True, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=_restore)
    for name, text, handler in (
        ("encrypt", "encrypt the database with a passphrase (SQLCipher)", _encrypt),
        ("decrypt", "store the database unencrypted again", _decrypt),
    ):
        switch = commands.add_parser(name, parents=[db], help=text)
        switch.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        switch.set_defaults(handler=handler)
    rekey = commands.add_parser(
        "passphrase",
        parents=[db],
        help=f"change the passphrase of an encrypted database (current from {PASSPHRASE_ENV}, "
        f"new from {NEW_PASSPHRASE_ENV}, else both asked)",
    )
    rekey.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    rekey.set_defaults(handler=_change_passphrase)


def _backup(args) -> int:
    from sportacu_desktop.services.backup import BackupNotVerified, backup_to

    url, path = existing_file(args.db, "backup")
    target = Path(args.out).expanduser()
    if target.exists() and not args.overwrite:
        raise UsageError(f"{target} already exists (add --overwrite to replace it)")
    clinic = Clinic.open(url, passphrase=passphrase_if_encrypted(path))
    try:
        result = backup_to(clinic, target, percent_progress(), actor=command_line_actor())
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


def _restore(args) -> int:
    from sportacu_desktop.services.restore import inspect_backup, restore_from

    url, live = database_file(args.db, "restore")
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
        progress=percent_progress(),
    )
    print(f"Restored {live} from {info.path}.")
    if result.safety_copy:
        print(f"The database as it was before is kept at {result.safety_copy}")
    if result.upgrade_copy:
        print(f"The backup's older schema was upgraded; its copy is at {result.upgrade_copy}")
    if current_key and not info.encrypted:
        print("Note: the restored database is NOT encrypted, as the backup was not.")
    return OK


def _encrypt(args) -> int:
    from sportacu_desktop.services.backup import default_backup_folder
    from sportacu_desktop.services.encryption import encrypt_clinic

    url, path = existing_file(args.db, "encrypt")
    if is_encrypted(path):
        raise UsageError(f"{path.name} is already encrypted")
    passphrase = new_passphrase(path)
    confirm(
        f"Encrypt {path} with this passphrase?", args.yes, action="encrypt rewrites the database"
    )
    safety = encrypt_clinic(url, passphrase, command_line_actor()).safety_copy
    print(f"Encrypted {path}. {LOST_PASSPHRASE}")
    print(
        f"The unencrypted original is kept at {safety}: delete it, and the older unencrypted "
        f"backups (in {default_backup_folder(path)} or your backup folder), once the clinic "
        "opens with the passphrase."
    )
    return OK


def _decrypt(args) -> int:
    from sportacu_desktop.services.encryption import decrypt_clinic

    url, path = existing_file(args.db, "decrypt")
    if not is_encrypted(path):
        raise UsageError(f"{path.name} is not encrypted")
    passphrase = passphrase_for(path)
    Clinic.open(url, passphrase=passphrase, upgrade=False).close()  # proves the passphrase
    confirm(
        f"Store {path} unencrypted, readable by anyone who can read the file?",
        args.yes,
        action="decrypt leaves the records readable by anyone with the file",
    )
    safety = decrypt_clinic(url, passphrase, command_line_actor()).safety_copy
    print(f"Decrypted {path}: anyone who can read the file can now read the records.")
    print(f"The encrypted original is kept at {safety}.")
    return OK


def _change_passphrase(args) -> int:
    from sportacu_desktop.services.encryption import change_passphrase

    url, path = existing_file(args.db, "passphrase")
    if not is_encrypted(path):
        raise UsageError(f"{path.name} is not encrypted (encrypt it with 'sportacu encrypt')")
    current = passphrase_for(path)
    Clinic.open(url, passphrase=current, upgrade=False).close()  # proves the passphrase
    new = new_passphrase(path, NEW_PASSPHRASE_ENV)
    if new == current:
        raise UsageError("the new passphrase is the same as the current one; nothing was changed")
    confirm(
        f"Re-encrypt {path} with the new passphrase?",
        args.yes,
        action="passphrase rewrites the database",
    )
    safety = change_passphrase(url, current, new, command_line_actor()).safety_copy
    print(f"{path} now opens with the new passphrase. {LOST_PASSPHRASE}")
    print(
        "Backups made before now still open only with the old passphrase: keep it as long "
        "as you keep them, or make a fresh backup and delete them."
    )
    print(
        f"The database under the old passphrase is kept at {safety}: delete it once the "
        "clinic opens with the new one."
    )
    return OK
