"""Errors split in two: what the user can fix, and everything else (a bug).

A ``UserError`` carries a message written for the person at the keyboard — a receptionist
must understand it — and is shown as it is, on screen or as the command line's one line;
it is not a bug and is never logged. Anything else that escapes a service is a bug:
logged with its traceback, and shown as "something went wrong".

Each kind also derives from the built-in exception it refines (``ValueError``,
``LookupError``, ``PermissionError``), so code that already catches those keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the message to show as it is."""


class InvalidInput(UserError, ValueError):
    """What was typed or chosen cannot be used. ``problems`` names the fields at fault
    (field name → message) so a form can mark each one and keep what was typed."""

    def __init__(self, message: str = "", problems: Mapping[str, str] | None = None):
        self.problems: dict[str, str] = dict(problems or {})
        super().__init__(message or "; ".join(self.problems.values()))


class NotFound(UserError, LookupError):
    """The record asked for does not exist (any more)."""


class Conflict(UserError):
    """The record changed or is in a state that forbids this action: reload, then retry."""


class StaleEdit(Conflict):
    """Someone else saved this record after it was opened here."""


class PermissionDenied(UserError, PermissionError):
    """The signed-in user's role does not allow this action."""


class StorageProblem(UserError):
    """The database or a file cannot be used for a reason the user can act on: the disk is
    full, another window holds the file, a folder is read-only, a passphrase is wrong."""


class DiskFull(StorageProblem):
    pass


class FileLocked(StorageProblem):
    pass


class PassphraseRequired(StorageProblem):
    """The database file is encrypted and no passphrase was given."""

    def __init__(self, message: str = "This clinic database is encrypted: enter its passphrase."):
        super().__init__(message)


class WrongPassphrase(StorageProblem):
    """The passphrase does not unlock the encrypted database (or its first page is damaged)."""

    def __init__(
        self,
        message: str = "The passphrase is wrong: this clinic database could not be unlocked.",
    ):
        super().__init__(message)
