"""Patient ▸ Disclosures: what left the clinic from this chart, and the accounting export.

The list reads the append-only log (nothing here can change it). “Export Accounting…”
writes the accounting of disclosures for the period shown, as PDF or CSV by the file
name chosen, through ``save_export`` (0600, atomic).
"""

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.disclosures import ACCOUNTING_YEARS
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.services.disclosure_accounting import DisclosureAccounting, years_before
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.services.exports import save_export
from sportacu_desktop.ui.charting.printing import suggested_path
from sportacu_desktop.ui.disclosures.log_model import COLUMNS, DisclosureLogModel
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit

FILTERS = "PDF document (*.pdf);;CSV spreadsheet (*.csv)"


class DisclosureLogDialog(QDialog):
    def __init__(
        self,
        disclosures: Disclosures,
        accounting: DisclosureAccounting,
        patient_id: int,
        who: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("disclosureLog")
        self._disclosures, self._accounting = disclosures, accounting
        self.patient_id, self.who = patient_id, who
        self.setWindowTitle(f"Disclosures — {who}")
        self.model = DisclosureLogModel(self)
        self.table = QTableView()
        self.table.setObjectName("disclosureTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("Nothing from this chart has been given to anyone yet.")
        self.start = DateLineEdit()
        self.start.setObjectName("accountingFrom")
        self.end = DateLineEdit()
        self.end.setObjectName("accountingTo")
        today = date.today()
        self.start.setText(format_date(years_before(today, ACCOUNTING_YEARS)))
        self.end.setText(format_date(today))
        self.export_button = QPushButton("&Export Accounting…")
        self.export_button.setObjectName("exportAccounting")
        self.export_button.setToolTip(
            "The accounting of disclosures a patient may ask for, as PDF or CSV"
        )
        self.export_button.clicked.connect(lambda: self.export_accounting())
        period = QHBoxLayout()
        period.addWidget(QLabel("Accounting &from:"))
        period.itemAt(0).widget().setBuddy(self.start)
        period.addWidget(self.start)
        period.addWidget(QLabel("to"))
        period.addWidget(self.end)
        period.addStretch(1)
        period.addWidget(self.export_button)
        self.message = MessageLine(grow_dialog=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(period)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, metrics.height() * 24)
        self.reload()

    def reload(self) -> None:
        try:
            rows = self._disclosures.for_patient(self.patient_id)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays usable
            self.message.say(describe_error(exc), problem=True)
            rows = []
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.resizeRowsToContents()

    def export_accounting(self, path: Path | None = None) -> Path | None:
        """Write the accounting for the period typed; PDF unless the file name ends .csv."""
        start, end = self.start.typed_date(), self.end.typed_date()
        if start is None or end is None:
            self.message.say("Type the period as MM/DD/YYYY, both dates.", problem=True)
            return None
        if path is None:
            chart = self.who.rsplit("(", 1)[-1].rstrip(")")
            name = suggested_path(f"{chart} accounting of disclosures {end.isoformat()}.pdf")
            chosen, chosen_filter = QFileDialog.getSaveFileName(
                self, "Export Accounting of Disclosures", name, FILTERS
            )
            if not chosen:
                return None
            path = Path(chosen)
            if path.suffix.lower() not in (".pdf", ".csv"):
                path = path.with_suffix(".csv" if "csv" in chosen_filter.lower() else ".pdf")
        try:
            if path.suffix.lower() == ".csv":
                data = self._accounting.csv(self.patient_id, start, end)
            else:
                data = self._accounting.pdf(self.patient_id, start, end)
            save_export(path, data)
        except UserError as exc:
            self.message.say(str(exc), problem=True)
            return None
        except Exception as exc:  # noqa: BLE001
            self.message.say(describe_error(exc), problem=True)
            return None
        self.message.say(f"Accounting of disclosures saved to {path}.")
        return path
