"""'This may be a patient already registered': open that chart, or create anyway."""

from enum import Enum

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from sportacu_desktop.domain.patients import PatientRow
from sportacu_desktop.ui.formatting import format_date, plural
from sportacu_desktop.ui.widgets.record_table import RecordTable


class DuplicateChoice(Enum):
    OPEN_EXISTING = "open"
    CREATE_ANYWAY = "create"
    BACK = "back"


class DuplicateDialog(QDialog):
    def __init__(self, matches: list[PatientRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Possible duplicate patient")
        self.choice = DuplicateChoice.BACK
        self.matches = list(matches)
        text = QLabel(
            "<b>This patient may already be registered.</b><br>"
            f"{plural(len(matches), 'patient')} with the same name and date of birth, or the "
            "same phone number, "
            + ("is" if len(matches) == 1 else "are")
            + " already in the clinic. Open the existing chart rather than registering the "
            "same person twice."
        )
        text.setWordWrap(True)
        self.table = RecordTable(
            ("Chart", "Name", "Date of birth", "Phone", "Status"), stretch=1, visible_rows=3
        )
        self.table.setAccessibleName("Patients already registered")
        self.table.set_rows(
            [
                (
                    row.id,
                    [
                        row.chart_number,
                        f"{row.last_name}, {row.first_name}",
                        format_date(row.date_of_birth),
                        row.phone,
                        "Archived" if row.archived else "Active",
                    ],
                )
                for row in matches
            ]
        )
        self.table.selectRow(0)
        self.table.activated.connect(lambda _index: self._choose(DuplicateChoice.OPEN_EXISTING))

        buttons = QDialogButtonBox(self)  # parented now, so setDefault reaches the dialog
        self.open_button = buttons.addButton(
            "&Open existing", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button = buttons.addButton(
            "&Create anyway", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.back_button = buttons.addButton(
            "&Back to the form", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._choose(DuplicateChoice.OPEN_EXISTING))
        self.create_button.clicked.connect(lambda: self._choose(DuplicateChoice.CREATE_ANYWAY))
        self.back_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.table.setFocus()

    def selected_id(self) -> int:
        key = self.table.current_key()
        return key if isinstance(key, int) else self.matches[0].id

    def _choose(self, choice: DuplicateChoice) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:
        self.choice = DuplicateChoice.BACK
        super().reject()
