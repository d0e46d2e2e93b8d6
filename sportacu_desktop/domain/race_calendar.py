"""The seed's timing rules around races and training phases, each stated once.

Shown, never enforced: the practitioner decides. Races are taken to start at 07:00 local
time on their day, so "72 hours before" is measured to that start.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sportacu_desktop.domain.enums import TrainingPhase
from sportacu_desktop.domain.episodes import Chronicity

RACE_START = time(7)
# "Avoid aggressive dry needling in the 48–72 hours immediately before a race."
DRY_NEEDLING_CAUTION_HOURS = 72
DRY_NEEDLING_FIRM_HOURS = 48
DRY_NEEDLING_RULE = "avoid aggressive dry needling in the 48–72 h before a race"
PRE_RACE_DAYS = (7, 10)  # a session 7–10 days before an A race
POST_RACE_DAYS = (3, 5)  # a recovery session 3–5 days after a major race
LIGHTER_TRAINING_HOURS = 24  # after substantial dry needling
SUBSTANTIAL_DRY_NEEDLING_MUSCLES = 3
CAUTION_PRIORITIES = ("A", "B")  # races the dry-needling caution applies to
PRE_RACE_PRIORITIES = ("A",)
POST_RACE_PRIORITIES = ("A", "B")
# Maintenance intervals by training phase, in days (earliest, latest). The seed gives base
# (every 2–4 weeks) and peak (weekly or every two weeks); build follows peak, the rest the
# general maintenance band (every 2–6 weeks).
MAINTENANCE_DAYS = {
    TrainingPhase.BASE: (14, 28),
    TrainingPhase.BUILD: (7, 14),
    TrainingPhase.PEAK: (7, 14),
    TrainingPhase.TAPER: (7, 14),
    TrainingPhase.RACE: (7, 14),
    TrainingPhase.RECOVERY: (14, 42),
    TrainingPhase.OFF_SEASON: (14, 42),
}
DEFAULT_MAINTENANCE_DAYS = (14, 42)
# While an injury episode is open the seed gives session counts, not intervals: weekly.
INJURY_VISIT_DAYS = 7


@dataclass(frozen=True)
class Race:
    name: str
    race_date: date
    priority: str  # A, B or C


def race_start(race_date: date, tz=None) -> datetime:
    return datetime.combine(race_date, RACE_START, tzinfo=tz)


def hours_before(race_date: date, at: datetime) -> float:
    """Hours from ``at`` to the race's start; negative once it has started."""
    return (race_start(race_date, at.tzinfo) - at).total_seconds() / 3600


def dry_needling_caution(race: Race, at: datetime) -> str | None:
    """The seed's rule for the 48–72 h before an A or B race, in words; None outside it."""
    if race.priority not in CAUTION_PRIORITIES:
        return None
    hours = hours_before(race.race_date, at)
    if not 0 <= hours <= DRY_NEEDLING_CAUTION_HOURS:
        return None
    label = f"{race.name} ({race.priority} race)"
    if hours < DRY_NEEDLING_FIRM_HOURS:
        return (
            f"{hours:.0f} h before {label}: no aggressive dry needling this close to a race; "
            "gentle treatment only."
        )
    return f"{hours:.0f} h before {label}: {DRY_NEEDLING_RULE}."


def race_within_caution_days(days_to_go: int, priority: str) -> bool:
    """The same rule by calendar day, for screens that know only the race's date: a race
    today or in the next 3 days starts within 72 h of some moment of today."""
    if priority not in CAUTION_PRIORITIES:
        return False
    return 0 <= days_to_go <= DRY_NEEDLING_CAUTION_HOURS // 24


def pre_race_window(race: Race) -> tuple[date, date] | None:
    if race.priority not in PRE_RACE_PRIORITIES:
        return None
    latest, earliest = PRE_RACE_DAYS
    return race.race_date - timedelta(days=earliest), race.race_date - timedelta(days=latest)


def post_race_window(race: Race) -> tuple[date, date] | None:
    if race.priority not in POST_RACE_PRIORITIES:
        return None
    first, last = POST_RACE_DAYS
    return race.race_date + timedelta(days=first), race.race_date + timedelta(days=last)


def lighter_training_until(at: datetime, muscles_dry_needled: int) -> datetime | None:
    if muscles_dry_needled < SUBSTANTIAL_DRY_NEEDLING_MUSCLES:
        return None
    return at + timedelta(hours=LIGHTER_TRAINING_HOURS)


def maintenance_interval(phase: str) -> tuple[int, int]:
    try:
        return MAINTENANCE_DAYS[TrainingPhase(phase)]
    except ValueError:
        return DEFAULT_MAINTENANCE_DAYS


@dataclass(frozen=True)
class SuggestedVisit:
    on: date
    reason: str


def next_visit(
    today: date,
    *,
    last_visit: date | None,
    phase: str,
    races: list[Race],
    episode: Chronicity | None = None,
) -> SuggestedVisit:
    """The earliest date the seed's rules ask for a session, with the rule that asks.

    Candidates: a pre-race session 7–10 days before an A race, a post-race session 3–5
    days after an A or B race, a weekly session while an injury episode is open, else
    the training phase's maintenance interval. A date in the 72 h before an A or B race
    is moved earlier, out of the dry-needling caution window.
    """
    candidates: list[SuggestedVisit] = []
    for race in sorted(races, key=lambda r: r.race_date):
        pre = pre_race_window(race)
        if pre and pre[1] >= today and not (last_visit and pre[0] <= last_visit <= pre[1]):
            candidates.append(
                SuggestedVisit(max(pre[0], today), f"pre-race session before {race.name}")
            )
        post = post_race_window(race)
        if post and post[1] >= today and not (last_visit and last_visit >= race.race_date):
            candidates.append(
                SuggestedVisit(max(post[0], today), f"post-race recovery after {race.name}")
            )
    base = last_visit or today
    if episode is not None and episode is not Chronicity.MAINTENANCE:
        due = base + timedelta(days=INJURY_VISIT_DAYS)
        candidates.append(SuggestedVisit(max(due, today), "weekly while the injury is treated"))
    else:
        earliest, latest = maintenance_interval(phase)
        due = base + timedelta(days=earliest)
        weeks = f"{earliest // 7}–{latest // 7} weeks"
        candidates.append(SuggestedVisit(max(due, today), f"maintenance every {weeks}"))
    best = min(candidates, key=lambda c: c.on)
    for race in races:
        if race.priority not in CAUTION_PRIORITIES:
            continue
        window_start = race.race_date - timedelta(days=DRY_NEEDLING_CAUTION_HOURS // 24)
        if window_start <= best.on < race.race_date:
            earlier = window_start - timedelta(days=1)
            if earlier >= today:
                return SuggestedVisit(earlier, f"{best.reason}; before the 72 h pre-race window")
            return SuggestedVisit(best.on, f"{best.reason}; gentle only, {race.name} is close")
    return best
