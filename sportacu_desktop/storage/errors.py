"""Storage failures split in two: ones the user can act on, and bugs.

The first kind are ``StorageError``s (the ``StorageProblem`` of ``domain.errors``), or driver
errors that ``user_error`` recognises; anything else is a bug.
"""

from sportacu_desktop.domain.errors import (
    DiskFull,
    FileLocked,
    PassphraseRequired,
    StaleEdit,
    StorageProblem,
    UserError,
    WrongPassphrase,
)

__all__ = [
    "DatabaseDamaged",
    "DatabaseInUse",
    "DatabaseLocked",
    "DatabaseTooNew",
    "PassphraseRequired",
    "StorageError",
    "WrongPassphrase",
    "explain",
    "user_error",
]

# The storage layer's name for the problems it reports that the user can act on.
StorageError = StorageProblem


class DatabaseLocked(FileLocked):
    pass


class DatabaseDamaged(StorageError):
    pass


class DatabaseTooNew(StorageError):
    pass


class DatabaseInUse(FileLocked):
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


_KINDS: dict[str, type[StorageError]] = {
    "database is locked": DatabaseLocked,
    "disk is full": DiskFull,
    "database or disk is full": DiskFull,
    "database disk image is malformed": DatabaseDamaged,
}


def user_error(exc: BaseException) -> UserError | None:
    """``exc`` as a problem the user can act on, if a driver error is one; else None."""
    if isinstance(exc, StorageError):
        return exc
    message = explain(exc)
    if message is None:
        return None
    original = getattr(exc, "orig", exc)
    text = str(original).lower()
    kind: type[UserError] = next(
        (k for needle, k in _KINDS.items() if needle in text), StorageError
    )
    if getattr(original, "sqlite_errorcode", None) == SQLITE_BUSY_SNAPSHOT:
        kind = StaleEdit
    problem = kind(message)
    problem.__cause__ = exc
    return problem
