"""Needles: the details a point is needled with, and how many needles a note places.

The count is one rule used by the editor's needle box, the signing check and anything
else that needs it: every needle counts once. A point charted on both sides is two
needles; an EA lead is a needle too, and when its point is also in the points list on
that side it is the same needle, not a second one.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sportacu_desktop.domain.points import is_midline
from sportacu_desktop.domain.safety import split_lead

TECHNIQUES = ("even", "tonify", "reduce", "moxa", "press tack")
# Filiform needle diameters in mm, as printed on the box.
GAUGES = ("0.12", "0.14", "0.16", "0.18", "0.20", "0.22", "0.25", "0.30", "0.35", "0.40")


@dataclass(frozen=True)
class NeedleDetails:
    """What a new point row is filled with when nothing more specific says otherwise."""

    technique: str = "even"
    gauge: str = "0.25"
    length_mm: int | None = 40
    retention_minutes: int | None = 20


Site = tuple[str, str]  # (point code, L / R / M)


def point_sites(code: str, side: str) -> set[Site]:
    """The places a point charted on ``side`` is needled: both sides are two places."""
    code = code.strip().upper()
    if side == "M" or (side in ("", "B") and is_midline(code)):
        return {(code, "M")}
    if side in ("", "B"):
        return {(code, "L"), (code, "R")}
    return {(code, side)}


def lead_sites(lead: str) -> set[Site]:
    """An EA lead written ``GB31-R``; without a side it is on both sides (or the midline)."""
    code, side = split_lead(lead)
    return point_sites(code, side) if code else set()


def needles_placed(
    points: Iterable[tuple[str, str]],
    electro_leads: Iterable[str],
    dry_needles: Iterable[int],
) -> int:
    """Needles the charted points, EA leads and dry needling account for, each once."""
    sites: set[Site] = set()
    for code, side in points:
        if code.strip():
            sites |= point_sites(code, side)
    for lead in electro_leads:
        sites |= lead_sites(lead)
    return len(sites) + sum(dry_needles)
