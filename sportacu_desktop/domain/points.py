"""The point shorthand practitioners type: ``LI4 ST36-B GB34-R SP6-L``."""

import re
from dataclasses import dataclass

from sportacu_desktop.domain.catalog import acupoints
from sportacu_desktop.domain.errors import InvalidInput

_TOKEN = re.compile(r"^(?P<code>EX-[A-Z]+\d+|[A-Z]{2}\d{1,2})(?:-(?P<side>[A-Z]+))?$")
_SEPARATORS = re.compile(r"[\s,;]+")
MIDLINE_MERIDIANS = ("GV", "CV")
MIDLINE_EXTRA = frozenset({"EX-HN1", "EX-HN3"})
SIDES = {"B": "B", "L": "L", "R": "R"}


class PointSyntaxError(InvalidInput):
    """Names the exact token that could not be read and why."""

    def __init__(self, token: str, position: int, reason: str):
        self.token = token
        self.position = position
        super().__init__(f"Point {position} “{token}”: {reason}")


@dataclass(frozen=True)
class PointEntry:
    code: str
    side: str  # B, L, R, or M for a midline point

    @property
    def needles(self) -> int:
        return 2 if self.side == "B" else 1

    def shorthand(self) -> str:
        return self.code if self.side in ("B", "M") else f"{self.code}-{self.side}"


def is_midline(code: str) -> bool:
    return code.startswith(MIDLINE_MERIDIANS) or code in MIDLINE_EXTRA


def parse_point(token: str, position: int = 1) -> PointEntry:
    text = token.strip().upper()
    match = _TOKEN.match(text)
    if not match:
        raise PointSyntaxError(
            token,
            position,
            "write a point as a code such as ST36, optionally followed by -L, -R or -B",
        )
    code, side = match["code"], match["side"]
    if code not in acupoints():
        hint = _meridian_range(code)
        raise PointSyntaxError(
            token, position, f"{code} is not a known point" + (f": {hint}" if hint else "") + "."
        )
    if side is not None and side not in SIDES:
        raise PointSyntaxError(token, position, f"the side must be L, R or B, not “{side}”.")
    if is_midline(code):
        if side in ("L", "R"):
            raise PointSyntaxError(token, position, f"{code} is on the midline; it has no side.")
        return PointEntry(code, "M")
    return PointEntry(code, SIDES[side] if side else "B")


def parse_points(line: str) -> list[PointEntry]:
    """Every point on the line, in order; the first unreadable one raises with its position."""
    tokens = [t for t in _SEPARATORS.split(line.strip()) if t]
    return [parse_point(token, index) for index, token in enumerate(tokens, start=1)]


def format_points(entries: list[PointEntry]) -> str:
    return " ".join(entry.shorthand() for entry in entries)


def _meridian_range(code: str) -> str | None:
    """For typos like ST63: say which numbers the meridian has."""
    match = re.match(r"^([A-Z]{2})(\d+)$", code)
    if not match:
        return None
    meridian = match[1]
    numbers = [int(c[2:]) for c in acupoints() if c[:2] == meridian and c[2:].isdigit()]
    if not numbers:
        return None
    return f"the {meridian} points run from {meridian}1 to {meridian}{max(numbers)}"
