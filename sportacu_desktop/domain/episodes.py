"""Episode-of-care rules from the clinic's treatment framework (the seed's session bands)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

ACUTE_BEFORE_DAYS = 4 * 7  # acute: onset less than 4 weeks ago
CHRONIC_AFTER_DAYS = 12 * 7  # chronic: more than 12 weeks ago (or recurring)


class Chronicity(StrEnum):
    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"
    MAINTENANCE = "maintenance"


class DischargeReason(StrEnum):
    GOALS_MET = "goals_met"
    REFERRED_OUT = "referred_out"
    STOPPED = "stopped"
    MAINTENANCE = "maintenance"  # the injury episode ends; periodic sessions continue

    @property
    def label(self) -> str:
        return _DISCHARGE_LABELS[self]


_DISCHARGE_LABELS = {
    DischargeReason.GOALS_MET: "Goals met",
    DischargeReason.REFERRED_OUT: "Referred out",
    DischargeReason.STOPPED: "Patient stopped",
    DischargeReason.MAINTENANCE: "Moved to maintenance",
}


@dataclass(frozen=True)
class SessionPlan:
    chronicity: Chronicity
    min_sessions: int | None
    max_sessions: int | None
    advice: str

    @property
    def expected(self) -> tuple[int, int] | None:
        if self.min_sessions is None or self.max_sessions is None:
            return None
        return (self.min_sessions, self.max_sessions)

    @property
    def midpoint(self) -> int | None:
        """The subacute band's reassessment session (7 of 4–10); None for the others."""
        expected = self.expected
        if self.chronicity is not Chronicity.SUBACUTE or expected is None:
            return None
        low, high = expected
        return (low + high + 1) // 2


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
    """Acute under 4 weeks, subacute 4–12 weeks (both ends), chronic beyond 12 or recurring."""
    if recurring:
        return Chronicity.CHRONIC
    days = (on - onset).days
    if days < ACUTE_BEFORE_DAYS:
        return Chronicity.ACUTE
    if days <= CHRONIC_AFTER_DAYS:
        return Chronicity.SUBACUTE
    return Chronicity.CHRONIC


def session_plan(kind: Chronicity) -> SessionPlan:
    return _PLANS[kind]


def session_count_text(plan: SessionPlan, session: int) -> str:
    """ "Session 5 of 8–16" (the band the seed expects), or "Session 5" for maintenance."""
    if plan.expected is None:
        return f"Session {session} (maintenance)"
    low, high = plan.expected
    return f"Session {session} of {low}–{high}"


def reassessment_due(plan: SessionPlan, sessions: int) -> str | None:
    """What to reassess after ``sessions`` signed sessions, or None."""
    if plan.expected is None:
        return None
    low, high = plan.expected
    if sessions > high:
        return (
            f"{sessions} sessions, past the {low}–{high} expected "
            f"for a {plan.chronicity.value} problem: reassess, discharge or refer."
        )
    if plan.midpoint is not None and sessions == plan.midpoint:
        band = f"{low}–{high}"
        return f"Session {sessions} is the midpoint of {band}: reassess."
    return None
