"""ICD-10-CM search-as-you-type: type a code or words, Enter adds the chosen billable code.

A parent code cannot be chosen: choosing it shows why and lists its children instead.
The search reads the shipped index (a few milliseconds a keystroke), so it runs on the UI
thread without a worker.
"""

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from sportacu_desktop.services import icd
from sportacu_desktop.services.icd import IcdMatch

Index = QModelIndex | QPersistentModelIndex


class IcdMatchModel(QAbstractListModel):
    """The matches of the current search; billable codes are choosable, parents are not."""

    CodeRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.matches: list[IcdMatch] = []

    def set_matches(self, matches: list[IcdMatch]) -> None:
        self.beginResetModel()
        self.matches = list(matches)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.matches)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.matches):
            return None
        match = self.matches[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "" if match.billable else "  ▸ not billable"
            return f"{match.code}  {match.description}{mark}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return match.hint or match.description
        if role == Qt.ItemDataRole.FontRole and match.entry.running:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not match.billable:
            return QPalette().color(QPalette.ColorRole.PlaceholderText)
        if role == self.CodeRole:
            return match.code
        return None


class IcdPicker(QWidget):
    chosen = Signal(str, str)  # code, description of a billable code

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("icdSearch")
        self.search.setPlaceholderText('Diagnosis: a code or words ("achilles", "M76.6")')
        self.search.setAccessibleName("Search ICD-10-CM")
        self.search.setClearButtonEnabled(True)
        self.model = IcdMatchModel(self)
        self.list = QListView()
        self.list.setObjectName("icdMatches")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName("Matching codes")
        self.why = QLabel()
        self.why.setObjectName("icdWhy")
        self.why.setWordWrap(True)
        self.why.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.why)
        layout.addWidget(self.list, 1)
        self.search.textChanged.connect(self.run_search)
        self.search.returnPressed.connect(self.choose_current)
        self.list.activated.connect(lambda index: self.choose(index.row()))
        self.search.installEventFilter(self)
        self.run_search("")

    def run_search(self, text: str) -> None:
        self.why.hide()
        self.model.set_matches(icd.search(text))
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))

    def eventFilter(self, watched, event) -> bool:
        # Up and down in the search box move through the matches: hands stay on the keys.
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            row = self.list.currentIndex().row()
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.model.rowCount() - 1, row + step))
            if self.model.rowCount():
                self.list.setCurrentIndex(self.model.index(row))
            return True
        return super().eventFilter(watched, event)

    def choose_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.choose(index.row())

    def choose(self, row: int) -> None:
        match = self.model.matches[row]
        if match.billable:
            self.chosen.emit(match.code, match.description)
            self.search.clear()
            return
        detail = icd.detail(match.code)
        self.why.setText(detail.problem if detail else f"{match.code} cannot be billed.")
        self.why.show()
        children = list(detail.children) if detail else []
        self.model.set_matches(children)
        if children:
            self.list.setCurrentIndex(self.model.index(0))
