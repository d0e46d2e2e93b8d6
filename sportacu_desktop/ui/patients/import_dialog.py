"""Preview of a patient import: what will be imported, what is skipped, what must be fixed.

Import is offered only when no row is bad, since the import is all or nothing.
"""

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.services.patient_import import ImportReport
from sportacu_desktop.ui.formatting import format_date, plural
from sportacu_desktop.ui.widgets.message_banner import MessageBanner
from sportacu_desktop.ui.widgets.record_table import RecordTable


class ImportPreviewDialog(QDialog):
    def __init__(self, path: Path, report: ImportReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import patients")
        self.report = report
        ready, skipped, bad = len(report.ready), len(report.duplicates), len(report.problems)

        title = QLabel(f"<b>{path.name}</b>: {plural(report.rows, 'patient row')}")
        title.setWordWrap(True)
        counts = QLabel(
            f"{plural(ready, 'patient')} ready to import  ·  "
            f"{plural(skipped, 'duplicate')} skipped  ·  "
            f"{plural(bad, 'row')} to fix"
        )
        self.banner = MessageBanner()
        if bad:
            self.banner.show_problem(
                f"Nothing can be imported until every row reads correctly: fix the "
                f"{plural(bad, 'row')} listed under “Rows to fix” in the file, save it, and "
                "import it again. No patient has been imported."
            )
        elif not ready:
            self.banner.show_info("Every patient in this file is already registered.")

        self.ready_table = RecordTable(
            ("Row", "Last name", "First name", "Date of birth", "Phone", "City", "Payer"),
            stretch=1,
            visible_rows=8,
            empty_text="No new patient in this file.",
        )
        self.ready_table.setAccessibleName("Patients to import")
        self.ready_table.set_rows(
            [
                (
                    line,
                    [
                        str(line),
                        checked.details["last_name"],
                        checked.details["first_name"],
                        format_date(checked.details["date_of_birth"]),
                        checked.details["phone"],
                        checked.details["city"],
                        (checked.insurance.get(1) or {}).get("payer", ""),
                    ],
                )
                for line, checked in report.ready
            ]
        )
        self.duplicates_table = self._notes_table(report.duplicates, "No duplicates.")
        self.duplicates_table.setAccessibleName("Duplicates skipped")
        self.problems_table = self._notes_table(report.problems, "Every row reads correctly.")
        self.problems_table.setAccessibleName("Rows to fix")

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.problems_table, f"Rows to fix ({bad})")
        self.tabs.addTab(self.ready_table, f"To import ({ready})")
        self.tabs.addTab(self.duplicates_table, f"Duplicates skipped ({skipped})")
        self.tabs.setCurrentWidget(self.problems_table if bad else self.ready_table)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            f"&Import {plural(ready, 'patient')}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(ready > 0 and not bad)
        self.import_button.setDefault(self.import_button.isEnabled())
        if bad:
            self.import_button.setToolTip("Fix the rows listed first: the import is all or nothing")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(counts)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, metrics.height() * 30)

    @staticmethod
    def _notes_table(notes, empty: str) -> RecordTable:
        table = RecordTable(
            ("Row", "Reason"), stretch=1, visible_rows=6, empty_text=empty, wrap=True
        )
        table.set_rows([(note.row, [str(note.row), note.message]) for note in notes])
        return table
