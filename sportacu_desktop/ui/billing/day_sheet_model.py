"""The day sheet as a table model: one row per visit of the day (a day is a short list)."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sportacu_desktop.domain.billing import format_money
from sportacu_desktop.services.day_sheet import DayRow

COLUMNS = ("Patient", "Chart", "Practitioner", "Billed", "Paid", "Balance", "Superbill")
MONEY_COLUMNS = {3, 4, 5}
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class DaySheetModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DayRow] = []

    def set_rows(self, rows: list[DayRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> DayRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
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
            return values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == VISIT_ID_ROLE:
            return row.visit_id
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def totals(self) -> tuple[int, int, int]:
        billed = sum(r.billed_cents for r in self._rows)
        paid = sum(r.paid_cents for r in self._rows)
        return billed, paid, billed - paid
