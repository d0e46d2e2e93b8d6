"""Choosing a protocol template (and side) to pre-fill the note; saving the note as one."""

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.points import PointEntry
from sportacu_desktop.domain.text import fold
from sportacu_desktop.services.protocols import Protocol, diagnoses_for
from sportacu_desktop.ui.charting.quick_entry import SIDE_WORDS

SIDE_LABELS = {"R": "Right", "L": "Left", "B": "Both / not sided"}


class TemplateDialog(QDialog):
    """Type to narrow (``itb r`` picks IT band syndrome, right side), Enter applies."""

    chosen = Signal(object, str)  # Protocol, side

    def __init__(self, protocols: list[Protocol], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Apply Template")
        self.protocols = protocols
        self.filter = QLineEdit()
        self.filter.setObjectName("templateFilter")
        self.filter.setPlaceholderText("Type a condition, then r, l or b for the side: itb r")
        self.filter.installEventFilter(self)
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.side = QComboBox()
        self.side.setObjectName("templateSide")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Side:", self.side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.fontMetrics().height() * 28)

        self.filter.textChanged.connect(self._refilter)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.side.currentIndexChanged.connect(self._show_details)
        self._refilter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Arrows in the filter move through the list, as in the patient search.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if step is not None and self.list.count():
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _query(self) -> tuple[str, str | None]:
        words = self.filter.text().split()
        side = SIDE_WORDS.get(words[-1].lower()) if len(words) > 1 else None
        if side:
            words = words[:-1]
        return fold(" ".join(words)), side

    def _refilter(self) -> None:
        query, _side = self._query()
        self.list.clear()
        for protocol in self.protocols:
            if query and query not in fold(f"{protocol.key} {protocol.name}"):
                continue
            label = protocol.name + ("" if protocol.builtin else "  (clinic template)")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, protocol.key)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.details.setText("No template matches.")
            self.side.clear()

    def current(self) -> Protocol | None:
        item = self.list.currentItem()
        if item is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return next(p for p in self.protocols if p.key == key)

    def _show_current(self) -> None:
        protocol = self.current()
        if protocol is None:
            return
        _query, wanted = self._query()
        self.side.blockSignals(True)
        self.side.clear()
        for side in protocol.sides:
            self.side.addItem(SIDE_LABELS.get(side, side), side)
        index = self.side.findData(wanted) if wanted else -1
        self.side.setCurrentIndex(max(index, 0))
        self.side.blockSignals(False)
        self._show_details()

    def _show_details(self) -> None:
        protocol = self.current()
        if protocol is None:
            return
        side = self.side.currentData() or "B"
        diagnoses = "; ".join(
            f"{code} {escape(text)}" for code, text in diagnoses_for(protocol, side)
        )
        # The points as they will be charted for the side chosen: LI4 on both sides stays LI4.
        points = " ".join(PointEntry(p.code, p.side_for(side)).shorthand() for p in protocol.points)
        lines = [
            f"<b>Points:</b> {escape(points)}",
            f"<b>Tests:</b> {escape(', '.join(protocol.tests)) or '—'}",
            f"<b>Dry needling:</b> {escape(', '.join(protocol.muscles)) or '—'}",
            f"<b>EA:</b> {len(protocol.electro)} pair(s)"
            + (
                f"; <b>cupping:</b> {escape(protocol.cupping['region'])}"
                if protocol.cupping
                else ""
            ),
            f"<b>Suggested diagnoses:</b> {diagnoses or '—'}",
        ]
        self.details.setText("<br>".join(lines))

    def accept(self) -> None:
        protocol = self.current()
        if protocol is None:
            return
        self.chosen.emit(protocol, self.side.currentData() or "B")
        super().accept()
