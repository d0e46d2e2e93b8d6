"""The patient list: holds only the ids of a search and fetches rows page by page.

Like Anki's browser table model, a search costs one id query however many patients match;
rows are read only for the pages the view actually paints. Typed searches run their id query
off the UI thread (``search_in_background``): the latest one wins, an older answer arriving
late is dropped.
"""

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from sportacu_desktop.domain.patients import PatientRow
from sportacu_desktop.ui.background import LatestOnly
from sportacu_desktop.ui.formatting import format_date

PAGE_SIZE = 64
# A search on the UI thread reads this many ids first; the rest of a long list (a letter
# or two typed in a clinic of 20,000) follows from a worker.
FIRST_IDS = 500
PatientIdRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class PatientSource(Protocol):
    def search_ids(self, text: str = "", *, limit: int | None = None) -> list[int]: ...

    def rows(self, ids: Sequence[int]) -> list[PatientRow]: ...


COLUMNS: tuple[tuple[str, Any], ...] = (
    ("Chart", lambda row: row.chart_number),
    ("Name", lambda row: row.display_name),
    ("Date of birth", lambda row: format_date(row.date_of_birth)),
    ("Phone", lambda row: row.phone),
)
NAME_COLUMN = 1
SHOWN_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, PatientIdRole))
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class PatientListModel(QAbstractTableModel):
    searched = Signal(int)  # a background search's matches are shown: how many
    completed = Signal(int)  # the rest of a long list arrived: how many in all
    search_failed = Signal(object)

    def __init__(self, source: PatientSource, parent=None):
        super().__init__(parent)
        self._source = source
        self._ids: list[int] = []
        self._rows: dict[int, tuple[str, ...] | None] = {}
        self._search_text = ""
        self._complete = True
        self._query = LatestOnly(self)

    # --- searching -----------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self._search_text

    @property
    def complete(self) -> bool:
        """False while the rest of a long list is still being read."""
        return self._complete

    def search(self, text: str) -> None:
        """Replace the list with the patients matching ``text`` (empty text: everybody).

        The first ``FIRST_IDS`` matches are read here, in name order, and shown at once;
        when there are more, the whole list is read on the worker and appended."""
        self._query.forget()  # a search still running in the background is older than this
        first = self._source.search_ids(text, limit=FIRST_IDS + 1)
        if len(first) <= FIRST_IDS:
            self._show(text, first)
            return
        self._show(text, first[:FIRST_IDS], complete=False)
        source = self._source
        self._query.ask(
            lambda: source.search_ids(text),
            lambda ids: self._rest_arrived(text, ids),
            self.search_failed.emit,
        )

    def _rest_arrived(self, text: str, ids: list[int]) -> None:
        if text != self._search_text:
            return
        shown = len(self._ids)
        if ids[:shown] == self._ids:
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self._complete = True
                self.endInsertRows()
            else:
                self._complete = True
        else:
            # The clinic changed in between (a patient added or renamed): show it afresh.
            self._show(text, ids)
        self.completed.emit(len(ids))

    def search_in_background(self, text: str) -> None:
        """Like ``search``, with the query on a worker; ``searched`` says when it shows."""
        source = self._source
        self._query.ask(
            lambda: source.search_ids(text),
            lambda ids: self._shown_in_background(text, ids),
            self.search_failed.emit,
        )

    @property
    def searching(self) -> bool:
        return self._query.asking

    def wait_for_search(self) -> None:
        """Blocks until the worker is free: only before the model goes away."""
        self._query.forget()
        self._query.wait()

    def _shown_in_background(self, text: str, ids: list[int]) -> None:
        self._show(text, ids)
        self.searched.emit(len(ids))

    def _show(self, text: str, ids: list[int], *, complete: bool = True) -> None:
        self.beginResetModel()
        self._search_text = text
        self._ids = ids
        self._complete = complete
        # Rows are dropped on every search so an edit made elsewhere shows on the next one.
        self._rows = {}
        self.endResetModel()

    def refresh(self) -> None:
        self.search(self._search_text)

    def patient_id(self, row: int) -> int | None:
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return None

    def row_of(self, patient_id: int) -> int | None:
        try:
            return self._ids.index(patient_id)
        except ValueError:
            return None

    def cached_rows(self) -> int:
        return len(self._rows)

    # --- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return ROW_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A painted cell asks for a dozen roles; all but these answer None at once.
        if role not in SHOWN_ROLES or not index.isValid():
            return None
        position = index.row()
        if not 0 <= position < len(self._ids):
            return None
        if role == PatientIdRole:
            return self._ids[position]
        cells = self._cells(position)
        if cells is None:
            # Removed since the search ran; the next search drops it from the list.
            return "—" if index.column() == NAME_COLUMN else ""
        return cells[index.column()]

    def _cells(self, position: int) -> tuple[str, ...] | None:
        """The row's column texts, read with its page and formatted once."""
        patient_id = self._ids[position]
        if patient_id not in self._rows:
            start = position - position % PAGE_SIZE
            page = self._ids[start : start + PAGE_SIZE]
            fetched = {
                row.id: tuple(text(row) for _title, text in COLUMNS)
                for row in self._source.rows(page)
            }
            for pid in page:
                self._rows[pid] = fetched.get(pid)
        return self._rows[patient_id]
