"""Encryption at rest as use cases: switch it on or off, change the passphrase.

Each is an administrator's act, checked against the permission table and recorded in the
audit trail of the database it leaves behind, whether the desktop app or the command line
asked for it. The caller closes its own connections to the file first (the file is
rewritten and swapped in).

Backups are copies of the database as it was when they were made: after the passphrase is
changed, older backups still open with the passphrase they were made with (and only with
it). Make a backup after the change; keep the old passphrase as long as the older backups.
"""

from dataclasses import dataclass
from pathlib import Path

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.backup import record_event
from sportacu_desktop.services.context import Actor, Clinic, require
from sportacu_desktop.storage import encryption as files
from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path
from sportacu_desktop.storage.errors import StorageError

# For the screens: they ask about the file through this module, never through storage.
is_encrypted = files.is_encrypted
passphrase_problem = files.passphrase_problem
MIN_PASSPHRASE_LENGTH = files.MIN_PASSPHRASE_LENGTH


@dataclass(frozen=True)
class EncryptionChanged:
    path: Path
    # The database as it was, beside it: plain after encrypting, under the old passphrase
    # after a change. The user is told to delete it once the clinic opens.
    safety_copy: Path


def database_location(db: str | None) -> tuple[str, Path | None]:
    """The clinic's URL and, for a database file, the file (None for a server)."""
    url = resolve_database_url(db)
    return url, sqlite_path(url)


def check_passphrase(path: Path, passphrase: str) -> None:
    """Raises WrongPassphrase unless ``passphrase`` opens the encrypted file at ``path``."""
    files.connect_file(path, passphrase).close()


def _database_file(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise StorageError(
            "Only a clinic database file is encrypted with a passphrase; a server protects its own."
        )
    if not path.exists():
        raise StorageError(f"There is no database file at {path}.")
    return path


def _record(url: str, passphrase: str | None, actor: Actor, action: str, detail: str) -> None:
    clinic = Clinic.open(url, passphrase=passphrase, upgrade=False)
    try:
        record_event(clinic, actor, action, detail)
    finally:
        clinic.close()


def encrypt_clinic(url: str, passphrase: str, actor: Actor) -> EncryptionChanged:
    require(actor, Action.MANAGE_ENCRYPTION)
    path = _database_file(url)
    safety = files.encrypt_file(path, passphrase)
    _record(url, passphrase, actor, "encrypt", "database encrypted at rest")
    return EncryptionChanged(path, safety)


def decrypt_clinic(url: str, passphrase: str, actor: Actor) -> EncryptionChanged:
    require(actor, Action.MANAGE_ENCRYPTION)
    path = _database_file(url)
    safety = files.decrypt_file(path, passphrase)
    _record(url, None, actor, "decrypt", "database encryption removed")
    return EncryptionChanged(path, safety)


def change_passphrase(url: str, current: str, new: str, actor: Actor) -> EncryptionChanged:
    """Re-encrypt the database under ``new``; ``current`` must open it."""
    require(actor, Action.MANAGE_ENCRYPTION)
    path = _database_file(url)
    check_passphrase(path, current)
    safety = files.rekey_file(path, current, new)
    _record(
        url,
        new,
        actor,
        "change_passphrase",
        "database passphrase changed; earlier backups keep the passphrase they were made with",
    )
    return EncryptionChanged(path, safety)
