"""Initial and latest examination findings side by side, from an episode's signed notes.

The initial column is the first visit that examined anything, the latest the last one;
a finding examined only once shows in its own column, the other left blank.
"""

from sportacu_desktop.domain.enums import Side
from sportacu_desktop.domain.visits import VisitContent, VisitNote
from sportacu_desktop.reports.summary_content import FindingRow, Findings


def _side(code: str) -> str:
    return f" ({Side.label_of(code).lower()})" if code and code != "B" else ""


def _tests(c: VisitContent) -> dict[str, str]:
    return {
        f"{t.test_name}{_side(t.side)}": t.result.capitalize() for t in c.tests if t.result.strip()
    }


def _rom(c: VisitContent) -> dict[str, str]:
    return {f"{r.joint} {r.motion.lower()}{_side(r.side)}": f"{r.degrees}°" for r in c.rom}


def _muscles(c: VisitContent) -> dict[str, str]:
    return {f"{t.muscle}{_side(t.side)}": f"{t.grade}/5" for t in c.muscle_tests}


def _examined(c: VisitContent) -> bool:
    return bool(_tests(c) or c.rom or c.muscle_tests)


def _rows(initial: dict[str, str], latest: dict[str, str]) -> tuple[FindingRow, ...]:
    names = list(dict.fromkeys([*initial, *latest]))
    return tuple(FindingRow(n, initial.get(n, ""), latest.get(n, "")) for n in names)


def findings_of(notes: list[VisitNote]) -> Findings | None:
    examined = [n for n in notes if _examined(n.content)]
    if not examined:
        return None
    first, last = examined[0], examined[-1]
    if first is last:
        return Findings(
            first.visit_date,
            None,
            _rows(_tests(first.content), {}),
            _rows(_rom(first.content), {}),
            _rows(_muscles(first.content), {}),
        )
    return Findings(
        first.visit_date,
        last.visit_date,
        _rows(_tests(first.content), _tests(last.content)),
        _rows(_rom(first.content), _rom(last.content)),
        _rows(_muscles(first.content), _muscles(last.content)),
    )
