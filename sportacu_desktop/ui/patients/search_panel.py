"""Search box and patient list: type to narrow, arrows to move, Enter to open."""

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.ui.formatting import plural
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.patients.list_model import NAME_COLUMN, PatientListModel, PatientSource

SEARCH_DELAY_MS = 120
PLACEHOLDER = "Search name, chart number, date of birth or phone"
_MOVES = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_PageUp: "page_up",
    Qt.Key.Key_PageDown: "page_down",
}


class PatientSearchPanel(QWidget):
    open_requested = Signal(int)
    results_changed = Signal(int)

    def __init__(self, source: PatientSource, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = PatientListModel(source, self)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(PLACEHOLDER)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Patient search")
        self.search_box.installEventFilter(self)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Patients")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self._size_columns()
        self.table.activated.connect(self._on_activated)

        self.summary = QLabel()
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summary.setAccessibleName("Search results")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.search_box)
        QWidget.setTabOrder(self.search_box, self.table)

        # One search per pause in typing rather than one per key: each is a full id query.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search_in_background)
        self.search_box.textChanged.connect(self._debounce.start)
        self.model.searched.connect(self._show_results)
        self.model.completed.connect(self._rest_arrived)
        self._select_when_complete: int | None = None
        self.model.search_failed.connect(self._search_failed)

    def _size_columns(self) -> None:
        # Widths follow the font so they scale with DPI and the user's font size; no column
        # sizes itself to its contents, as that would read every row of a large clinic.
        metrics = self.fontMetrics()
        padding = metrics.horizontalAdvance("00")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        for column, sample in ((0, "SA-000000"), (2, "Date of birth"), (3, "(000) 000-0000")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)
        self.table.verticalHeader().setDefaultSectionSize(int(metrics.height() * 1.6))

    # --- searching -----------------------------------------------------------------------

    def run_search(self) -> None:
        """Search now, on this thread: at start, after an edit, before Enter opens a match."""
        self._debounce.stop()
        self._select_when_complete = None
        self.model.search(self.search_box.text())
        self._show_results(self.model.rowCount())

    def search_in_background(self) -> None:
        """The search as the user types: off the UI thread, the latest keystroke wins."""
        self._debounce.stop()
        self._select_when_complete = None
        self.model.search_in_background(self.search_box.text())

    def select_patient(self, patient_id: int) -> None:
        """Select ``patient_id`` in the list, now or when the rest of a long list arrives."""
        row = self.model.row_of(patient_id)
        self._select_when_complete = None
        if row is not None:
            self.select_row(row)
        elif not self.model.complete:
            self._select_when_complete = patient_id

    def _rest_arrived(self, count: int) -> None:
        self._update_summary(count)
        wanted, self._select_when_complete = self._select_when_complete, None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None:
            self.select_row(row)

    def _search_failed(self, exc: BaseException) -> None:
        self.summary.setText(f"The search did not run: {describe_error(exc)}")

    def _show_results(self, count: int) -> None:
        if count:
            self.select_row(0)
        self._update_summary(count)
        self.results_changed.emit(count)

    def flush_pending_search(self) -> None:
        """Run a search still waiting on the debounce or the worker, so Enter never opens a
        stale match."""
        if self._debounce.isActive() or self.model.searching:
            self.run_search()

    def _update_summary(self, count: int) -> None:
        text = self.model.search_text.strip()  # what the list shows, not what is being typed
        more = "" if self.model.complete else " so far; counting the rest…"
        if not text:
            self.summary.setText(plural(count, "active patient") + more)
        elif count:
            self.summary.setText(plural(count, "match", "matches") + more)
        else:
            self.summary.setText(f"No patient matches “{text}”.")

    # --- selection -----------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        index = self.model.index(row, NAME_COLUMN)
        selection = self.table.selectionModel()
        selection.setCurrentIndex(
            index,
            selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def current_patient_id(self) -> int | None:
        self.flush_pending_search()
        index = self.table.currentIndex()
        return self.model.patient_id(index.row()) if index.isValid() else None

    def request_open(self) -> None:
        patient_id = self.current_patient_id()
        if patient_id is not None:
            self.open_requested.emit(patient_id)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_activated(self, index: QModelIndex) -> None:
        patient_id = self.model.patient_id(index.row())
        if patient_id is not None:
            self.open_requested.emit(patient_id)

    def _move(self, key: Qt.Key) -> None:
        self.flush_pending_search()
        count = self.model.rowCount()
        if not count:
            return
        current = self.table.currentIndex().row()
        row_height = self.table.verticalHeader().defaultSectionSize()
        page = max(1, self.table.viewport().height() // row_height - 1)
        step = _MOVES[key]
        if step == "page_up":
            step = -page
        elif step == "page_down":
            step = page
        target = 0 if current < 0 else min(max(current + step, 0), count - 1)
        self.select_row(target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the search box move in the list, so the hands never leave the keys.
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() in _MOVES and plain == Qt.KeyboardModifier.NoModifier:
                self._move(Qt.Key(event.key()))
                return True
        return super().eventFilter(watched, event)
