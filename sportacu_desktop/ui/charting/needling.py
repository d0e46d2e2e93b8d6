"""Dry needling: muscle, side, local twitch response and needles, one row per muscle."""

from PySide6.QtWidgets import QWidget

from sportacu_desktop.domain.catalog import muscles
from sportacu_desktop.domain.visits import DryNeedlingEntry
from sportacu_desktop.ui.charting import quick_entry as qe
from sportacu_desktop.ui.charting.rows import SIDES, Column, to_int
from sportacu_desktop.ui.charting.section import ListSection, ListTable, make_table

COLUMNS = (
    Column("muscle", "Muscle", stretch=1, completions=muscles),
    Column("side", "Side", "combo", 7, SIDES),
    Column("twitch_response", "LTR", "check", 7, placeholder="Local twitch response"),
    Column("needles", "Needles", chars=6),
)


def _to_entry(values: dict, problems: list[str]) -> DryNeedlingEntry:
    muscle = values["muscle"].strip()
    if not muscle:
        problems.append("enter the muscle")
    needles = to_int(values["needles"], "number of needles", problems, required=True)
    return DryNeedlingEntry(muscle, values["side"], bool(values["twitch_response"]), needles or 0)


def _from_entry(entry: DryNeedlingEntry) -> dict:
    return {
        "muscle": entry.muscle,
        "side": entry.side,
        "twitch_response": entry.twitch_response,
        "needles": str(entry.needles),
    }


class DryNeedlingSection(ListSection):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        table = make_table(
            "dry_needling",
            COLUMNS,
            parse=qe.parse_dry_needling,
            placeholder="Muscle, side, needles, ltr — e.g. tfl r 2 ltr   (Enter adds)",
            completions=muscles(),
        )
        part = ListTable("dry_needling", table, _to_entry, _from_entry, "Dry needling row")
        super().__init__("Dry needling", shortcut, part, parent)
