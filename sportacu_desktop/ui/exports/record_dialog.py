"""Ask who receives a patient's record, why, and which new folder to write it to."""

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.disclosures import PURPOSE_MAX, RECIPIENT_MAX, default_for


class RecordRequestDialog(QDialog):
    def __init__(self, name: str, chart: str, start_folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Patient's record on request")
        intro = QLabel(
            f"<b>A copy of {name}'s complete record ({chart})</b><br>"
            "Every signed visit note with its addenda in one PDF, the superbills and "
            "summaries as issued, and the record as FHIR data, in a new folder. The release "
            "is recorded in the patient's accounting of disclosures."
        )
        intro.setWordWrap(True)
        default = default_for("record_request")
        self.recipient = QLineEdit(default.recipient)
        self.recipient.setMaxLength(RECIPIENT_MAX)
        self.purpose = QLineEdit(default.purpose)
        self.purpose.setMaxLength(PURPOSE_MAX)
        folder = Path(start_folder) / f"Record {chart} {date.today().isoformat()}"
        self.folder = QLineEdit(str(folder))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Given to:", self.recipient)
        form.addRow("&Purpose:", self.purpose)
        # A row holding a layout gets no buddy of its own: the label names the field.
        folder_label = QLabel("New &folder:")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, where)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Write Record")
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Name of the new folder", self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def _check(self) -> None:
        problem = self.problem_with_input()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if not problem:
            self.accept()

    def problem_with_input(self) -> str:
        """What keeps the record from being written, in plain words; empty when nothing."""
        if not self.recipient.text().strip():
            return "Say who receives the record: the patient, or whom they named."
        if not self.purpose.text().strip():
            return "Say why the record is given (for example “At the patient's request”)."
        text = self.folder.text().strip()
        if not text:
            return "Give the name of a new folder for the record."
        folder = Path(text).expanduser()
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            return f"{folder} already exists: give the name of a new folder."
        if not folder.parent.is_dir():
            return f"The folder {folder.parent} does not exist."
        return ""

    def choice(self) -> tuple[Path, str, str]:
        return (
            Path(self.folder.text().strip()).expanduser(),
            self.recipient.text().strip(),
            self.purpose.text().strip(),
        )
