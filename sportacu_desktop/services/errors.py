"""The one place that tells a problem the user can fix from a bug, for the screens and the
command line, and the storage conditions screens react to.

Screens talk to services only: the storage conditions they react to (a wrong passphrase,
a locked or damaged file) reach them from here.
"""

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.storage.errors import (
    DatabaseLocked,
    PassphraseRequired,
    StorageError,
    WrongPassphrase,
    user_error,
)

__all__ = [
    "DatabaseLocked",
    "PassphraseRequired",
    "StorageError",
    "WrongPassphrase",
    "as_user_error",
]


def as_user_error(exc: BaseException) -> UserError | None:
    """What to tell the user about ``exc`` if they can act on it (a ``UserError``, or a
    database condition such as a full disk or a file locked by another workstation);
    None when it is a bug."""
    if isinstance(exc, UserError):
        return exc
    return user_error(exc)
