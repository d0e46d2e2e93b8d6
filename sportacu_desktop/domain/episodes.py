"""Episode-of-care rules from the clinic's treatment framework."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Chronicity(StrEnum):
    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"
    MAINTENANCE = "maintenance"


@dataclass(frozen=True)
class SessionPlan:
    chronicity: Chronicity
    min_sessions: int | None
    max_sessions: int | None
    advice: str


_PLANS = {
    Chronicity.ACUTE: SessionPlan(Chronicity.ACUTE, 2, 6, "2–6 sessions expected."),
    Chronicity.SUBACUTE: SessionPlan(
        Chronicity.SUBACUTE, 4, 10, "4–10 sessions; reassess at the midpoint."
    ),
    Chronicity.CHRONIC: SessionPlan(
        Chronicity.CHRONIC, 8, 16, "8–16 sessions with concurrent strength and load work."
    ),
    Chronicity.MAINTENANCE: SessionPlan(
        Chronicity.MAINTENANCE, None, None, "Periodic sessions every 2–6 weeks."
    ),
}


def chronicity(onset: date, on: date, *, recurring: bool = False) -> Chronicity:
    """Acute under 4 weeks, subacute 4–12 weeks, chronic beyond 12 weeks or recurring."""
    if recurring:
        return Chronicity.CHRONIC
    weeks = (on - onset).days / 7
    if weeks < 4:
        return Chronicity.ACUTE
    if weeks <= 12:
        return Chronicity.SUBACUTE
    return Chronicity.CHRONIC


def session_plan(kind: Chronicity) -> SessionPlan:
    return _PLANS[kind]
