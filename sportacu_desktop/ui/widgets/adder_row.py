"""A one-line form that adds an item to a list: captions above, fields, an Add button.

Enter in any of its line edits presses Add. A problem is shown under the row and the
typed values stay, with the cursor in the field to fix.
"""

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from sportacu_desktop.ui.widgets.field_form import ErrorLabel, plain_caption


class AdderRow(QWidget):
    def __init__(
        self,
        fields: Sequence[tuple[str, QWidget, int]],
        button_text: str,
        parent: QWidget | None = None,
    ):
        """``fields``: (caption, widget, stretch) in reading order."""
        super().__init__(parent)
        self.widgets = [widget for _caption, widget, _stretch in fields]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (caption, widget, stretch) in enumerate(fields):
            label = QLabel(caption)
            label.setBuddy(widget)
            if not widget.accessibleName():
                widget.setAccessibleName(plain_caption(caption))
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
            grid.setColumnStretch(column, stretch)
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self._press)
        self.button = QPushButton(button_text)
        self.button.setAutoDefault(False)
        grid.addWidget(self.button, 1, len(fields))
        self.error = ErrorLabel()
        self.error.hide()
        grid.addWidget(self.error, 2, 0, 1, len(fields) + 1)

    def _press(self) -> None:
        if self.button.isEnabled():
            self.button.click()

    def show_error(self, message: str, widget: QWidget | None = None) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if widget is not None:
            widget.setFocus()

    def clear_error(self) -> None:
        self.show_error("")

    def focus_chain(self) -> list[QWidget]:
        return [*self.widgets, self.button]
