"""Outcome measures and their minimal clinically important differences (MCID)."""

from dataclasses import dataclass
from datetime import date

# instrument -> (MCID, True if a higher score is better, lowest, highest)
INSTRUMENTS = {
    "NPRS": (2.0, False, 0, 10),
    "PSFS": (2.0, True, 0, 10),
    "LEFS": (9.0, True, 0, 80),
    "FAAM_ADL": (8.0, True, 0, 100),
    "FAAM_SPORTS": (9.0, True, 0, 100),
    "VISA_A": (None, True, 0, 100),
    "VISA_P": (None, True, 0, 100),
}
LABELS = {
    "NPRS": "Pain (NPRS)",
    "PSFS": "PSFS",
    "LEFS": "LEFS",
    "FAAM_ADL": "FAAM ADL",
    "FAAM_SPORTS": "FAAM Sports",
    "VISA_A": "VISA-A",
    "VISA_P": "VISA-P",
}
SESSIONS_BEFORE_REVIEW = 4


@dataclass(frozen=True)
class Score:
    instrument: str
    measured_on: date
    score: float


def score_problem(instrument: str, score: float) -> str | None:
    if instrument not in INSTRUMENTS:
        return "Choose an outcome measure from the list."
    _mcid, _higher, low, high = INSTRUMENTS[instrument]
    if not low <= score <= high:
        return f"A {LABELS[instrument]} score is between {low} and {high}."
    return None


def improved_by_mcid(scores: list[Score]) -> dict[str, bool]:
    """For each instrument with a known MCID and two or more scores: first → latest."""
    result = {}
    for instrument, (mcid, higher_better, _low, _high) in INSTRUMENTS.items():
        series = sorted(
            (s for s in scores if s.instrument == instrument), key=lambda s: s.measured_on
        )
        if mcid is None or len(series) < 2:
            continue
        change = series[-1].score - series[0].score
        result[instrument] = (change if higher_better else -change) >= mcid
    return result


def reconsider_approach(sessions: int, scores: list[Score]) -> str | None:
    """The clinic's rule: after 4 sessions, if no measure improved by its MCID, say so."""
    if sessions < SESSIONS_BEFORE_REVIEW:
        return None
    progress = improved_by_mcid(scores)
    if any(progress.values()):
        return None
    if not progress:
        return (
            f"{sessions} sessions and no outcome measure recorded twice: record one to "
            "see whether the approach is working."
        )
    return (
        f"{sessions} sessions and no outcome measure has improved by its minimal "
        "clinically important difference: the approach should be reconsidered."
    )
