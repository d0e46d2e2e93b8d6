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
PatientIdRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class PatientSource(Protocol):
    def search_ids(self, text: str = "") -> list[int]: ...

    def rows(self, ids: Sequence[int]) -> list[PatientRow]: ...


COLUMNS: tuple[tuple[str, Any], ...] = (
    ("Chart", lambda row: row.chart_number),
    ("Name", lambda row: row.display_name),
    ("Date of birth", lambda row: format_date(row.date_of_birth)),
    ("Phone", lambda row: row.phone),
)
NAME_COLUMN = 1
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class PatientListModel(QAbstractTableModel):
    searched = Signal(int)  # a background search's matches are shown: how many
    search_failed = Signal(object)

    def __init__(self, source: PatientSource, parent=None):
        super().__init__(parent)
        self._source = source
        self._ids: list[int] = []
        self._rows: dict[int, PatientRow | None] = {}
        self._search_text = ""
        self._query = LatestOnly(self)

    # --- searching -----------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        return self._search_text

    def search(self, text: str) -> None:
        """Replace the list with the patients matching ``text`` (empty text: everybody)."""
        self._query.forget()  # a search still running in the background is older than this
        self._show(text, self._source.search_ids(text))

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

    def _show(self, text: str, ids: list[int]) -> None:
        self.beginResetModel()
        self._search_text = text
        self._ids = ids
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
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == PatientIdRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            # Removed since the search ran; the next search drops it from the list.
            return "—" if index.column() == NAME_COLUMN else ""
        return COLUMNS[index.column()][1](row)

    def _row(self, position: int) -> PatientRow | None:
        patient_id = self._ids[position]
        if patient_id not in self._rows:
            start = position - position % PAGE_SIZE
            page = self._ids[start : start + PAGE_SIZE]
            fetched = {row.id: row for row in self._source.rows(page)}
            for pid in page:
                self._rows[pid] = fetched.get(pid)
        return self._rows[patient_id]
