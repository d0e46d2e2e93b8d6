"""Cupping and gua sha: region, technique, cups, minutes and the marks or response seen."""

from PySide6.QtWidgets import QWidget

from sportacu_desktop.domain.enums import CuppingKind, CuppingTechnique
from sportacu_desktop.domain.visits import CuppingEntry
from sportacu_desktop.ui.charting import quick_entry as qe
from sportacu_desktop.ui.charting.rows import Column, to_int
from sportacu_desktop.ui.charting.section import ListSection, ListTable, make_table

KINDS = tuple((kind.value, kind.label) for kind in CuppingKind)
TECHNIQUES = (("", "—"),) + tuple((t.value, t.value.capitalize()) for t in CuppingTechnique)
COLUMNS = (
    Column("kind", "Kind", "combo", 9, KINDS),
    Column("region", "Region", stretch=2),
    Column("cup_type", "Cup type", chars=8, completions=lambda: qe.CUP_TYPES),
    Column("technique", "Technique", "combo", 9, TECHNIQUES),
    Column("cups", "Cups", chars=4),
    Column("minutes", "Min", chars=4),
    Column("marks", "Marks / response", stretch=2),
)


def _to_entry(values: dict, problems: list[str]) -> CuppingEntry:
    if not values["region"].strip():
        problems.append("enter the region treated")
    return CuppingEntry(
        values["region"].strip(),
        values["kind"],
        values["cup_type"].strip(),
        values["technique"],
        to_int(values["cups"], "number of cups", problems),
        to_int(values["minutes"], "minutes", problems),
        values["marks"].strip(),
    )


def _from_entry(entry: CuppingEntry) -> dict:
    return {
        "kind": entry.kind,
        "region": entry.region,
        "cup_type": entry.cup_type,
        "technique": entry.technique,
        "cups": "" if entry.cups is None else str(entry.cups),
        "minutes": "" if entry.minutes is None else str(entry.minutes),
        "marks": entry.marks,
    }


class CuppingSection(ListSection):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        table = make_table(
            "cupping",
            COLUMNS,
            parse=qe.parse_cupping,
            placeholder="Region, technique, cups, minutes — e.g. lateral thigh moving 4 8m;"
            " gs calf 5m",
        )
        part = ListTable("cupping", table, _to_entry, _from_entry, "Cupping/gua sha row")
        super().__init__("Cupping and gua sha", shortcut, part, parent)
