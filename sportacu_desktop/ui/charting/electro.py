"""Electroacupuncture: lead pairs with waveform, frequency, intensity, minutes and device."""

from PySide6.QtWidgets import QWidget

from sportacu_desktop.domain.enums import Waveform
from sportacu_desktop.domain.visits import ElectroEntry
from sportacu_desktop.ui.charting import quick_entry as qe
from sportacu_desktop.ui.charting.rows import Column, to_int
from sportacu_desktop.ui.charting.section import ListSection, ListTable, make_table

WAVEFORMS = tuple((w.value, w.value.capitalize()) for w in Waveform)
COLUMNS = (
    Column("point_a", "Lead A", chars=8),
    Column("point_b", "Lead B", chars=8),
    Column("waveform", "Waveform", "combo", 14, WAVEFORMS),
    Column("frequency_hz", "Hz", chars=6),
    Column("intensity", "Intensity", chars=11, placeholder="to tolerance"),
    Column("minutes", "Min", chars=4),
    Column("device", "Device", stretch=1),
)


def _to_entry(values: dict, problems: list[str]) -> ElectroEntry:
    minutes = to_int(values["minutes"], "minutes", problems, required=True)
    return ElectroEntry(
        values["point_a"].strip().upper(),
        values["point_b"].strip().upper(),
        values["waveform"],
        values["frequency_hz"].strip(),
        values["intensity"].strip() or "to tolerance",
        minutes or 0,
        values["device"].strip(),
    )


def _from_entry(entry: ElectroEntry) -> dict:
    return {
        "point_a": entry.point_a,
        "point_b": entry.point_b,
        "waveform": entry.waveform,
        "frequency_hz": entry.frequency_hz,
        "intensity": entry.intensity,
        "minutes": str(entry.minutes),
        "device": entry.device,
    }


class ElectroSection(ListSection):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        table = make_table(
            "electro",
            COLUMNS,
            parse=self._parse,
            placeholder="Lead A, lead B, Hz, minutes — e.g. GB31-R GB33-R 2/100 20m",
        )
        part = ListTable("electro", table, _to_entry, _from_entry, "EA pair")
        super().__init__("Electroacupuncture", shortcut, part, parent)

    def _parse(self, line: str) -> dict:
        values = qe.parse_electro(line)
        if not values["device"] and self.table.rows:
            # Pairs of one session usually run on one device: repeat the last one named.
            values["device"] = self.table.rows[-1].values()["device"]
        return values
