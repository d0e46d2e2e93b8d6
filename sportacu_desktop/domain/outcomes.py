"""Outcome measures and recovery markers, their MCIDs, and "is the treatment working?".

MCIDs from ``shared/reference/README.md``: NPRS 2 points, PSFS 2, LEFS 9, FAAM ADL 8 and
Sports 9 percentage points. VISA-A and VISA-P are stored as totals only (their item texts
are not licensed to ship) and have no MCID in the reference, so they never decide alone.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import mean


@dataclass(frozen=True)
class Instrument:
    key: str
    label: str
    low: float
    high: float
    unit: str = ""
    mcid: float | None = None
    higher_is_better: bool = True
    whole: bool = False  # whole numbers only
    recovery_marker: bool = False  # a training-recovery marker, not an outcome measure


_ALL = (
    Instrument("NPRS", "Pain (NPRS)", 0, 10, "/10", 2.0, False, whole=True),
    Instrument("PSFS", "PSFS", 0, 10, "/10", 2.0),
    Instrument("LEFS", "LEFS", 0, 80, "/80", 9.0, whole=True),
    Instrument("FAAM_ADL", "FAAM ADL", 0, 100, "%", 8.0),
    Instrument("FAAM_SPORTS", "FAAM Sports", 0, 100, "%", 9.0),
    Instrument("VISA_A", "VISA-A", 0, 100, "/100", whole=True),
    Instrument("VISA_P", "VISA-P", 0, 100, "/100", whole=True),
    Instrument("HRV", "HRV", 5, 250, "ms", recovery_marker=True),
    Instrument("RESTING_HR", "Resting heart rate", 25, 120, "bpm", None, False, True, True),
    Instrument("SLEEP_HOURS", "Sleep", 0, 16, "h", recovery_marker=True),
    Instrument("SLEEP_QUALITY", "Sleep quality", 1, 5, "/5", whole=True, recovery_marker=True),
    Instrument("WEEKLY_KM", "Weekly running volume", 0, 400, "km", recovery_marker=True),
)
INSTRUMENTS: dict[str, Instrument] = {i.key: i for i in _ALL}
OUTCOME_MEASURES = tuple(i.key for i in _ALL if not i.recovery_marker)
RECOVERY_MARKERS = tuple(i.key for i in _ALL if i.recovery_marker)
SESSIONS_BEFORE_REVIEW = 4
PSFS_ACTIVITIES = (3, 5)  # the patient names 3 to 5 activities, each scored 0–10


@dataclass(frozen=True)
class Score:
    instrument: str
    measured_on: date
    score: float


def score_problem(instrument: str, score: float) -> str | None:
    """A plain-words reason the score cannot be recorded, or None."""
    spec = INSTRUMENTS.get(instrument)
    if spec is None:
        return "Choose an outcome measure from the list."
    if not spec.low <= score <= spec.high:
        return f"{spec.label} is between {spec.low:g} and {spec.high:g}{_unit(spec)}."
    if spec.whole and score != int(score):
        return f"{spec.label} is a whole number."
    return None


def _unit(spec: Instrument) -> str:
    return f" {spec.unit}" if spec.unit in ("ms", "bpm", "h", "km") else ""


def psfs_score(activities: list[tuple[str, float]]) -> tuple[float | None, str | None]:
    """The PSFS total (mean of the activities' 0–10 scores) or why it cannot be scored."""
    named = [(name.strip(), value) for name, value in activities if name.strip()]
    low, high = PSFS_ACTIVITIES
    if not low <= len(named) <= high:
        return None, f"The PSFS needs {low} to {high} activities the patient chose."
    for name, value in named:
        if not 0 <= value <= 10:
            return None, f"Score each activity from 0 to 10 ({name}: {value:g})."
    return round(mean(value for _, value in named), 1), None


class Trend(StrEnum):
    IMPROVED = "improved"  # changed by at least its MCID in the better direction
    STALLED = "stalled"  # less than its MCID either way
    WORSENED = "worsened"  # changed by at least its MCID in the worse direction
    MISSING = "missing"  # fewer than two scores in the episode


@dataclass(frozen=True)
class MeasureChange:
    instrument: str
    trend: Trend
    first: float | None
    latest: float | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first

    def describe(self) -> str:
        label = INSTRUMENTS[self.instrument].label
        if self.trend is Trend.MISSING:
            return f"{label}: not measured twice"
        return f"{label} {self.first:g} → {self.latest:g} ({self.change:+g}, {self.trend.value})"


def measure_changes(scores: list[Score]) -> list[MeasureChange]:
    """First → latest score of each outcome measure with an MCID that was recorded."""
    result = []
    for key in OUTCOME_MEASURES:
        spec = INSTRUMENTS[key]
        series = sorted((s for s in scores if s.instrument == key), key=lambda s: s.measured_on)
        if not series or spec.mcid is None:
            continue
        if len(series) < 2:
            result.append(MeasureChange(key, Trend.MISSING, None, None))
            continue
        first, latest = series[0].score, series[-1].score
        gain = (latest - first) if spec.higher_is_better else (first - latest)
        if gain >= spec.mcid:
            trend = Trend.IMPROVED
        elif gain <= -spec.mcid:
            trend = Trend.WORSENED
        else:
            trend = Trend.STALLED
        result.append(MeasureChange(key, trend, first, latest))
    return result


def improved_by_mcid(scores: list[Score]) -> dict[str, bool]:
    return {
        c.instrument: c.trend is Trend.IMPROVED
        for c in measure_changes(scores)
        if c.trend is not Trend.MISSING
    }


@dataclass(frozen=True)
class Progress:
    """The seed's rule applied to one episode: is the approach working?"""

    sessions: int
    changes: tuple[MeasureChange, ...]
    reconsider: bool
    message: str | None


def progress(sessions: int, scores: list[Score]) -> Progress:
    """After 4 sessions, if no measure improved by its MCID, the approach is reconsidered."""
    changes = tuple(measure_changes(scores))
    if sessions < SESSIONS_BEFORE_REVIEW or any(c.trend is Trend.IMPROVED for c in changes):
        return Progress(sessions, changes, False, None)
    measured = [c for c in changes if c.trend is not Trend.MISSING]
    if not measured:
        message = (
            f"{sessions} sessions and no outcome measure recorded twice: record one to see "
            "whether the approach is working."
        )
    else:
        named = "; ".join(c.describe() for c in measured)
        message = (
            f"{sessions} sessions and no outcome measure improved by its minimal clinically "
            f"important difference ({named}): the approach should be reconsidered."
        )
    return Progress(sessions, changes, True, message)


def reconsider_approach(sessions: int, scores: list[Score]) -> str | None:
    return progress(sessions, scores).message


# Overtraining: the seed's signs are an elevated resting heart rate with suppressed HRV.
BASELINE_READINGS = 3  # the patient's own baseline: the mean of their first readings
RESTING_HR_RISE_BPM = 5
HRV_DROP_FRACTION = 0.10
OVERTRAINING_ADVICE = (
    "Resting heart rate up and HRV down against this athlete's own baseline: signs of "
    "overreaching. Suggest rest and a lighter training load; favour autonomic-regulation "
    "treatment (low-frequency 2–4 Hz EA) over aggressive needling."
)


def overtraining_flag(markers: list[Score]) -> str | None:
    """The seed's overtraining warning when the latest readings break from the baseline."""

    def series(key: str) -> list[float]:
        ordered = sorted((s for s in markers if s.instrument == key), key=lambda s: s.measured_on)
        return [s.score for s in ordered]

    hr, hrv = series("RESTING_HR"), series("HRV")
    if len(hr) <= BASELINE_READINGS or len(hrv) <= BASELINE_READINGS:
        return None
    hr_base, hrv_base = mean(hr[:BASELINE_READINGS]), mean(hrv[:BASELINE_READINGS])
    hr_up = hr[-1] - hr_base >= RESTING_HR_RISE_BPM
    hrv_down = hrv[-1] <= hrv_base * (1 - HRV_DROP_FRACTION)
    if not (hr_up and hrv_down):
        return None
    return (
        f"Resting HR {hr[-1]:g} bpm (baseline {hr_base:.0f}), HRV {hrv[-1]:g} ms "
        f"(baseline {hrv_base:.0f}). {OVERTRAINING_ADVICE}"
    )
