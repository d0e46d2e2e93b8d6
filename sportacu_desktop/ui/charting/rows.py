"""Rows of small editors under a quick-entry line: the building block of every list section.

A section such as dry needling is a ``RowTable``: a line where ``tfl r 2 ltr`` + Enter adds
a row, and rows of plain widgets (line edits, combos, check boxes) that Tab walks through
like a form. Widgets rather than an item view: no edit mode to enter, every cell keeps
exactly what was typed (valid or not) for the draft, and an error sits under its row.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.enums import Side

ERROR_RED = "#b3261e"
REMOVE_KEYS = "Ctrl+Del"
SIDES = tuple((side.value, side.label) for side in (Side.BILATERAL, Side.LEFT, Side.RIGHT))
# What a completion inserts; the list shows the display text (name with region, pinyin…).
COMPLETION_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | combo | check | label (shown, not edited or stored)
    chars: int = 8  # width in average characters; ignored when ``stretch``
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label) for a combo
    completions: Callable[[], Sequence[str]] | None = None
    stretch: int = 0
    placeholder: str = ""


class _NoWheel(QObject):
    """A combo scrolled past by the mouse wheel must not change value."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            event.ignore()
            return True
        return False


_NO_WHEEL = _NoWheel()


def name_completer(names: Sequence[str | tuple[str, str]], parent: QObject) -> QCompleter:
    """Type-ahead over ``names``; a (text, shown) pair inserts text but lists ``shown``."""
    model = QStandardItemModel(parent)
    for name in names:
        text, shown = name if isinstance(name, tuple) else (name, name)
        item = QStandardItem(shown)
        item.setData(text, COMPLETION_ROLE)
        model.appendRow(item)
    completer = QCompleter(model, parent)
    completer.setCompletionRole(COMPLETION_ROLE)
    completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setStyleSheet(f"QLabel#fieldError {{ color: {ERROR_RED}; }}")
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def column_width(widget: QWidget, column: Column) -> int:
    metrics = widget.fontMetrics()
    width = metrics.averageCharWidth() * column.chars + 16
    if column.kind == "combo":
        # Wide enough for the longest choice plus the drop-down arrow.
        labels = [label for _value, label in column.choices]
        width = max([width] + [metrics.horizontalAdvance(t) + 44 for t in labels])
    if column.kind == "check":
        width = max(width, metrics.horizontalAdvance(column.title) + 30)
    return width


def _end_row(layout: QHBoxLayout, columns: Sequence[Column]) -> None:
    """Rows without a stretching column keep their cells left-aligned under the header."""
    if not any(column.stretch for column in columns):
        layout.addStretch(1)


class RowWidget(QWidget):
    """One row: an editor per column, a remove button, and its error underneath."""

    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = columns
        self.editors: dict[str, QWidget] = {}
        cells = QHBoxLayout()
        cells.setContentsMargins(0, 0, 0, 0)
        for column in columns:
            editor = self._editor(column)
            editor.setAccessibleName(column.title)
            if column.stretch:
                cells.addWidget(editor, column.stretch)
            else:
                editor.setFixedWidth(column_width(self, column))
                cells.addWidget(editor)
            self.editors[column.key] = editor
        _end_row(cells, columns)
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.setToolTip(f"Remove this row ({REMOVE_KEYS})")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        cells.addWidget(self.remove_button)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(cells)
        layout.addWidget(self.error)

    def _editor(self, column: Column) -> QWidget:
        if column.kind == "label":
            label = QLabel()
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            return label
        if column.kind == "combo":
            combo = QComboBox()
            for value, label in column.choices:
                combo.addItem(label, value)
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            combo.installEventFilter(_NO_WHEEL)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if column.kind == "check":
            box = QCheckBox(column.title)
            box.setToolTip(column.placeholder)
            box.toggled.connect(self.changed)
            return box
        edit = QLineEdit()
        edit.setPlaceholderText(column.placeholder)
        if column.completions is not None:
            edit.setCompleter(name_completer(column.completions(), edit))
        edit.textChanged.connect(self.changed)
        return edit

    def values(self) -> dict:
        values: dict = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                values[key] = editor.currentData()
            elif isinstance(editor, QCheckBox):
                values[key] = editor.isChecked()
            elif isinstance(editor, QLineEdit):
                values[key] = editor.text()
        return values

    def set_values(self, values: dict) -> None:
        for key, value in values.items():
            editor = self.editors.get(key)
            if isinstance(editor, QComboBox):
                index = editor.findData(value)
                if index < 0 and value not in (None, ""):
                    # Kept even if the list does not know it, so no typed value is lost.
                    editor.addItem(str(value), value)
                    index = editor.count() - 1
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QLineEdit):
                editor.setText("" if value is None else str(value))

    def set_error(self, message: str | None) -> None:
        show_error(self.error, message)

    def focus_widgets(self) -> list[QWidget]:
        return [e for e in self.editors.values() if not isinstance(e, QLabel)]


class RowTable(QWidget):
    """A quick-entry line over rows. ``parse`` turns the line into a row's values."""

    changed = Signal()
    rows_changed = Signal()  # rows added or removed: the tab order must be rebuilt

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        name: str,
        parse: Callable[[str], dict] | None,
        placeholder: str,
        completions: Sequence[str | tuple[str, str]] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.columns = columns
        self._parse = parse
        self.rows: list[RowWidget] = []

        self.line = QLineEdit()
        self.line.setObjectName(f"{name}Line")
        self.line.setPlaceholderText(placeholder)
        self.line.setAccessibleName(f"Add {name}")
        self.line.setClearButtonEnabled(True)
        if completions:
            self.line.setCompleter(name_completer(completions, self.line))
        self.line.returnPressed.connect(self.add_from_line)
        self.line.textChanged.connect(self.changed)
        self.line_error = error_label()

        self.header = QWidget()
        header = QHBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        for column in columns:
            label = QLabel("" if column.kind == "check" else column.title)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            if column.stretch:
                header.addWidget(label, column.stretch)
            else:
                label.setFixedWidth(column_width(self, column))
                header.addWidget(label)
        _end_row(header, columns)
        header.addSpacing(self.fontMetrics().horizontalAdvance("✕") + 12)
        self.header.hide()

        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.line_error)
        layout.addWidget(self.header)
        layout.addLayout(self._rows_box)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        remove = QShortcut(QKeySequence(REMOVE_KEYS), self)
        remove.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.activated.connect(self._remove_focused_row)

    # --- rows ----------------------------------------------------------------------------

    def add_from_line(self) -> bool:
        text = self.line.text().strip()
        if not text or self._parse is None:
            return False
        try:
            values = self._parse(text)
        except ValueError as exc:
            show_error(self.line_error, str(exc))
            return False
        show_error(self.line_error, None)
        self.add_row(values)
        self.line.clear()
        return True

    def add_row(self, values: dict | None = None) -> RowWidget:
        row = RowWidget(self.columns, self)
        if values:
            row.set_values(values)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self.remove_row)
        self._rows_box.addWidget(row)
        row.show()  # at once, not on the next event loop turn: Tab may reach it right away
        self.rows.append(row)
        self.header.show()
        self.rows_changed.emit()
        self.changed.emit()
        return row

    def remove_row(self, row: QWidget) -> None:
        if row not in self.rows:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()
        self.header.setVisible(bool(self.rows))
        self.rows_changed.emit()
        self.changed.emit()
        following = self.rows[min(index, len(self.rows) - 1)] if self.rows else None
        target = following.focus_widgets()[0] if following else self.line
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_focused_row(self) -> None:
        focus = self.focusWidget()
        for row in self.rows:
            if focus is not None and row.isAncestorOf(focus):
                self.remove_row(row)
                return

    def clear_rows(self) -> None:
        for row in list(self.rows):
            self.rows.remove(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.header.hide()
        self.rows_changed.emit()

    def values(self) -> list[dict]:
        return [row.values() for row in self.rows]

    # --- drafts and errors ---------------------------------------------------------------

    def raw(self) -> dict:
        return {"line": self.line.text(), "rows": self.values()}

    def load_raw(self, raw: dict) -> None:
        self.clear_rows()
        for values in raw.get("rows", []):
            self.add_row(values)
        self.line.setText(raw.get("line", ""))

    def set_errors(self, errors: dict[int, str]) -> None:
        """Errors by 1-based row number; rows without one are cleared."""
        for number, row in enumerate(self.rows, start=1):
            row.set_error(errors.get(number))

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.line]
        for row in self.rows:
            chain.extend(row.focus_widgets())
        return chain


def to_int(text, what: str, problems: list[str], *, required: bool = False) -> int | None:
    """A whole number from a cell, or None; a readable problem otherwise."""
    value = str(text).strip() if text is not None else ""
    if not value:
        if required:
            problems.append(f"enter the {what}")
        return None
    try:
        return int(value)
    except ValueError:
        problems.append(f"the {what} must be a whole number, not “{value}”")
        return None
