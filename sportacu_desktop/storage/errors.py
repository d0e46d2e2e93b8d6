"""Storage failures split in two: ones the user can act on, and bugs."""


class StorageError(Exception):
    """A problem the user can fix or must be told about in plain words."""


class DatabaseLocked(StorageError):
    pass


class DatabaseDamaged(StorageError):
    pass


class DatabaseTooNew(StorageError):
    pass


class PassphraseRequired(StorageError):
    """The database file is encrypted and no passphrase was given."""

    def __init__(self, message: str = "This clinic database is encrypted: enter its passphrase."):
        super().__init__(message)


class WrongPassphrase(StorageError):
    """The passphrase does not unlock the encrypted database (or its first page is damaged)."""

    def __init__(
        self,
        message: str = "The passphrase is wrong: this clinic database could not be unlocked.",
    ):
        super().__init__(message)


class DatabaseInUse(StorageError):
    """Another window, command or workstation has the database open."""


USER_FIXABLE_SQLITE_MESSAGES = {
    "database is locked": "The clinic database is busy in another window or workstation. "
    "Try again in a moment.",
    "disk is full": "The disk holding the clinic database is full. Free some space and retry.",
    "database or disk is full": "The disk holding the clinic database is full. "
    "Free some space and retry.",
    "unable to open database file": "The clinic database file cannot be opened: check that "
    "the folder exists and that you may write to it.",
    "attempt to write a readonly database": "The clinic database is read-only: check the "
    "file's permissions.",
    "file is not a database": "This file is not a SportAcu database, or it is damaged or "
    "encrypted.",
    "database disk image is malformed": "The clinic database is damaged. Restore the latest "
    "backup.",
}


SQLITE_BUSY_SNAPSHOT = 517


def explain(exc: BaseException) -> str | None:
    """A sentence for the user if ``exc`` is a storage condition they can act on."""
    original = getattr(exc, "orig", exc)
    if getattr(original, "sqlite_errorcode", None) == SQLITE_BUSY_SNAPSHOT:
        # Retrying cannot help: another workstation committed a change to what we read.
        return (
            "Someone else changed this record while you were working on it. "
            "Reload it, then make your change again."
        )
    text = str(original).lower()
    for needle, message in USER_FIXABLE_SQLITE_MESSAGES.items():
        if needle in text:
            return message
    return None
