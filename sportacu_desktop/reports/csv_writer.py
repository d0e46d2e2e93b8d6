"""The one way the app writes CSV: cells a spreadsheet would run as a formula are escaped.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, in some of them, a tab or carriage return before one) as a formula, so a care
contact named ``=HYPERLINK("http://…","Open")`` would become a live link in whoever opens
the export. Such a text cell is written with a leading apostrophe, which spreadsheets
show as plain text. Numbers are written as numbers: ``-5`` is not a formula.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """``value`` as it goes into a CSV cell: text that could start a formula is escaped."""
    kind = type(value)
    # The common cases first, without the isinstance chain: a clinic export passes
    # millions of cells through here.
    if kind is str:
        return ESCAPE + value if value[:1] in _FORMULA_FIRST else value
    if kind is int or kind is float:
        return value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value)
        return ESCAPE + text if text.startswith(FORMULA_STARTS) else text
    return value


class SafeCsvWriter:
    """``csv.writer`` with every cell passed through ``safe_cell``."""

    def __init__(self, handle: TextIO):
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: TextIO) -> SafeCsvWriter:
    return SafeCsvWriter(handle)


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole CSV document as UTF-8 bytes."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
