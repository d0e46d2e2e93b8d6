"""Adverse events: what happened, how severe, what was done about it."""

from PySide6.QtWidgets import QWidget

from sportacu_desktop.domain.enums import AdverseEventKind, Severity
from sportacu_desktop.domain.visits import AdverseEventEntry
from sportacu_desktop.ui.charting import quick_entry as qe
from sportacu_desktop.ui.charting.rows import Column
from sportacu_desktop.ui.charting.section import ListSection, ListTable, make_table

KINDS = tuple((k.value, k.value.replace("_", " ").capitalize()) for k in AdverseEventKind)
SEVERITIES = tuple((s.value, s.value.capitalize()) for s in Severity)
COLUMNS = (
    Column("kind", "Event", "combo", 14, KINDS),
    Column("severity", "Severity", "combo", 10, SEVERITIES),
    Column("action_taken", "Action taken", stretch=2),
    Column("note", "Note", stretch=1),
)


def _to_entry(values: dict, problems: list[str]) -> AdverseEventEntry:
    return AdverseEventEntry(
        values["kind"], values["severity"], values["action_taken"].strip(), values["note"].strip()
    )


def _from_entry(entry: AdverseEventEntry) -> dict:
    return {
        "kind": entry.kind,
        "severity": entry.severity,
        "action_taken": entry.action_taken,
        "note": entry.note,
    }


class AdverseEventsSection(ListSection):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        table = make_table(
            "adverse_events",
            COLUMNS,
            parse=qe.parse_adverse_event,
            placeholder="Event, severity, action — e.g. bruising mild pressure applied",
        )
        part = ListTable("adverse_events", table, _to_entry, _from_entry, "Adverse event")
        super().__init__("Adverse events", shortcut, part, parent)
