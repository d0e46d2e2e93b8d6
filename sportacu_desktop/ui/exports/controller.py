"""File ▸ Export ▸ FHIR… and Patient ▸ Patient's Record on Request…, off the UI thread.

Both run as one background operation with a progress dialog that can be cancelled; a
cancelled export leaves nothing under the name the user chose.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from sportacu_desktop import APP_NAME
from sportacu_desktop.services.fhir_export import FhirExport, FhirExportResult
from sportacu_desktop.services.patient_record import PatientRecordRequest, ReleasedRecord
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.formatting import plural
from sportacu_desktop.ui.operations import BackgroundOp, Progress, TaskRunner, describe_error
from sportacu_desktop.ui.patients.header_panel import PatientHeaderPanel

JSON_FILTER = "FHIR JSON (*.json);;All files (*)"


class ExportActions(QObject):
    def __init__(
        self,
        window: QWidget,
        context: AppContext,
        registry: ActionRegistry,
        header_panel: PatientHeaderPanel,
        *,
        runner: TaskRunner | None = None,
    ):
        super().__init__(window)
        self.context = context
        self.registry = registry
        self.header_panel = header_panel
        self.runner = runner
        self.operation: BackgroundOp | None = None
        self.message_box: QMessageBox | None = None
        self.record_dialog = None
        self.folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        registry[ActionId.EXPORT_FHIR].triggered.connect(self.export_fhir)
        registry[ActionId.RECORD_ON_REQUEST].triggered.connect(self.record_on_request)
        header_panel.patient_changed.connect(self._update_actions)
        self._update_actions()

    @property
    def window(self) -> QWidget:
        return self.parent()  # type: ignore[return-value]

    def _update_actions(self, *_args) -> None:
        self.registry[ActionId.RECORD_ON_REQUEST].setEnabled(self.header_panel.header is not None)

    # --- the whole clinic as FHIR --------------------------------------------------------

    def export_fhir(self) -> None:
        suggested = str(Path(self.folder) / f"clinic-{date.today().isoformat()}.fhir.json")
        path, _filter = QFileDialog.getSaveFileName(
            self.window, "Export the clinic as FHIR", suggested, JSON_FILTER
        )
        if path:
            self.export_fhir_to(Path(path))

    def export_fhir_to(self, path: Path) -> BackgroundOp:
        self.folder = str(path.parent)
        clinic, actor = self.context.clinic, self.context.actor

        def work(progress: Progress) -> FhirExportResult:
            return FhirExport(clinic.session_factory, actor).write(path, progress=progress)

        return self._run(work, self._fhir_written, f"Exporting the clinic to {path.name}…")

    def _fhir_written(self, result: FhirExportResult) -> None:
        size = result.size_bytes / 1_000_000
        self._tell(
            f"Exported {plural(result.patients, 'patient')} "
            f"({plural(result.resources, 'FHIR resource')}, {size:.1f} MB) to {result.path}.",
            QMessageBox.Icon.Information,
        )

    # --- one patient's record ------------------------------------------------------------

    def record_on_request(self) -> None:
        header = self.header_panel.header
        if header is None:
            return
        from sportacu_desktop.ui.exports.record_dialog import RecordRequestDialog

        dialog = RecordRequestDialog(
            header.full_name, header.chart_number, self.folder, self.window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        patient_id = header.id
        dialog.accepted.connect(lambda: self.write_record(patient_id, *dialog.choice()))
        self.record_dialog = dialog
        dialog.open()

    def write_record(
        self, patient_id: int, folder: Path, recipient: str, purpose: str
    ) -> BackgroundOp:
        self.folder = str(folder.parent)
        clinic, actor = self.context.clinic, self.context.actor

        def work(progress: Progress) -> ReleasedRecord:
            return PatientRecordRequest(clinic.session_factory, actor).write(
                folder, patient_id, recipient=recipient, purpose=purpose, progress=progress
            )

        return self._run(work, self._record_written, f"Writing the record to {folder.name}…")

    def _record_written(self, record: ReleasedRecord) -> None:
        self._tell(
            f"Record written to {record.folder}: {plural(record.notes, 'signed visit note')}, "
            f"{plural(record.documents, 'issued document')} and the FHIR data. "
            "The release is in the patient's accounting of disclosures.",
            QMessageBox.Icon.Information,
        )

    # --- shared --------------------------------------------------------------------------

    def _run(self, work, success, label: str) -> BackgroundOp:
        op = (
            BackgroundOp(self.window, work, success, runner=self.runner)
            .failure(lambda exc: self._tell(f"Nothing was written: {describe_error(exc)}"))
            .cancelled(
                lambda: self._tell("Cancelled; nothing was written.", QMessageBox.Icon.Information)
            )
            .with_progress(label)
        )
        self.operation = op
        op.run_in_background()
        return op

    def _tell(self, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Critical) -> None:
        box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.Ok, self.window)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
