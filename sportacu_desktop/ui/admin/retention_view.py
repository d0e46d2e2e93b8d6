"""Admin ▸ Records Retention: how long charts are kept, and destroying those past it.

Destruction cannot be undone, so it asks for the chart number typed out (not clicked) and
a reason, both recorded in the audit trail. The list query reads every patient once (about
0.1 s on the 5,000-patient demo), so it runs on the UI thread.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.settings import RETENTION_YEARS
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.retention import Retention, RetentionCandidate
from sportacu_desktop.ui.formatting import format_date, plural
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import FieldForm, MessageLine, problem_color, size_dialog
from sportacu_desktop.ui.session.login_dialog import heading_label, note_label

HEADERS = ("Chart", "Patient", "Last visit or registration", "Eligible since")


class DestroyDialog(QDialog):
    """Confirms one destruction: the chart number typed exactly, and a reason."""

    def __init__(self, candidate: RetentionCandidate, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("destroyDialog")
        self.setWindowTitle(f"Destroy Records — {APP_NAME}")
        self.candidate = candidate
        warning = QLabel(
            f"This permanently deletes every record of {candidate.name} "
            f"({candidate.chart_number}): registration, insurance, intake, visits, signed "
            "notes, billing and documents. It cannot be undone, and backups made before "
            "today still hold the chart until they rotate out. The audit trail keeps who "
            "destroyed it, when and why."
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(f"color: {problem_color(self)};")
        self.form = FieldForm()
        self.chart = self.form.add(
            "chart", "&Chart number:", QLineEdit(), f"Type {candidate.chart_number} to confirm."
        )
        self.reason = self.form.add("reason", "&Reason:", QLineEdit())
        self.reason.setPlaceholderText("For example: retention period over, annual review")
        buttons = QDialogButtonBox()
        self.destroy_button = buttons.addButton(
            "&Destroy Records", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.destroy_button.setEnabled(False)
        self.destroy_button.setAutoDefault(False)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter never destroys by accident
        self.destroy_button.clicked.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        for edit in (self.chart, self.reason):
            edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(f"Destroy {candidate.chart_number}?", self))
        layout.addWidget(warning)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        size_dialog(self, 72)
        self.chart.setFocus()

    def confirmed(self) -> bool:
        typed = self.chart.text().strip().upper()
        return typed == self.candidate.chart_number.upper() and bool(self.reason_text())

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def _update(self) -> None:
        self.destroy_button.setEnabled(self.confirmed())

    def confirm(self) -> None:
        if self.confirmed():
            self.accept()


class RetentionWindow(QDialog):
    def __init__(
        self,
        clinic: Clinic,
        actor: Actor,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("retentionWindow")
        self.setWindowTitle(f"Records Retention — {APP_NAME}")
        self._retention = Retention(clinic.session_factory, actor)
        self.candidates: list[RetentionCandidate] = []
        self.destroy_dialog: DestroyDialog | None = None

        self.years = QSpinBox()
        self.years.setRange(*RETENTION_YEARS.allowed_range)
        self.years.setSuffix(" years")
        self.years.setAccessibleName("Retention period in years")
        self.save_years_button = QPushButton("&Save")
        self.save_years_button.setAutoDefault(False)
        self.years.lineEdit().returnPressed.connect(self.save_years)  # Enter in the box saves
        self.save_years_button.clicked.connect(self.save_years)
        years_label = QLabel("&Keep charts for")
        years_label.setBuddy(self.years)
        years_row = QHBoxLayout()
        years_row.addWidget(years_label)
        years_row.addWidget(self.years)
        years_row.addWidget(QLabel("after the last visit."))
        years_row.addWidget(self.save_years_button)
        years_row.addStretch(1)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Charts past the retention period")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.summary = QLabel()
        self.message = MessageLine()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Enter belongs to the fields (the patient box, the years); Esc closes.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.destroy_button = buttons.addButton(
            "&Destroy Records…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.destroy_button.setAutoDefault(False)
        self.destroy_button.clicked.connect(self.ask_destroy)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Records retention", self))
        layout.addLayout(years_row)
        layout.addWidget(
            note_label(
                "For a patient who was a minor, the period starts at their 18th birthday if "
                "that is later. Charts are archived, never deleted, until an administrator "
                "destroys them here. Check your state's rules before shortening the period."
            )
        )
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 30)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.years.setValue(self._retention.years())
            self.candidates = self._retention.eligible()
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            self.candidates = []
        self.table.setRowCount(len(self.candidates))
        for row, candidate in enumerate(self.candidates):
            cells = (
                candidate.chart_number,
                candidate.name,
                format_date(candidate.last_activity),
                format_date(candidate.eligible_since),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.candidates:
            self.summary.setText(
                f"{plural(len(self.candidates), 'chart is', 'charts are')} past the retention "
                "period and may be destroyed."
            )
        else:
            self.summary.setText("No chart is past the retention period.")
        self._update_buttons()

    def selected(self) -> RetentionCandidate | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def select_chart(self, chart_number: str) -> None:
        for row, candidate in enumerate(self.candidates):
            if candidate.chart_number == chart_number:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        self.destroy_button.setEnabled(self.selected() is not None)

    def save_years(self) -> None:
        try:
            self._retention.set_years(self.years.value())
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.refresh()
        self.message.say(f"Charts are now kept {self.years.value()} years after the last visit.")

    def ask_destroy(self) -> None:
        candidate = self.selected()
        if candidate is None:
            return
        dialog = DestroyDialog(candidate, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.destroy(candidate, dialog.reason_text()))
        self.destroy_dialog = dialog
        dialog.open()

    def destroy(self, candidate: RetentionCandidate, reason: str) -> None:
        try:
            chart = self._retention.destroy(candidate.patient_id, reason)
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.refresh()
        self.message.say(
            f"{chart} ({candidate.name}) was destroyed. The audit trail records who did it and why."
        )
