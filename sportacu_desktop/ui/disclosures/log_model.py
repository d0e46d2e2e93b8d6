"""One patient's disclosure log as a table model (a short list: held whole)."""

from PySide6.QtCore import Qt

from sportacu_desktop.reports.note_content import local_time
from sportacu_desktop.services.disclosures import DisclosureRow
from sportacu_desktop.ui.widgets.row_table_model import RowTableModel

COLUMNS = ("Date", "Document", "Given to", "Purpose", "By")


class DisclosureLogModel(RowTableModel[DisclosureRow]):
    columns = COLUMNS

    def cell(self, row: DisclosureRow, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                local_time(row.disclosed_at),
                row.description,
                row.recipient,
                row.purpose,
                row.disclosed_by_name,
            )
            return values[column]
        return None
