"""Archive a patient: the chart stays, out of the daily list, with the reason on record."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

REASONS = (
    "Moved away",
    "Duplicate record",
    "Discharged, no further care planned",
    "Transferred to another clinic",
    "Deceased",
)


class ArchiveDialog(QDialog):
    def __init__(self, name: str, chart: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Archive patient")
        text = QLabel(
            f"<b>Archive {name} ({chart})?</b><br>"
            "Archived patients leave the patient list. Nothing is deleted: the chart, "
            "visits and documents stay in the clinic database and the audit trail."
        )
        text.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Typed reasons stay as typed: no completion rewriting "Moved to Denver" mid-word.
        self.reason.setCompleter(None)
        self.reason.addItems(REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("Choose or type why")
        self.reason.lineEdit().setMaxLength(500)
        self.reason.setAccessibleName("Reason for archiving")
        form = QFormLayout()
        form.addRow("&Reason:", self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.archive_button = self.buttons.addButton(
            "&Archive", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.archive_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.editTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self._update()
        self.reason.setFocus()

    def reason_text(self) -> str:
        return self.reason.currentText().strip()

    def _update(self, *_args) -> None:
        self.archive_button.setEnabled(bool(self.reason_text()))
