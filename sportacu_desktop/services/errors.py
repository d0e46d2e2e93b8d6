"""The one place that tells a problem the user can fix from a bug, for the UI and the CLI."""

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.storage.errors import user_error


def as_user_error(exc: BaseException) -> UserError | None:
    """What to tell the user about ``exc`` if they can act on it (a ``UserError``, or a
    database condition such as a full disk or a file locked by another workstation);
    None when it is a bug."""
    if isinstance(exc, UserError):
        return exc
    return user_error(exc)
