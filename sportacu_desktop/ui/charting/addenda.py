"""Adding an addendum to a signed note: a reason and the text, both required."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.ui.charting.rows import error_label, show_error
from sportacu_desktop.ui.charting.section import note_box


class AddendumDialog(QDialog):
    submitted = Signal(str, str)  # reason, text

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add Addendum")
        self.reason = QLineEdit()
        self.reason.setObjectName("addendumReason")
        self.reason.setPlaceholderText("e.g. Side corrected, late entry, result added")
        self.reason.setMaxLength(300)
        self.text = note_box("addendumText", "What is added or corrected", lines=6)
        self.error = error_label()
        hint = QLabel("The signed note itself does not change; the addendum is shown under it.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add Addendum")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Reason:", self.reason)
        form.addRow("&Text:", self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def accept(self) -> None:
        reason, text = self.reason.text().strip(), self.text.toPlainText().strip()
        missing = [name for name, value in (("a reason", reason), ("the text", text)) if not value]
        if missing:
            show_error(self.error, "Enter " + " and ".join(missing) + ".")
            (self.reason if not reason else self.text).setFocus()
            return
        self.submitted.emit(reason, text)
        super().accept()
