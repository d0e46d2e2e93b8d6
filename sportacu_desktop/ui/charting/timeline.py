"""The open patient's visits, newest first: date, status and the assessment's first line."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.services.charting import VisitSummary
from sportacu_desktop.ui.formatting import format_date

COLUMNS = ("Date", "Status", "Assessment")


def status_text(visit: VisitSummary) -> str:
    if visit.status == VisitStatus.SIGNED:
        return "Signed"
    return "Draft · unsaved typing" if visit.has_unsaved_draft else "Draft"


class VisitTimeline(QWidget):
    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.visit_ids: list[int] = []
        self._shown: list[VisitSummary] = []
        self.signed: list[bool] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("visitTimeline")
        self.table.setAccessibleName("Visits of the open patient")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # A long assessment wraps onto a second line rather than ending in "…" at once.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.summary = QLabel("Open a patient to see their visits.")
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.table)

    def show_visits(self, visits: list[VisitSummary] | None, hint: str = "") -> None:
        if visits and visits == self._shown:
            return  # an autosave that changed nothing listed here keeps the selection too
        self._shown = list(visits or [])
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(0)
        self.table.setRowCount(len(self._shown))
        self.visit_ids = [visit.id for visit in self._shown]
        self.signed = [visit.status == VisitStatus.SIGNED for visit in self._shown]
        for row, visit in enumerate(self._shown):
            cells = (format_date(visit.visit_date), status_text(visit), visit.assessment)
            tip = f"{visit.provider}\n{visit.assessment}".strip()
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                self.table.setItem(row, column, item)
        self.table.setUpdatesEnabled(True)
        if visits:
            self.table.setCurrentCell(0, 0)
            count = len(visits)
            self.summary.setText(
                f"{count} visit{'s' if count != 1 else ''}. Enter opens the selected one."
            )
        else:
            self.summary.setText(hint or "No visits yet.")

    def selected_signed_visit(self) -> int | None:
        """The id of the selected visit when it is signed."""
        row = self.table.currentRow()
        if 0 <= row < len(self.visit_ids) and self.signed[row]:
            return self.visit_ids[row]
        return None

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.visit_ids):
            self.open_requested.emit(self.visit_ids[row])
