"""The seed's race windows at their edges, and the next suggested visit."""

from datetime import UTC, date, datetime, timedelta

import pytest

from sportacu_desktop.domain.episodes import Chronicity
from sportacu_desktop.domain.race_calendar import (
    Race,
    dry_needling_caution,
    next_visit,
    race_start,
    race_within_caution_days,
)
from sportacu_desktop.domain.safety import PlannedTreatment, UpcomingRace, race_timing

RACE_DAY = date(2026, 6, 14)


def hours_out(hours: float) -> datetime:
    return race_start(RACE_DAY, UTC) - timedelta(hours=hours)


@pytest.mark.parametrize(
    ("hours", "priority", "expected"),
    [
        (73, "A", None),
        (72, "A", "avoid aggressive dry needling in the 48–72 h"),
        (48, "A", "avoid aggressive dry needling in the 48–72 h"),
        (47, "A", "no aggressive dry needling this close"),
        (0, "A", "no aggressive dry needling this close"),
        (48, "B", "avoid aggressive dry needling in the 48–72 h"),
        (47, "C", None),
        (72, "C", None),
        (-1, "A", None),  # the race has started
    ],
)
def test_dry_needling_window_edges(hours, priority, expected):
    caution = dry_needling_caution(Race("Bay 50K", RACE_DAY, priority), hours_out(hours))
    assert (caution is None) if expected is None else (expected in caution)


def test_the_charting_check_warns_only_when_dry_needling():
    race = [UpcomingRace("Bay 50K", RACE_DAY, "A")]
    needling = race_timing(PlannedTreatment(muscles_dry_needled=1), race, hours_out(50))
    points = race_timing(PlannedTreatment(points=(("LI4", "B"),)), race, hours_out(50))
    assert [f.level.value for f in needling] == ["warn"]
    assert points == []


@pytest.mark.parametrize(
    ("days_before", "priority", "pre_race"),
    [(11, "A", False), (10, "A", True), (7, "A", True), (6, "A", False), (8, "C", False)],
)
def test_pre_race_session_window(days_before, priority, pre_race):
    at = datetime.combine(RACE_DAY - timedelta(days=days_before), datetime.min.time(), UTC)
    found = race_timing(PlannedTreatment(), [UpcomingRace("R", RACE_DAY, priority)], at)
    assert any("pre-race session" in f.message for f in found) is pre_race


@pytest.mark.parametrize(
    ("days_after", "priority", "post_race"),
    [(2, "A", False), (3, "A", True), (5, "B", True), (6, "A", False), (4, "C", False)],
)
def test_post_race_session_window(days_after, priority, post_race):
    at = datetime.combine(RACE_DAY + timedelta(days=days_after), datetime.min.time(), UTC)
    found = race_timing(PlannedTreatment(), [UpcomingRace("R", RACE_DAY, priority)], at)
    assert any("post-race recovery" in f.message for f in found) is post_race


def test_substantial_dry_needling_means_lighter_training_for_24_hours():
    found = race_timing(PlannedTreatment(muscles_dry_needled=3), [], hours_out(500))
    assert [f.message for f in found] == [
        "Substantial dry needling: advise lighter training for the next 24 h."
    ]
    assert race_timing(PlannedTreatment(muscles_dry_needled=2), [], hours_out(500)) == []


@pytest.mark.parametrize(("days", "shown"), [(-1, False), (0, True), (3, True), (4, False)])
def test_header_rule_by_calendar_day(days, shown):
    assert race_within_caution_days(days, "A") is shown
    assert race_within_caution_days(days, "C") is False


def test_next_visit_before_an_a_race_is_the_pre_race_session():
    today = RACE_DAY - timedelta(days=20)
    suggested = next_visit(
        today, last_visit=today, phase="peak", races=[Race("Bay 50K", RACE_DAY, "A")]
    )
    assert suggested.on == today + timedelta(days=7)  # peak: weekly comes first
    later = next_visit(
        today,
        last_visit=today - timedelta(days=0),
        phase="base",
        races=[Race("Bay 50K", RACE_DAY, "A")],
    )
    assert later.on == RACE_DAY - timedelta(days=10)
    assert later.reason == "pre-race session before Bay 50K"


def test_next_visit_after_a_race_is_the_recovery_session():
    today = RACE_DAY + timedelta(days=1)
    suggested = next_visit(
        today,
        last_visit=RACE_DAY - timedelta(days=8),
        phase="recovery",
        races=[Race("Bay 50K", RACE_DAY, "A")],
    )
    assert suggested == next_visit(
        today,
        last_visit=RACE_DAY - timedelta(days=8),
        phase="recovery",
        races=[Race("Bay 50K", RACE_DAY, "B")],
    )
    assert suggested.on == RACE_DAY + timedelta(days=3)
    assert suggested.reason == "post-race recovery after Bay 50K"


def test_maintenance_interval_by_phase_and_injury_weekly():
    today = date(2026, 2, 2)
    base = next_visit(today, last_visit=today, phase="base", races=[])
    peak = next_visit(today, last_visit=today, phase="peak", races=[])
    injured = next_visit(
        today, last_visit=today, phase="base", races=[], episode=Chronicity.CHRONIC
    )
    assert (base.on - today).days == 14 and base.reason == "maintenance every 2–4 weeks"
    assert (peak.on - today).days == 7
    assert (injured.on - today).days == 7


def test_next_visit_moves_out_of_the_72_hour_window():
    today = RACE_DAY - timedelta(days=9)
    suggested = next_visit(
        today,
        last_visit=today,
        phase="base",
        races=[Race("Bay 50K", RACE_DAY, "B")],
        episode=Chronicity.ACUTE,
    )
    assert suggested.on == RACE_DAY - timedelta(days=4)
    assert "before the 72 h pre-race window" in suggested.reason
