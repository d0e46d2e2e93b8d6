"""Saving an export or a document to a file the user chose: atomic, and private (0600).

The screens write PDFs and CSVs through here, never with a plain ``write_bytes``, so a
chart exported to a shared computer's Documents folder is not readable by its other users.
"""

from pathlib import Path

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.storage.private_files import write_private_file


class ExportNotWritten(UserError, ValueError):
    """The file could not be written (folder gone, disk full, no permission)."""


def save_export(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path``; a half-written file never replaces a good one."""
    path = Path(path)
    try:
        return write_private_file(path, data)
    except OSError as exc:
        raise ExportNotWritten(f"Could not write {path}: {exc.strerror or exc}.") from None
