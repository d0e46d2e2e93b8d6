"""The failures a screen may explain, and the sentence for them.

Screens talk to services only: the storage conditions they react to (a wrong passphrase,
a locked or damaged file) reach them from here.
"""

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.storage.errors import (
    PassphraseRequired,
    StorageError,
    WrongPassphrase,
    explain,
)

__all__ = ["PassphraseRequired", "StorageError", "WrongPassphrase", "user_message"]


def user_message(exc: BaseException) -> str | None:
    """A sentence for the user when ``exc`` is something they can act on; None for a bug."""
    if isinstance(exc, (UserError, StorageError)):
        return str(exc)
    return explain(exc)
