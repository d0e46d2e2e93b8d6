"""Patient registration from the main window: new, edit, archive, import.

The main window only wires actions to this object; everything about the patient form,
archiving and importing lives here, so the window stays thin. After anything is saved
the list and the open chart are refreshed from the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStatusBar, QWidget

from sportacu_desktop import APP_NAME
from sportacu_desktop.services.context import PermissionDenied
from sportacu_desktop.services.patient_import import (
    ImportFileError,
    ImportReport,
    import_patients,
    read_import_file,
)
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.formatting import plural
from sportacu_desktop.ui.operations import BackgroundOp, Progress, TaskRunner, describe_error
from sportacu_desktop.ui.patients.header_panel import PatientHeaderPanel
from sportacu_desktop.ui.patients.patient_services import PatientServices
from sportacu_desktop.ui.patients.search_panel import PatientSearchPanel

if TYPE_CHECKING:
    # The dialogs load on first use: they are not needed to show the main window.
    from sportacu_desktop.ui.patients.archive_dialog import ArchiveDialog
    from sportacu_desktop.ui.patients.form_dialog import PatientFormDialog
    from sportacu_desktop.ui.patients.import_dialog import ImportPreviewDialog

CSV_FILTER = "CSV files (*.csv);;All files (*)"


class PatientWindow(Protocol):
    """What the controller needs from the main window."""

    search_panel: PatientSearchPanel
    header_panel: PatientHeaderPanel

    def open_patient(self, patient_id: int) -> None: ...

    def update_patient_count(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...


class PatientActions(QObject):
    def __init__(
        self,
        window: QWidget,
        services: PatientServices,
        registry: ActionRegistry,
        *,
        runner: TaskRunner | None = None,
    ):
        super().__init__(window)
        self.services = services
        self.registry = registry
        self.runner = runner
        self.form_dialog: PatientFormDialog | None = None
        self.archive_dialog: ArchiveDialog | None = None
        self.import_preview: ImportPreviewDialog | None = None
        self.message_box: QMessageBox | None = None
        self.import_dir = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )

        registry[ActionId.NEW_PATIENT].triggered.connect(self.new_patient)
        registry[ActionId.EDIT_PATIENT].triggered.connect(self.edit_patient)
        registry[ActionId.ARCHIVE_PATIENT].triggered.connect(self.archive_patient)
        registry[ActionId.IMPORT_PATIENTS].triggered.connect(self.import_patients)
        self.window.header_panel.patient_changed.connect(self._update_actions)
        self._update_actions()

    @property
    def window(self) -> PatientWindow:
        # The window is this object's Qt parent. No Python reference to it is kept: a child
        # holding its parent alive from Python crashes the interpreter when Qt deletes both.
        return self.parent()  # type: ignore[return-value]

    @classmethod
    def create(cls, window: QWidget, context: AppContext, registry: ActionRegistry):
        return cls(window, PatientServices.create(context.clinic, context.actor), registry)

    def _update_actions(self, *_args) -> None:
        allowed = self.services.may_register
        header = self.window.header_panel.header
        self.registry[ActionId.NEW_PATIENT].setEnabled(allowed)
        self.registry[ActionId.IMPORT_PATIENTS].setEnabled(allowed)
        self.registry[ActionId.EDIT_PATIENT].setEnabled(allowed and header is not None)
        self.registry[ActionId.ARCHIVE_PATIENT].setEnabled(
            allowed and header is not None and not header.archived
        )

    # --- the form ------------------------------------------------------------------------

    def new_patient(self) -> None:
        from sportacu_desktop.ui.patients.form_dialog import PatientFormDialog

        self._show_form(PatientFormDialog(self.services, parent=self.window))

    def edit_patient(self) -> None:
        patient_id = self.window.header_panel.patient_id
        if patient_id is None:
            return
        try:
            record = self.services.records.get(patient_id)
            history = (
                self.services.intakes.history(patient_id) if self.services.may_read_intakes else []
            )
        except Exception as exc:  # noqa: BLE001 - told to the user, nothing half-open
            self._tell(describe_error(exc), QMessageBox.Icon.Warning)
            return
        from sportacu_desktop.ui.patients.form_dialog import PatientFormDialog

        self._show_form(PatientFormDialog(self.services, record, history, parent=self.window))

    def _show_form(self, dialog: PatientFormDialog) -> None:
        if self.form_dialog is not None and self.form_dialog.isVisible():
            self.form_dialog.raise_()
            self.form_dialog.activateWindow()
            dialog.deleteLater()
            return
        self.form_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.saved.connect(self.refresh_after_save)
        dialog.open_existing.connect(self._open_existing)
        dialog.destroyed.connect(lambda *_: self._forget_form(dialog))
        dialog.resize(dialog.sizeHint())
        dialog.open()
        dialog.show_tab(0)

    def _forget_form(self, dialog: PatientFormDialog) -> None:
        if self.form_dialog is dialog:
            self.form_dialog = None

    def _open_existing(self, patient_id: int) -> None:
        self._select_in_list(patient_id)
        self.window.open_patient(patient_id)

    def refresh_after_save(self, patient_id: int) -> None:
        """The list and the chart header again from the database, the saved patient open."""
        self._select_in_list(patient_id)
        self.window.open_patient(patient_id)
        self.window.update_patient_count()
        self.window.statusBar().showMessage("Patient saved.", 5000)

    def _select_in_list(self, patient_id: int) -> None:
        panel = self.window.search_panel
        panel.run_search()
        panel.select_patient(patient_id)

    # --- archiving -----------------------------------------------------------------------

    def archive_patient(self) -> None:
        header = self.window.header_panel.header
        if header is None:
            return
        from sportacu_desktop.ui.patients.archive_dialog import ArchiveDialog

        dialog = ArchiveDialog(header.full_name, header.chart_number, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._archive(header.id, dialog.reason_text()))
        self.archive_dialog = dialog
        dialog.open()

    def _archive(self, patient_id: int, reason: str) -> None:
        try:
            self.services.records.archive(patient_id, reason)
        except PermissionDenied as exc:
            self._tell(str(exc), QMessageBox.Icon.Warning)
            return
        except Exception as exc:  # noqa: BLE001
            self._tell(describe_error(exc), QMessageBox.Icon.Warning)
            return
        self.window.search_panel.run_search()
        self.window.open_patient(patient_id)
        self.window.update_patient_count()
        self.window.statusBar().showMessage(
            "Patient archived; the chart stays readable and in the audit trail.", 8000
        )

    # --- importing -----------------------------------------------------------------------

    def import_patients(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, "Import patients", self.import_dir, CSV_FILTER
        )
        if path:
            self.check_import_file(Path(path))

    def check_import_file(self, path: Path) -> None:
        """Read and check every row (nothing written), then show the preview."""
        self.import_dir = str(path.parent)
        try:
            data = read_import_file(path)
        except ImportFileError as exc:
            self._tell(str(exc))
            return
        clinic, actor = self.services.clinic, self.services.actor

        def work(progress: Progress) -> ImportReport:
            return import_patients(clinic.session_factory, actor, data, dry_run=True)

        BackgroundOp(
            self.window, work, lambda report: self._preview(path, data, report), runner=self.runner
        ).failure(lambda exc: self._tell(describe_error(exc))).with_progress(
            f"Checking {path.name}…", cancellable=False
        ).run_in_background()

    def _preview(self, path: Path, data: bytes, report: ImportReport) -> None:
        from sportacu_desktop.ui.patients.import_dialog import ImportPreviewDialog

        dialog = ImportPreviewDialog(path, report, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._run_import(path, data, len(report.ready)))
        self.import_preview = dialog
        dialog.open()

    def _run_import(self, path: Path, data: bytes, count: int) -> None:
        clinic, actor = self.services.clinic, self.services.actor

        def work(progress: Progress) -> ImportReport:
            return import_patients(clinic.session_factory, actor, data, progress=progress)

        BackgroundOp(self.window, work, self._imported, runner=self.runner).failure(
            lambda exc: self._tell(f"Nothing was imported: {describe_error(exc)}")
        ).cancelled(
            lambda: self._tell(
                "Import cancelled; no patient was imported.", QMessageBox.Icon.Information
            )
        ).with_progress(
            f"Importing {plural(count, 'patient')} from {path.name}…"
        ).run_in_background()

    def _imported(self, report: ImportReport) -> None:
        self.window.search_panel.run_search()
        self.window.update_patient_count()
        if report.problems:  # the file changed between the preview and the import
            self._tell("Nothing was imported: the file now has rows to fix. Import it again.")
            return
        created = report.created
        span = f" ({created[0]} – {created[-1]})" if created else ""
        skipped = (
            f" {plural(len(report.duplicates), 'duplicate')} skipped." if report.duplicates else ""
        )
        self._tell(
            f"Imported {plural(len(created), 'patient')}{span}.{skipped}",
            QMessageBox.Icon.Information,
        )

    # --- messages ------------------------------------------------------------------------

    def _tell(self, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Critical) -> None:
        box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.Ok, self.window)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
