"""Is this file a SportAcu clinic database? Answered without changing a byte of it.

A clinic database carries the app's mark in its SQLite header (``PRAGMA application_id``),
set when ``init`` creates it and when an older clinic database is upgraded. Opening
another program's SQLite file as a clinic would add the app's tables to it, switch it to
WAL and leave a safety copy beside it, so such a file is refused before SQLite opens it
for writing. The question is answered from the file's header, and where that is not
enough, through a connection that cannot write and creates no ``-wal``/``-shm`` files.
"""

import enum
import sqlite3
from pathlib import Path

from sportacu_desktop.storage.errors import StorageError

APPLICATION_ID = 0x53414355  # "SACU"
SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_SIZE = 100
# Tables every SportAcu schema since the first release has: how a clinic database written
# before the mark existed is recognised (it gets the mark at its next upgrade).
CLINIC_TABLES = frozenset({"alembic_version", "patient", "visit", "audit_event"})


class ClinicFile(enum.Enum):
    NEW = "new"  # missing, empty, or a SQLite file with no tables yet
    CLINIC = "clinic"  # marked as a clinic database
    OLDER_CLINIC = "older clinic"  # a clinic database from before the mark
    FOREIGN = "foreign"  # another program's database
    UNREADABLE = "unreadable"  # not SQLite, damaged, or encrypted: opening it will say


class NotAClinicDatabase(StorageError):
    """The file belongs to another program; it was left as it was."""

    def __init__(self, path: Path | str):
        super().__init__(
            f"{path} is not a SportAcu Desktop clinic database: it holds another program's "
            "data, and it was left unchanged. Open the clinic's own database file instead, "
            "or choose a new file name to start a new clinic."
        )


class NoClinicYet(StorageError):
    """The file is missing or empty, and the command does not create clinics."""

    def __init__(self, path: Path | str):
        super().__init__(
            f"There is no clinic database at {path} yet (create one with 'sportacu init')."
        )


def _header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(_HEADER_SIZE)


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. Without a -wal file beside it the file is opened
    immutable: SQLite would otherwise create (and leave) -wal and -shm for a WAL-mode
    file, even read-only."""
    has_wal = Path(f"{path}-wal").exists()
    uri = path.resolve().as_uri() + ("?mode=ro" if has_wal else "?immutable=1")
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def application_id(header: bytes) -> int:
    return int.from_bytes(header[68:72], "big")


def identify(path: Path | str) -> ClinicFile:
    """What the (plain, unencrypted) file at ``path`` is, leaving it untouched."""
    path = Path(path)
    try:
        if not path.exists() or path.stat().st_size == 0:
            return ClinicFile.NEW
        header = _header(path)
    except OSError:
        return ClinicFile.UNREADABLE
    if not header.startswith(SQLITE_HEADER) or len(header) < _HEADER_SIZE:
        return ClinicFile.UNREADABLE
    if application_id(header) == APPLICATION_ID:
        return ClinicFile.CLINIC
    try:
        connection = _read_only(path)
        try:
            return classify(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        return ClinicFile.UNREADABLE


def classify(connection) -> ClinicFile:
    """What the database behind a DB-API ``connection`` is (plain or SQLCipher)."""
    if connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
        return ClinicFile.CLINIC
    tables = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if not tables:
        return ClinicFile.NEW
    return ClinicFile.OLDER_CLINIC if tables >= CLINIC_TABLES else ClinicFile.FOREIGN


def require_clinic_file(path: Path, kind: ClinicFile, *, create: bool) -> None:
    """Refuse another program's file always, and a missing or empty one unless creating."""
    if kind is ClinicFile.FOREIGN:
        raise NotAClinicDatabase(path)
    if kind is ClinicFile.NEW and not create:
        raise NoClinicYet(path)


def require_server_clinic(engine, *, create: bool) -> None:
    """The same rule for a database server: its tables must be the app's (Alembic's
    version table is there), and an empty database is filled only when creating."""
    from sqlalchemy import inspect

    tables = set(inspect(engine).get_table_names())
    where = engine.url.render_as_string(hide_password=True)
    if tables and "alembic_version" not in tables:
        raise NotAClinicDatabase(where)
    if not tables and not create:
        raise NoClinicYet(where)


def mark_connection(connection) -> None:
    """Stamp the app's mark on an open SQLite database (SQLAlchemy connection), if missing."""
    current = connection.exec_driver_sql("PRAGMA application_id").scalar()
    if current != APPLICATION_ID:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
