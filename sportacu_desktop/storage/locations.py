"""Where a clinic database lives, worked out without the database layer.

Kept apart from ``engine`` so the desktop app can decide what to show first (sign-in, or a
first run) before SQLAlchemy is loaded.
"""

import os
from pathlib import Path
from urllib.parse import unquote

import platformdirs

from sportacu_desktop import APP_NAME

SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")
SQLITE_HEADER = b"SQLite format 3\x00"
# The smallest SQLCipher file is one 4 KiB page; anything shorter is not an encrypted database.
_MIN_ENCRYPTED_SIZE = 512


def default_database_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "clinic.db"


def database_target(db: str | None) -> str:
    """``--db`` beats ``SPORTACU_DB`` beats the user's data folder: a path or a URL."""
    return db or os.environ.get("SPORTACU_DB") or str(default_database_path())


def file_of_target(target: str) -> Path | None:
    """The database file a path or SQLite URL names; None for a server (or anything else)."""
    if "://" not in target:
        return Path(target).expanduser().resolve()
    scheme, _sep, rest = target.partition("://")
    if scheme not in SQLITE_SCHEMES or not rest.startswith("/") or len(rest) < 2:
        return None
    # sqlite:///relative or sqlite:////absolute; the query string is not part of the name.
    return Path(unquote(rest[1:].partition("?")[0])).expanduser().resolve()


def is_encrypted(path: Path | str) -> bool:
    """Whether the file is an encrypted database, judged without the passphrase.

    A plain SQLite file starts with "SQLite format 3\\0"; a SQLCipher file starts with a
    random salt and is a whole number of pages (of 512 bytes or a larger power of two). A
    missing or empty file is a new, unencrypted database; a text file is no database.
    """
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as handle:
            salt = handle.read(len(SQLITE_HEADER))
    except OSError:  # missing, a folder, unreadable: opening it will say why
        return False
    if size < _MIN_ENCRYPTED_SIZE or size % _MIN_ENCRYPTED_SIZE or salt == SQLITE_HEADER:
        return False
    return not all(32 <= byte < 127 or byte in b"\t\r\n" for byte in salt)
