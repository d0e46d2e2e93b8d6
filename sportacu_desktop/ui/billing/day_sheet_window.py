"""Billing ▸ Day Sheet: the visits of a date, with billed, paid, balance and superbill status.

Enter opens a visit's billing; "Superbills for the Day…" issues them all off the UI thread.
"""

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.billing import format_money
from sportacu_desktop.services.billing import Billing
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.day_sheet import DaySheet
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.services.documents import IssuedDocument
from sportacu_desktop.services.superbills import Superbills
from sportacu_desktop.ui.billing.batch import BatchOutcome, superbills_for_day
from sportacu_desktop.ui.billing.day_sheet_model import DaySheetModel
from sportacu_desktop.ui.billing.visit_billing import VisitBillingDialog
from sportacu_desktop.ui.operations import BackgroundOp, TaskRunner, describe_error
from sportacu_desktop.ui.session.forms import MessageLine


class DaySheetWindow(QDialog):
    def __init__(
        self,
        clinic: Clinic,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        day: date | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Day Sheet")
        self._sheet = DaySheet(clinic.session_factory, actor)
        self.billing = Billing(clinic.session_factory, actor)
        self.superbills = Superbills(clinic.session_factory, actor)
        self.disclosures = Disclosures(clinic.session_factory, actor)
        self._runner = runner
        self.batch_op: BackgroundOp | None = None
        self.last_batch: BatchOutcome | None = None
        self.visit_dialog: VisitBillingDialog | None = None
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MM/dd/yyyy")
        self.date.setAccessibleName("Date")
        today = day or date.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.date.dateChanged.connect(lambda _d: self.reload())
        self.model = DaySheetModel(self)
        self.table = QTableView()
        self.table.setObjectName("daySheet")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda index: self.open_visit(index.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self.open_visit(self.table.currentIndex().row()))
        self.totals = QLabel()
        self.totals.setObjectName("dayTotals")
        self.message = MessageLine(grow_dialog=False)
        self.open_button = QPushButton("&Open Billing")
        self.open_button.clicked.connect(lambda: self.open_visit(self.table.currentIndex().row()))
        self.combined = QCheckBox("One &combined file (for printing)")
        self.batch_button = QPushButton("&Superbills for the Day…")
        self.batch_button.clicked.connect(lambda: self.run_batch())
        top = QHBoxLayout()
        caption = QLabel("&Date:")
        caption.setBuddy(self.date)
        top.addWidget(caption)
        top.addWidget(self.date)
        top.addStretch(1)
        top.addWidget(self.totals)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        bottom.addWidget(self.combined)
        bottom.addWidget(self.batch_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(self.fontMetrics().averageCharWidth() * 120, self.fontMetrics().height() * 28)
        self.reload()

    @property
    def day(self) -> date:
        return self.date.date().toPython()

    def reload(self) -> None:
        current = self.table.currentIndex().row()
        self.model.set_rows(self._sheet.rows(self.day))
        billed, paid, balance = self.model.totals()
        self.totals.setText(
            f"{self.model.rowCount()} visits · billed {format_money(billed)} · paid "
            f"{format_money(paid)} · balance {format_money(balance)}"
        )
        if self.model.rowCount():
            row = min(max(current, 0), self.model.rowCount() - 1)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.batch_button.setEnabled(self.model.rowCount() > 0)

    def open_visit(self, row: int) -> VisitBillingDialog | None:
        if not 0 <= row < self.model.rowCount():
            return None
        visit_id = self.model.row_at(row).visit_id
        dialog = VisitBillingDialog(
            self.billing, self.superbills, visit_id, self, disclosures=self.disclosures
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.reload)
        self.visit_dialog = dialog
        dialog.show()
        return dialog

    def run_batch(self, folder: Path | None = None) -> BackgroundOp | None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Save the Day's Superbills In")
            if not chosen:
                return None
            folder = Path(chosen)
        day, combined, superbills = self.day, self.combined.isChecked(), self.superbills
        self.batch_button.setEnabled(False)
        op = BackgroundOp(
            self,
            lambda progress: superbills_for_day(superbills, day, folder, combined, progress),
            self._batch_done,
            runner=self._runner,
        )
        op.failure(self._batch_failed)
        op.cancelled(self._batch_cancelled)
        op.with_progress(f"Superbills for {day:%m/%d/%Y}…")
        self.batch_op = op
        op.run_in_background()
        return op

    def _batch_done(self, outcome: BatchOutcome) -> None:
        self.last_batch = outcome
        self.reload()
        text = f"{len(outcome.written)} file(s) saved"
        if outcome.refused:
            text += "; no superbill for " + "; ".join(
                f"{r.patient_name} ({r.chart_number}): {' '.join(r.missing)}"
                for r in outcome.refused
            )
        self.message.say(text + ".", problem=bool(outcome.refused))
        if outcome.combined is not None:
            from sportacu_desktop.ui.charting.printing import print_document

            document = IssuedDocument(
                f"Superbills {self.day:%m/%d/%Y}", "superbill", datetime.now(UTC), outcome.combined
            )
            self.print_dialog = print_document(self, document, "superbills.pdf")

    def _batch_failed(self, exc: BaseException) -> None:
        self.batch_button.setEnabled(True)
        self.message.say(describe_error(exc), problem=True)

    def _batch_cancelled(self) -> None:
        self.reload()
        self.message.say("Stopped: the superbills issued before stopping are kept.")
