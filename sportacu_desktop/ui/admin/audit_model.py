"""Audit events as a table: one page of rows (newest first) already read by a query.

The service caps a query (5,000 rows by default), so the whole page is held; filters,
not scrolling, reach older events.
"""

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from sportacu_desktop.services.audit_log import AuditRow
from sportacu_desktop.ui.formatting import format_date

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
EMERGENCY_MARK = "[EMERGENCY ACCESS:"
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


def local_time(moment: datetime) -> datetime:
    """Stored times are UTC (SQLite hands them back without a zone); shown in local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def format_moment(moment: datetime) -> str:
    local = local_time(moment)
    return f"{format_date(local.date())} {local:%H:%M:%S}"


def action_label(action: str) -> str:
    """“login_failed” → “login failed”."""
    return action.replace("_", " ")


def record_label(row: AuditRow) -> str:
    entity = row.entity.replace("_", " ")
    if row.entity_id is not None:
        return f"{entity} {row.entity_id}".strip()
    return entity


def is_emergency(row: AuditRow) -> bool:
    return row.detail.startswith(EMERGENCY_MARK)


COLUMNS: tuple[tuple[str, Any], ...] = (
    ("Time", lambda row: format_moment(row.occurred_at)),
    ("User", lambda row: row.actor),
    ("Action", lambda row: action_label(row.action)),
    ("Chart", lambda row: row.chart_number),
    ("Record", record_label),
    ("Detail", lambda row: row.detail),
)
DETAIL_COLUMN = len(COLUMNS) - 1


def _emergency_brush() -> QBrush:
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return QBrush(QColor("#f2b8b5" if window.lightness() < 128 else "#b3261e"))


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._emergency = _emergency_brush()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def event_at(self, row: int) -> AuditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DETAIL_COLUMN:
            return row.detail or None
        if role == Qt.ItemDataRole.ForegroundRole and is_emergency(row):
            return self._emergency
        if role == Qt.ItemDataRole.FontRole and is_emergency(row):
            return self._bold
        return None
