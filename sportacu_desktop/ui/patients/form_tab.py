"""What every page of the patient form shares: named inputs, errors, tab order."""

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.ui.widgets.field_form import FieldForm, read_value, write_value


def line_edit(limit: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(limit)
    edit.setPlaceholderText(placeholder)
    return edit


def text_box(lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line box where Tab moves on, as in every other field."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    metrics = box.fontMetrics()
    box.setFixedHeight(metrics.lineSpacing() * lines + 2 * metrics.height() // 2 + 4)
    return box


def group(title: str, form: QFormLayout | None = None) -> tuple[QGroupBox, FieldForm]:
    box = QGroupBox(title)
    form = form or FieldForm()
    box.setLayout(form)
    return box, form


def align_labels(*forms: QFormLayout) -> None:
    """Give forms stacked in one column the same label width, so their fields line up."""
    labels = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                labels.append(item.widget())
    if labels:
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)


class FormTab(QWidget):
    """A page of the form; subclasses add their FieldForms to ``self.forms``."""

    title = ""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.forms: list[FieldForm] = []

    @property
    def inputs(self) -> dict[str, QWidget]:
        found: dict[str, QWidget] = {}
        for form in self.forms:
            found.update(form.inputs)
        return found

    def values(self) -> dict[str, str]:
        return {name: read_value(widget) for name, widget in self.inputs.items()}

    def set_values(self, values: Mapping[str, str]) -> None:
        for name, widget in self.inputs.items():
            if name in values:
                write_value(widget, values[name])

    def captions(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for form in self.forms:
            found.update(form.captions)
        return found

    def show_errors(self, errors: Mapping[str, str]) -> list[str]:
        shown: list[str] = []
        for form in self.forms:
            shown += form.show_errors(errors)
        return shown

    def clear_errors(self) -> None:
        for form in self.forms:
            form.clear_errors()

    def error_text(self, name: str) -> str:
        for form in self.forms:
            if name in form.inputs:
                return form.error_text(name)
        raise KeyError(name)

    def focus_chain(self) -> list[QWidget]:
        """Every focusable widget of the page in the order the eye reads it."""
        return list(self.inputs.values())


def page(*widgets: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    return layout
