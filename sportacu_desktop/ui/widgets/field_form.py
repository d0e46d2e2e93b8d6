"""Forms whose fields say what is wrong with them, right under the field.

A ``FieldForm`` is a QFormLayout that knows each field by name. Every field gets a hidden
row under it for its error; ``show_errors`` fills the rows of the named fields and leaves
what was typed untouched, so fixing a mistake never means typing the rest again.

``read_value`` / ``write_value`` read and write any input widget as text, so forms can be
compared, merged and loaded as plain ``dict[str, str]``.
"""

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

# Readable on a light window and on a dark one (the dark value is a light red).
ERROR_ON_LIGHT = "#b3261e"
ERROR_ON_DARK = "#f2b8b5"


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget) -> QColor:
    return QColor(ERROR_ON_DARK if is_dark(widget) else ERROR_ON_LIGHT)


def paint_as_error(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, error_color(label))
    label.setPalette(palette)


class ErrorLabel(QLabel):
    """The message under a field; its colour follows the theme."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        paint_as_error(self)


def read_value(widget: QWidget) -> str:
    """A widget's value as text: combos give their item data, check boxes "1" or ""."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return str(data) if data is not None else widget.currentText()
    if isinstance(widget, QGroupBox):
        return "1" if widget.isChecked() else ""
    if isinstance(widget, QCheckBox):
        return "1" if widget.isChecked() else ""
    raise TypeError(f"cannot read a {type(widget).__name__}")


def write_value(widget: QWidget, value: str) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(value)
        widget.setCursorPosition(0)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index < 0 and widget.isEditable():
            widget.setEditText(value)
        else:
            widget.setCurrentIndex(max(index, 0))
    elif isinstance(widget, QGroupBox | QCheckBox):
        widget.setChecked(bool(value))
    else:
        raise TypeError(f"cannot write a {type(widget).__name__}")


def plain_caption(text: str) -> str:
    """'Date of &birth' -> 'Date of birth' (mnemonic markers out)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":")


class FieldForm(QFormLayout):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        # Labels sit at the top of their row, centred on the field's first line, so they
        # stay put when an error opens under the field.
        self.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._line_height = QLineEdit().sizeHint().height()
        self.inputs: dict[str, QWidget] = {}
        self.captions: dict[str, str] = {}
        self._errors: dict[str, ErrorLabel] = {}

    def add_field(
        self,
        name: str,
        caption: str,
        widget: QWidget,
        *,
        row_widget: QWidget | None = None,
        show_caption: bool = True,
    ) -> QWidget:
        """Add ``widget`` as field ``name``; ``row_widget`` wraps it if it needs company.

        Without ``show_caption`` the field spans the form (its group box names it).
        """
        error = ErrorLabel()
        error.setAccessibleName(f"Problem with {plain_caption(caption).lower()}")
        error.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(row_widget or widget)
        column.addWidget(error)
        if show_caption:
            label = QLabel(caption if caption.endswith(":") else f"{caption}:")
            label.setBuddy(widget)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            # One field line tall, so the caption reads level with the field's first line.
            first_line = self._line_height
            if not isinstance(widget, QPlainTextEdit):
                first_line = max(first_line, (row_widget or widget).sizeHint().height())
            label.setFixedHeight(first_line)
            self.addRow(label, cell)
        else:
            self.addRow(cell)
        self.inputs[name] = widget
        self.captions[name] = plain_caption(caption)
        self._errors[name] = error
        if not widget.accessibleName():
            widget.setAccessibleName(plain_caption(caption))
        return widget

    def add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.addRow("", note)
        return note

    def error_label(self, name: str) -> ErrorLabel:
        return self._errors[name]

    def error_text(self, name: str) -> str:
        label = self._errors[name]
        return "" if label.isHidden() else label.text()

    def show_errors(self, errors: Mapping[str, str]) -> list[str]:
        """Show the errors of this form's fields; returns their names in form order."""
        shown = []
        for name, label in self._errors.items():
            message = errors.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
            self.inputs[name].setAccessibleDescription(message)
            if message:
                shown.append(name)
        return shown

    def clear_errors(self, names: Iterable[str] | None = None) -> None:
        for name in self._errors if names is None else names:
            if name in self._errors:
                label = self._errors[name]
                label.clear()
                label.hide()
                self.inputs[name].setAccessibleDescription("")
