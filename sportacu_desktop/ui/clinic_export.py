"""File ▸ Export ▸ CSV…: every record of the clinic into a new folder, off the UI thread.

The owner picks where the folder goes; the export is written under a new, dated folder
name there, with a progress dialog that appears for long exports and can be cancelled.
A cancelled or failed export leaves nothing behind (the service writes a hidden folder
and renames it only once complete).
"""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from sportacu_desktop.services.csv_export import CsvExportResult, export_csv
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.formatting import plural
from sportacu_desktop.ui.operations import BackgroundOp, TaskRunner, describe_error


def export_folder_name(now: datetime) -> str:
    return f"SportAcu clinic export {now:%Y-%m-%d %H%M}"


class ClinicExport(QObject):
    def __init__(
        self,
        window: QWidget,
        context: AppContext,
        registry: ActionRegistry,
        *,
        runner: TaskRunner | None = None,
    ):
        super().__init__(window)
        self._context = context
        self._runner = runner
        self.op: BackgroundOp | None = None
        self.message: QMessageBox | None = None
        self.last_result: CsvExportResult | None = None
        self.start_folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self._action = registry[ActionId.EXPORT_CSV]
        self._action.triggered.connect(lambda: self.export_csv())

    @property
    def window(self) -> QWidget:
        return self.parent()  # type: ignore[return-value]

    def export_csv(self, into: Path | None = None) -> BackgroundOp | None:
        """Export into a new folder inside ``into`` (asked for when not given)."""
        if into is None:
            chosen = QFileDialog.getExistingDirectory(
                self.window, "Export the Clinic as CSV Into", self.start_folder
            )
            if not chosen:
                return None
            into = Path(chosen)
        self.start_folder = str(into)
        folder = into / export_folder_name(datetime.now())
        sessions, actor = self._context.clinic.session_factory, self._context.actor
        self._action.setEnabled(False)
        op = BackgroundOp(
            self.window,
            lambda progress: export_csv(sessions, actor, folder, progress=progress),
            self._done,
            runner=self._runner,
        )
        op.failure(self._failed).cancelled(self._cancelled)
        op.with_progress("Exporting every record of the clinic as CSV…")
        self.op = op
        op.run_in_background()
        return op

    def _done(self, result: CsvExportResult) -> None:
        self._action.setEnabled(True)
        self.last_result = result
        documents = f" and {plural(result.files, 'document')}" if result.files else ""
        self._tell(
            f"Exported {plural(result.rows, 'record')} in {plural(result.tables, 'CSV file')}"
            f"{documents} to\n{result.folder}\n\n"
            "README.txt in the folder describes every file and column. The folder holds "
            "patient records: keep it as safe as the clinic's computers.",
            QMessageBox.Icon.Information,
        )

    def _failed(self, exc: BaseException) -> None:
        self._action.setEnabled(True)
        self._tell(
            describe_error(exc, failed="the clinic was not exported"), QMessageBox.Icon.Warning
        )

    def _cancelled(self) -> None:
        self._action.setEnabled(True)
        self._tell("Export cancelled; no folder was written.", QMessageBox.Icon.Information)

    def _tell(self, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, "Export as CSV", text, QMessageBox.StandardButton.Ok)
        box.setParent(self.window, box.windowFlags())
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "message", None))
        self.message = box
        box.open()
