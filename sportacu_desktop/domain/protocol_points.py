"""The points of a protocol template: which side each goes on, and what it is needled with.

A template does not know the patient's side; each point says where it goes relative to
the problem: on the affected side, the opposite side, both sides, or the midline. Only
when the template is applied for a right- or left-sided problem do those become sides.
"""

from dataclasses import dataclass

from sportacu_desktop.domain.catalog import acupoints
from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.domain.needling import GAUGES, TECHNIQUES, NeedleDetails
from sportacu_desktop.domain.points import is_midline

AFFECTED = "affected"
OPPOSITE = "opposite"
BOTH = "both"
MIDLINE = "midline"
TEMPLATE_SIDES = (AFFECTED, OPPOSITE, BOTH, MIDLINE)
_DETAIL_KEYS = ("technique", "gauge", "length_mm", "retention_minutes")
_KEYS = frozenset({"code", "side", *_DETAIL_KEYS})


class TemplateProblem(InvalidInput):
    """A protocol template that cannot be used as written; the message names the point."""


@dataclass(frozen=True)
class TemplatePoint:
    code: str
    side: str  # one of TEMPLATE_SIDES
    # Empty / None: the clinic's default for new points applies.
    technique: str = ""
    gauge: str = ""
    length_mm: int | None = None
    retention_minutes: int | None = None

    def side_for(self, problem_side: str) -> str:
        """The charted side (L, R, B or M) for a problem on ``problem_side`` (L, R or B)."""
        return side_for(self.side, problem_side)

    def details(self, defaults: NeedleDetails) -> NeedleDetails:
        """What the template says for this point, the clinic's defaults for the rest."""
        return NeedleDetails(
            self.technique or defaults.technique,
            self.gauge or defaults.gauge,
            self.length_mm if self.length_mm is not None else defaults.length_mm,
            self.retention_minutes
            if self.retention_minutes is not None
            else defaults.retention_minutes,
        )

    def as_data(self) -> dict:
        data: dict = {"code": self.code, "side": self.side}
        for key in _DETAIL_KEYS:
            value = getattr(self, key)
            if value not in ("", None):
                data[key] = value
        return data


def side_for(template_side: str, problem_side: str) -> str:
    if template_side == MIDLINE:
        return "M"
    if template_side == BOTH or problem_side not in ("L", "R"):
        return "B"
    if template_side == AFFECTED:
        return problem_side
    return "L" if problem_side == "R" else "R"


def relative_side(charted: str, affected: str | None) -> str:
    """The template side of a point charted on ``charted`` when ``affected`` is the problem's."""
    if charted == "M":
        return MIDLINE
    if charted == "B" or affected is None:
        return BOTH
    return AFFECTED if charted == affected else OPPOSITE


def template_point(data: object, template: str) -> TemplatePoint:
    """One point of a template as stored; anything unreadable is a TemplateProblem."""
    where = f"Template “{template}”"
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        raise TemplateProblem(f"{where}: each point needs a code, such as ST36.")
    code = data["code"].strip().upper()
    if code not in acupoints():
        raise TemplateProblem(f"{where}: {code} is not a known point.")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise TemplateProblem(f"{where}, point {code}: unknown field {', '.join(unknown)}.")
    side = data.get("side")
    if side not in TEMPLATE_SIDES:
        raise TemplateProblem(
            f"{where}, point {code}: side must be one of {', '.join(TEMPLATE_SIDES)}, not “{side}”."
        )
    if is_midline(code) and side != MIDLINE:
        raise TemplateProblem(f"{where}, point {code}: it is on the midline; its side is midline.")
    if side == MIDLINE and not is_midline(code):
        raise TemplateProblem(
            f"{where}, point {code}: it is not on the midline; "
            "its side is affected, opposite or both."
        )
    technique = data.get("technique", "")
    if technique and technique not in TECHNIQUES:
        raise TemplateProblem(
            f"{where}, point {code}: technique is one of {', '.join(TECHNIQUES)}."
        )
    gauge = data.get("gauge", "")
    if gauge and gauge not in GAUGES:
        raise TemplateProblem(f"{where}, point {code}: gauge is one of {', '.join(GAUGES)}.")
    numbers = {}
    for key, low, high, words in (
        ("length_mm", 5, 150, "needle length in mm"),
        ("retention_minutes", 0, 120, "retention in minutes"),
    ):
        value = data.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
        ):
            raise TemplateProblem(
                f"{where}, point {code}: {words} is a whole number from {low} to {high}."
            )
        numbers[key] = value
    return TemplatePoint(code, side, technique, gauge, **numbers)


def template_points(data: object, template: str) -> tuple[TemplatePoint, ...]:
    """A template's points: a list of point entries, or (older clinic templates) a line of
    codes, each then on the affected side (midline points on the midline)."""
    if isinstance(data, str):
        data = [
            {"code": code, "side": MIDLINE if is_midline(code.upper()) else AFFECTED}
            for code in data.split()
        ]
    if not isinstance(data, list):
        raise TemplateProblem(f"Template “{template}”: its points must be a list.")
    points = tuple(template_point(entry, template) for entry in data)
    codes = [p.code for p in points]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise TemplateProblem(f"Template “{template}”: {', '.join(repeated)} is listed twice.")
    return points
