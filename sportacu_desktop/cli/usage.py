"""The one-line usage error: its own module so that every command module, and the terminal
helpers that ``common`` itself uses, can raise it without importing each other."""

from sportacu_desktop.domain.errors import UserError


class UsageError(UserError):
    """Bad usage or input: reported in one line, exit status 2, nothing written."""
