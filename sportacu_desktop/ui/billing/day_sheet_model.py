"""The day sheet as a table model: one row per visit of the day (a day is a short list)."""

from PySide6.QtCore import Qt

from sportacu_desktop.domain.billing import format_money
from sportacu_desktop.services.day_sheet import DayRow
from sportacu_desktop.ui.widgets.row_table_model import RowTableModel

COLUMNS = ("Patient", "Chart", "Practitioner", "Billed", "Paid", "Balance", "Superbill")
MONEY_COLUMNS = {3, 4, 5}
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class DaySheetModel(RowTableModel[DayRow]):
    columns = COLUMNS

    def cell(self, row: DayRow, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                row.patient_name,
                row.chart_number,
                row.practitioner,
                format_money(row.billed_cents),
                format_money(row.paid_cents),
                format_money(row.balance_cents),
                row.superbill_status,
            )
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == VISIT_ID_ROLE:
            return row.visit_id
        return None

    def totals(self) -> tuple[int, int, int]:
        billed = sum(r.billed_cents for r in self._rows)
        paid = sum(r.paid_cents for r in self._rows)
        return billed, paid, billed - paid
