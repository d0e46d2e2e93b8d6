"""Open or edit an episode of care: title, onset, recurring/maintenance, diagnoses.

Keyboard first: the title has focus, Tab goes through onset and the diagnosis search,
Enter in the search adds the highlighted billable code, Delete removes the selected
diagnosis and Ctrl+Up / Ctrl+Down reorder them (the first is the primary diagnosis).
A refused save keeps everything typed and says what to fix.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
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

from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.episodes import EpisodeView
from sportacu_desktop.ui.episodes.icd_picker import IcdPicker
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit
from sportacu_desktop.ui.widgets.message_banner import MessageBanner

FIELD_NAMES = {
    "title": "Title",
    "onset_date": "Onset",
    "diagnoses": "Diagnoses",
}


class EpisodeDialog(QDialog):
    """Emits ``submitted`` with the form's values; the caller saves and calls ``done_ok``
    or ``show_errors``, so a refused save never closes the dialog."""

    submitted = Signal(dict)

    def __init__(self, episode: EpisodeView | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("episodeDialog")
        self.episode = episode
        self.setWindowTitle("Edit Episode" if episode else "New Episode of Care")
        self.banner = MessageBanner(self)
        self.title = QLineEdit()
        self.title.setObjectName("episodeTitle")
        self.title.setPlaceholderText("e.g. Achilles tendinopathy, right")
        self.title.setMaxLength(200)
        self.onset = DateLineEdit()
        self.onset.setObjectName("episodeOnset")
        self.recurring = QCheckBox("&Recurring problem (counts as chronic)")
        self.maintenance = QCheckBox("&Maintenance care (no injury; every 2–6 weeks)")
        self.diagnoses = QListWidget()
        self.diagnoses.setObjectName("episodeDiagnoses")
        self.diagnoses.setAccessibleName("Diagnoses, primary first")
        self.diagnoses.setMaximumHeight(self.fontMetrics().height() * 7)
        self.picker = IcdPicker()
        self.picker.chosen.connect(self.add_diagnosis)
        hint = QLabel("Enter adds the highlighted code · Delete removes · Ctrl+↑/↓ reorders")
        hint.setForegroundRole(hint.foregroundRole())
        hint.setEnabled(False)

        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Onset:", self.onset)
        form.addRow("", self.recurring)
        form.addRow("", self.maintenance)
        form.addRow("Diagnoses (primary first):", self.diagnoses)
        form.addRow("&Find code:", self.picker)
        form.addRow("", hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        # Enter belongs to the code search; Ctrl+Enter (or the Save button) saves.
        for button in buttons.buttons():
            button.setAutoDefault(False)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.diagnoses, self.remove_selected)
        QShortcut(QKeySequence("Ctrl+Up"), self.diagnoses, lambda: self.move_selected(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.diagnoses, lambda: self.move_selected(1))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 34)
        if episode is not None:
            self.title.setText(episode.title)
            self.onset.setText(format_date(episode.onset_date) if episode.onset_date else "")
            self.recurring.setChecked(episode.recurring)
            self.maintenance.setChecked(episode.maintenance)
            for code, description in episode.diagnoses:
                self.add_diagnosis(code, description)
        self.setTabOrder(self.title, self.onset)
        self.setTabOrder(self.onset, self.recurring)
        self.setTabOrder(self.recurring, self.maintenance)
        self.setTabOrder(self.maintenance, self.picker.search)
        self.title.setFocus()

    def codes(self) -> list[str]:
        return [
            self.diagnoses.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.diagnoses.count())
        ]

    def add_diagnosis(self, code: str, description: str) -> None:
        if code in self.codes():
            self.banner.show_info(f"{code} is already listed.")
            return
        item = QListWidgetItem(f"{code}  {description}")
        item.setData(Qt.ItemDataRole.UserRole, code)
        self.diagnoses.addItem(item)
        self._mark_primary()

    def remove_selected(self) -> None:
        row = self.diagnoses.currentRow()
        if row >= 0:
            self.diagnoses.takeItem(row)
            self._mark_primary()

    def move_selected(self, step: int) -> None:
        row = self.diagnoses.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.diagnoses.count():
            return
        item = self.diagnoses.takeItem(row)
        self.diagnoses.insertItem(target, item)
        self.diagnoses.setCurrentRow(target)
        self._mark_primary()

    def _mark_primary(self) -> None:
        for i in range(self.diagnoses.count()):
            item = self.diagnoses.item(i)
            font = item.font()
            font.setBold(i == 0)
            item.setFont(font)

    def values(self) -> dict:
        return {
            "title": self.title.text(),
            "onset_date": self.onset.text(),
            "diagnoses": self.codes(),
            "recurring": self.recurring.isChecked(),
            "maintenance": self.maintenance.isChecked(),
        }

    def submit(self) -> None:
        self.submitted.emit(self.values())

    def show_errors(self, errors: FieldErrors | Exception) -> None:
        if isinstance(errors, FieldErrors):
            text = "\n".join(
                f"{FIELD_NAMES.get(name, name)}: {message}"
                for name, message in errors.errors.items()
            )
        else:
            text = str(errors)
        self.banner.show_problem(text)
