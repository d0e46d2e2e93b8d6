"""The clinic's CSV export format, shared by the export and the import that reads it back.

One CSV per table of the schema, named after the table, with a header row of its column
names. The tables come from the ORM metadata, so a table added to the schema is exported
(and imported) without a change here; the few tables that are not exported are named in
``NOT_EXPORTED`` with the reason, and a test fails for a table that is neither.

How a value is written, so that every value comes back exactly:

- NULL is an empty cell. An empty text is a single apostrophe ``'``.
- A text that starts with an apostrophe or with a character a spreadsheet would run as a
  formula (``= + - @``, tab, carriage return) gets one apostrophe in front; reading drops
  one leading apostrophe from every text cell.
- Whole numbers and decimals as digits (decimals as Python writes them, which reads back
  to the same number); true/false; dates ``YYYY-MM-DD``; times ISO 8601 in UTC with
  microseconds (``2026-03-01T14:05:09.120000+00:00``); JSON as JSON text.
- Binary columns (issued PDFs, the practice logo) are files under ``files/``; the cell
  holds the file's path relative to the export folder.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Table, TypeDecorator

from sportacu_desktop.reports.csv_writer import ESCAPE, FORMULA_STARTS
from sportacu_desktop.storage.models import Base
from sportacu_desktop.storage.search import is_search_index

FORMAT = "sportacu-clinic-csv"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
README = "README.txt"
FILES = "files"
EMPTY_TEXT = ESCAPE
TRUE, FALSE = "true", "false"

# Tables of a clinic database that are not exported, and why. The import rebuilds them.
NOT_EXPORTED = {
    "alembic_version": "the schema revision; the manifest records it and the import "
    "creates the schema at that revision",
    "database_identity": "each database's own random identity (this computer's record of "
    "its audit trail is kept by it); the new database gets one of its own",
    "patient_search": "the patient search index (SQLite full-text tables), rebuilt from "
    "the patient table",
}
# Secrets never leave the clinic: the column is exported empty (NULL). After an import
# nobody can sign in until the owner creates the first account at the first start (the
# account may take an imported user name, keeping that user's id and signed notes) and
# then resets the others' passwords under Admin ▸ Users.
SECRET_COLUMNS = {
    ("app_user", "password_hash"): "password hashes are never exported; set new passwords "
    "after an import",
}


def is_not_exported(table_name: str) -> bool:
    return table_name in NOT_EXPORTED or is_search_index(table_name)


def exported_tables() -> list[Table]:
    """Every table the export writes, parents before children (the import's order)."""
    return [t for t in Base.metadata.sorted_tables if not is_not_exported(t.name)]


def csv_name(table: Table) -> str:
    return f"{table.name}.csv"


def is_secret(table: Table, column: Column) -> bool:
    return (table.name, column.name) in SECRET_COLUMNS


def is_binary(column: Column) -> bool:
    return isinstance(column.type, LargeBinary)


def is_json(column: Column) -> bool:
    return isinstance(column.type, JSON)


def python_type(column: Column) -> type:
    if is_json(column):
        return dict
    kind = column.type
    if isinstance(kind, TypeDecorator):  # e.g. UTCDateTime: the type it stores as
        kind = kind.impl_instance
    try:
        found = kind.python_type
    except NotImplementedError:  # a type without one is written as text
        return str
    return found if found is not object else str


_ESCAPED_FIRST = frozenset((ESCAPE, *FORMULA_STARTS))


def escape_text(text: str) -> str:
    if text == "" or text[0] in _ESCAPED_FIRST:
        return ESCAPE + text
    return text


def unescape_text(cell: str) -> str:
    return cell[1:] if cell.startswith(ESCAPE) else cell


def _json_cell(value: Any) -> str:
    return escape_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _flag_cell(value: Any) -> str:
    return TRUE if value else FALSE


def _iso_cell(value: Any) -> str:
    return value.isoformat()


def _same(value: Any) -> Any:
    return value  # a number is never a formula (the CSV writer leaves it as it is)


def _text_cell(value: Any) -> str:
    return escape_text(value if type(value) is str else str(value))


ENCODERS: dict[type, Callable[[Any], Any]] = {
    bool: _flag_cell,
    int: _same,
    float: _same,
    Decimal: str,
    datetime: _iso_cell,
    date: _iso_cell,
    time: _iso_cell,
    dict: _json_cell,
}


def encoder(column: Column) -> Callable[[Any], Any]:
    """Turns a (non-NULL) value of ``column`` into its CSV cell; binary columns are the
    caller's (they become files)."""
    return ENCODERS.get(python_type(column), _text_cell)


class BadCell(ValueError):
    """A cell that cannot be the value its column holds."""


def _flag(cell: str) -> bool:
    if cell not in (TRUE, FALSE):
        raise ValueError(f"{cell!r} is not true or false")
    return cell == TRUE


PARSERS: dict[type, Callable[[str], Any]] = {
    bool: _flag,
    int: int,
    float: float,
    Decimal: Decimal,
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    time: time.fromisoformat,
}


def decoder(column: Column, folder: Path) -> Callable[[str], Any]:
    """Turns a cell into the value ``column`` holds (an empty cell is NULL); ``folder`` is
    the export, which holds the files binary cells name. Raises BadCell."""
    if is_binary(column):
        parse: Callable[[str], Any] = lambda cell: read_blob(folder, cell)  # noqa: E731
    elif is_json(column):
        parse = lambda cell: json.loads(unescape_text(cell))  # noqa: E731
    else:
        parse = PARSERS.get(python_type(column), unescape_text)

    def decode(cell: str) -> Any:
        if cell == "":
            return None
        try:
            return parse(cell)
        except (ValueError, ArithmeticError) as exc:
            raise BadCell(f"{column.name}: {exc}") from None

    return decode


def blob_path(table: Table, column: Column, key: tuple, data: bytes) -> PurePosixPath:
    """Where a binary value is written, relative to the export folder."""
    suffix = ".pdf" if data.startswith(b"%PDF") else ".png" if data[:4] == b"\x89PNG" else ".bin"
    name = "-".join(str(part) for part in key) + suffix
    return PurePosixPath(FILES, f"{table.name}.{column.name}", name)


def read_blob(folder: Path, cell: str) -> bytes:
    relative = PurePosixPath(cell)
    if relative.is_absolute() or ".." in relative.parts or relative.parts[:1] != (FILES,):
        raise ValueError(f"{cell!r} is not a file of this export")
    try:
        return (folder / Path(*relative.parts)).read_bytes()
    except OSError as exc:
        raise ValueError(f"{cell}: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class TableEntry:
    """A table as the manifest lists it."""

    name: str
    file: str
    rows: int
    columns: tuple[str, ...]
    sha256: str
