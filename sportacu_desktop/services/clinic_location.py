"""Where the clinic database is, for the screens that open it before any service runs."""

from pathlib import Path

from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path


def locate_clinic(db: str | None) -> tuple[str, Path | None]:
    """The database URL for ``db`` (``--db``, else ``SPORTACU_DB``, else the user's data
    folder) and the file behind it, or None for a server database."""
    url = resolve_database_url(db)
    return url, sqlite_path(url)
