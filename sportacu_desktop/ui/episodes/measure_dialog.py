"""Record a session's outcome measures and recovery markers for an episode.

Every box is optional; what is typed is checked as a whole when saved and stays in the
boxes, with the problems named, if anything is out of range.
"""

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.outcomes import INSTRUMENTS, OUTCOME_MEASURES, RECOVERY_MARKERS
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit
from sportacu_desktop.ui.widgets.message_banner import MessageBanner

PSFS_ROWS = 5


def _range(key: str) -> str:
    spec = INSTRUMENTS[key]
    return f"{spec.low:g}–{spec.high:g} {spec.unit}".strip()


class MeasureDialog(QDialog):
    submitted = Signal(dict, list, str)  # values by instrument, PSFS rows, date typed

    def __init__(self, episode_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("measureDialog")
        self.setWindowTitle(f"Record Measures — {episode_title}")
        self.banner = MessageBanner(self)
        self.measured_on = DateLineEdit()
        self.measured_on.setObjectName("measuredOn")
        self.measured_on.set_date(date.today())
        self.boxes: dict[str, QLineEdit] = {}

        outcomes = QGroupBox("Outcome measures")
        outcome_form = QFormLayout(outcomes)
        for key in OUTCOME_MEASURES:
            if key == "PSFS":
                continue
            outcome_form.addRow(f"{INSTRUMENTS[key].label}:", self._box(key))
        psfs = QGroupBox("PSFS: 3–5 activities the patient finds hard, each 0–10")
        grid = QGridLayout(psfs)
        self.psfs_rows: list[tuple[QLineEdit, QLineEdit]] = []
        for row in range(PSFS_ROWS):
            name, score = QLineEdit(), QLineEdit()
            name.setPlaceholderText(f"Activity {row + 1}")
            name.setObjectName(f"psfsActivity{row}")
            score.setPlaceholderText("0–10")
            score.setObjectName(f"psfsScore{row}")
            score.setMaximumWidth(self.fontMetrics().averageCharWidth() * 8)
            grid.addWidget(name, row, 0)
            grid.addWidget(score, row, 1)
            self.psfs_rows.append((name, score))
        markers = QGroupBox("Recovery markers")
        marker_form = QFormLayout(markers)
        for key in RECOVERY_MARKERS:
            marker_form.addRow(f"{INSTRUMENTS[key].label}:", self._box(key))

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(outcomes)
        left.addWidget(psfs)
        columns.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(markers)
        right.addStretch(1)
        columns.addLayout(right, 2)
        top = QFormLayout()
        top.addRow("&Measured on:", self.measured_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        note = QLabel("VISA-A and VISA-P: enter the questionnaire's total score only.")
        note.setEnabled(False)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.boxes["NPRS"].setFocus()

    def _box(self, key: str) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName(f"measure_{key}")
        box.setPlaceholderText(_range(key))
        box.setAccessibleName(INSTRUMENTS[key].label)
        box.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.boxes[key] = box
        return box

    def submit(self) -> None:
        values = {key: box.text() for key, box in self.boxes.items()}
        psfs = [(name.text(), score.text()) for name, score in self.psfs_rows]
        self.submitted.emit(values, psfs, self.measured_on.text())

    def show_errors(self, errors: Exception) -> None:
        is_form = isinstance(errors, FieldErrors)
        text = "\n".join(errors.errors.values()) if is_form else str(errors)
        self.banner.show_problem(text)

    def set_date(self, value: date) -> None:
        self.measured_on.setText(format_date(value))
