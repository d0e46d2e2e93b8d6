"""A short, read-only table of records (races, flags, contacts) with one row selected."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

RowKeyRole = Qt.ItemDataRole.UserRole + 7


class RecordTable(QTableWidget):
    """Rows carry a key (any Python object) in their first cell; Tab leaves the table."""

    def __init__(
        self,
        headers: Sequence[str],
        *,
        visible_rows: int = 5,
        stretch: int = 1,
        empty_text: str = "",
        wrap: bool = False,
    ):
        """``stretch``: the column that takes the spare width; ``wrap``: long cells wrap
        onto more lines (rows grow) instead of being cut."""
        super().__init__(0, len(headers))
        self.empty_text = empty_text
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(wrap)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # Room for a short value even before the first row arrives.
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("00/00/00000"))
        row_height = int(self.fontMetrics().height() * 1.6)
        self.verticalHeader().setDefaultSectionSize(row_height)
        if wrap:
            self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(header.sizeHint().height() + row_height * visible_rows + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()

    def emphasize(self, key: object, column: int, color: QColor) -> None:
        """Bold ``color`` text for one cell, e.g. a missing consent."""
        keys = self.row_keys()
        if key in keys:
            item = self.item(keys.index(key), column)
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            item.setForeground(color)

    def set_rows(self, rows: Sequence[tuple[object, Sequence[str]]], *, italic=()) -> None:
        """Replace every row; ``italic`` names the keys of rows not saved yet."""
        selected = self.current_key()
        self.setRowCount(0)
        self.setRowCount(len(rows))
        for row, (key, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if key in italic:
                    font = QFont(self.font())
                    font.setItalic(True)
                    item.setFont(font)
                    item.setToolTip("Not saved yet: saved with the patient")
                if column == 0:
                    item.setData(RowKeyRole, key)
                self.setItem(row, column, item)
        keys = [key for key, _cells in rows]
        if selected in keys:
            self.selectRow(keys.index(selected))

    def current_key(self) -> object | None:
        row = self.currentRow()
        if row < 0 or not self.selectionModel().hasSelection():
            return None
        item = self.item(row, 0)
        return item.data(RowKeyRole) if item is not None else None

    def row_keys(self) -> list[object]:
        return [self.item(row, 0).data(RowKeyRole) for row in range(self.rowCount())]
