"""Admin ▸ Audit Trail: who did what to which chart, filtered, and exported as CSV.

Queries run on the background worker: on the 5,000-patient demo with 600,000 events a
filtered page takes 60–90 ms and the list of actions ~200 ms, but an unfiltered export of
that trail takes ~16 s, and a trail only grows.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.services.audit_log import AuditFilter, AuditLog, AuditRow
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.exports import save_export
from sportacu_desktop.services.patients import PatientDirectory, PatientNotFound
from sportacu_desktop.services.users import UserAdmin, UserView
from sportacu_desktop.ui.admin.audit_model import (
    COLUMNS,
    DETAIL_COLUMN,
    AuditTableModel,
    action_label,
)
from sportacu_desktop.ui.formatting import format_date, plural
from sportacu_desktop.ui.operations import BackgroundOp, TaskRunner, describe_error
from sportacu_desktop.ui.session.forms import MessageLine

PAGE_LIMIT = 5000
MAX_PATIENT_CHOICES = 15
DATE_FORMAT = "MM/dd/yyyy"


@dataclass(frozen=True)
class _Choices:
    actions: list[str]
    users: list[UserView]


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class AuditTrailWindow(QDialog):
    def __init__(
        self,
        clinic: Clinic,
        actor: Actor,
        patients: PatientDirectory,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("auditTrailWindow")
        self.setWindowTitle(f"Audit Trail — {APP_NAME}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self._log = AuditLog(clinic.session_factory, actor)
        self._accounts = UserAdmin(clinic.session_factory, actor)
        self._patients = patients
        self._runner = runner
        self._generation = 0
        self._patient_id: int | None = None
        self._patient_text = ""
        self._closed = False
        self.applied = AuditFilter()
        self.exported: Path | None = None
        self.patient_menu: QMenu | None = None

        self.patient = QLineEdit()
        self.patient.setPlaceholderText("Chart number or name, then Enter")
        self.patient.setClearButtonEnabled(True)
        self.patient.setAccessibleName("Patient")
        self.patient.returnPressed.connect(self.look_up_patient)
        self.patient.textChanged.connect(self._patient_text_changed)
        self.user = QComboBox()
        self.user.setAccessibleName("User")
        self.user.addItem("Anyone", "")
        self.action = QComboBox()
        self.action.setAccessibleName("Action")
        self.action.addItem("Any action", "")
        self.since_on = QCheckBox("&From:")
        self.until_on = QCheckBox("&To:")
        today = QDate.currentDate()
        self.since = self._date_edit(today.addDays(-30), self.since_on)
        self.until = self._date_edit(today, self.until_on)
        self.clear_button = QPushButton("&Clear Filters")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filters)

        filters = QGridLayout()
        patient_label = QLabel("&Patient:")
        patient_label.setBuddy(self.patient)
        user_label = QLabel("&User:")
        user_label.setBuddy(self.user)
        action_label_widget = QLabel("&Action:")
        action_label_widget.setBuddy(self.action)
        filters.addWidget(patient_label, 0, 0)
        filters.addWidget(self.patient, 0, 1, 1, 3)
        filters.addWidget(user_label, 0, 4)
        filters.addWidget(self.user, 0, 5)
        filters.addWidget(action_label_widget, 0, 6)
        filters.addWidget(self.action, 0, 7)
        filters.addWidget(self.since_on, 1, 0)
        filters.addWidget(self.since, 1, 1)
        filters.addWidget(self.until_on, 1, 2)
        filters.addWidget(self.until, 1, 3)
        filters.addWidget(self.clear_button, 1, 7)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        filters.setColumnStretch(5, 1)
        filters.setColumnStretch(7, 1)

        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit events")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        # Widths from samples of what the columns hold, so digits never get cut off.
        samples = (
            "88/88/8888 88:88:88",
            "login:dwhitcomb",
            "login failed",
            "SA-000000",
            "visit 00000",
        )
        for column, sample in enumerate(samples):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + metrics.height())
        header.setSectionResizeMode(DETAIL_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(int(metrics.height() * 1.6))
        assert len(samples) == len(COLUMNS) - 1

        self.summary = QLabel("Loading…")
        self.summary.setAccessibleName("Summary")
        self.message = MessageLine()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Enter belongs to the fields (the patient box, the years); Esc closes.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.export_button = buttons.addButton(
            "&Export CSV…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export_csv)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(metrics.averageCharWidth() * 170, metrics.height() * 40)

        self.user.currentIndexChanged.connect(self.apply_filters)
        self.action.currentIndexChanged.connect(self.apply_filters)
        for widget in (self.since_on, self.until_on):
            widget.toggled.connect(self.apply_filters)
        for widget in (self.since, self.until):
            widget.dateChanged.connect(self.apply_filters)
        self._load_choices()

    def _date_edit(self, value: QDate, switch: QCheckBox) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setEnabled(False)
        edit.setAccessibleName(switch.text().replace("&", "").rstrip(":") + " date")
        switch.toggled.connect(edit.setEnabled)
        switch.setToolTip("Only events on or after / up to this day")
        return edit

    # --- background work ----------------------------------------------------------------

    def _run(self, work, success, *, label: str | None = None) -> None:
        op = BackgroundOp(self, work, success, runner=self._runner)
        op.failure(self._failed)
        if label:
            op.with_progress(label, cancellable=False)
        op.run_in_background()

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.summary.setText("")
        self.message.say(describe_error(exc), problem=True)
        self.export_button.setEnabled(True)

    def _load_choices(self) -> None:
        def work(_progress) -> _Choices:
            return _Choices(self._log.actions(), self._accounts.users())

        self._run(work, self._choices_loaded)

    def _choices_loaded(self, choices: _Choices) -> None:
        if self._closed:
            return
        for combo in (self.user, self.action):
            combo.blockSignals(True)
        for account in choices.users:
            self.user.addItem(f"{account.display_name} ({account.username})", account.username)
        for action in choices.actions:
            self.action.addItem(action_label(action), action)
        for combo in (self.user, self.action):
            combo.blockSignals(False)
        self.apply_filters()

    # --- filtering ------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            patient_id=self._patient_id,
            actor=self.user.currentData() or "",
            action=self.action.currentData() or "",
            since=_to_date(self.since.date()) if self.since_on.isChecked() else None,
            until=_to_date(self.until.date()) if self.until_on.isChecked() else None,
        )

    def apply_filters(self, *_args) -> None:
        where = self.current_filter()
        if where.since and where.until and where.since > where.until:
            self.message.say("The From day is after the To day.", problem=True)
            return
        self.message.clear_message()
        self._generation += 1
        generation = self._generation
        self.summary.setText("Loading…")

        def work(_progress) -> list[AuditRow]:
            return self._log.events(where, limit=PAGE_LIMIT)

        self._run(work, lambda rows: self._show(generation, where, rows))

    def _show(self, generation: int, where: AuditFilter, rows: list[AuditRow]) -> None:
        if self._closed or generation != self._generation:
            return  # a newer filter is on its way
        self.applied = where
        self.model.set_rows(rows)
        if len(rows) >= PAGE_LIMIT:
            text = (
                f"Showing the newest {PAGE_LIMIT:,} events. Narrow the filters to see older "
                "ones; Export CSV writes every matching event."
            )
        elif rows:
            text = f"{plural(len(rows), 'event')}, newest first."
        else:
            text = "No events match these filters."
        self.summary.setText(text)

    def clear_filters(self) -> None:
        widgets = (self.user, self.action, self.since_on, self.until_on, self.patient)
        for widget in widgets:
            widget.blockSignals(True)
        self.user.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        self.since_on.setChecked(False)
        self.until_on.setChecked(False)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        self.patient.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self._patient_id, self._patient_text = None, ""
        self.apply_filters()

    # --- patient ----------------------------------------------------------------------

    def _patient_text_changed(self, text: str) -> None:
        if not text.strip() and self._patient_id is not None:
            self._patient_id, self._patient_text = None, ""
            self.apply_filters()

    def look_up_patient(self) -> None:
        text = self.patient.text().strip()
        if text == self._patient_text and self._patient_id is not None:
            return
        if not text:
            self.choose_patient(None, "")
            return
        try:
            self.choose_patient(self._patients.id_for_chart(text), text.upper())
            return
        except PatientNotFound:
            pass
        matches = self._patients.search(text, include_archived=True)
        if not matches:
            self.message.say(
                f"No patient matches “{text}”. Destroyed charts can be found by "
                "filtering on the destroy action.",
                problem=True,
            )
            return
        if len(matches) == 1:
            self.choose_patient(
                matches[0].id, f"{matches[0].chart_number} {matches[0].display_name}"
            )
            return
        menu = QMenu(self)
        menu.setObjectName("patientChoices")
        for row in matches[:MAX_PATIENT_CHOICES]:
            label = f"{row.chart_number}  {row.display_name}  {format_date(row.date_of_birth)}"
            chosen = menu.addAction(label)
            chosen.triggered.connect(
                lambda _checked=False, r=row: self.choose_patient(
                    r.id, f"{r.chart_number} {r.display_name}"
                )
            )
        if len(matches) > MAX_PATIENT_CHOICES:
            more = menu.addAction(f"{len(matches) - MAX_PATIENT_CHOICES} more: type more")
            more.setEnabled(False)
        self.patient_menu = menu
        menu.popup(self.patient.mapToGlobal(self.patient.rect().bottomLeft()))

    def choose_patient(self, patient_id: int | None, text: str) -> None:
        self._patient_id, self._patient_text = patient_id, text
        self.patient.blockSignals(True)
        self.patient.setText(text)
        self.patient.blockSignals(False)
        self.apply_filters()

    # --- export -------------------------------------------------------------------------

    def export_csv(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"audit-trail-{date.today().isoformat()}.csv")
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export Audit Trail", suggested, "CSV files (*.csv)"
        )
        if not name:
            return
        path = Path(name)
        where = self.applied
        self.export_button.setEnabled(False)
        self.message.clear_message()

        def work(_progress) -> Path:
            save_export(path, self._log.export_csv(where))
            return path

        self._run(work, self._exported, label="Exporting the audit trail…")

    def _exported(self, path: Path) -> None:
        if self._closed:
            return
        self.exported = path
        self.export_button.setEnabled(True)
        self.message.say(f"Exported to {path}. The export itself is in the audit trail.")

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)
