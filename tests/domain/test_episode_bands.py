"""Chronicity bands and session counts at their exact boundaries (the seed's framework)."""

from datetime import date, timedelta

import pytest

from sportacu_desktop.domain.episodes import (
    Chronicity,
    reassessment_due,
    session_count_text,
    session_plan,
)

ONSET = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, Chronicity.ACUTE),
        (27, Chronicity.ACUTE),
        (28, Chronicity.SUBACUTE),  # exactly 4 weeks
        (83, Chronicity.SUBACUTE),
        (84, Chronicity.SUBACUTE),  # exactly 12 weeks
        (85, Chronicity.CHRONIC),
        (400, Chronicity.CHRONIC),
    ],
)
def test_chronicity_at_the_band_edges(days, band):
    from sportacu_desktop.domain.episodes import chronicity

    assert chronicity(ONSET, ONSET + timedelta(days=days)) is band


def test_a_recurring_problem_is_chronic_from_day_one():
    from sportacu_desktop.domain.episodes import chronicity

    assert chronicity(ONSET, ONSET, recurring=True) is Chronicity.CHRONIC


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        (Chronicity.ACUTE, (2, 6)),
        (Chronicity.SUBACUTE, (4, 10)),
        (Chronicity.CHRONIC, (8, 16)),
        (Chronicity.MAINTENANCE, None),
    ],
)
def test_expected_sessions(band, expected):
    assert session_plan(band).expected == expected


def test_session_text():
    assert session_count_text(session_plan(Chronicity.CHRONIC), 5) == "Session 5 of 8–16"
    assert "maintenance" in session_count_text(session_plan(Chronicity.MAINTENANCE), 3)


@pytest.mark.parametrize(
    ("band", "sessions", "due"),
    [
        (Chronicity.SUBACUTE, 6, None),
        (Chronicity.SUBACUTE, 7, "midpoint"),  # of 4–10
        (Chronicity.SUBACUTE, 10, None),
        (Chronicity.SUBACUTE, 11, "past the 4–10"),
        (Chronicity.ACUTE, 6, None),
        (Chronicity.ACUTE, 7, "past the 2–6"),
        (Chronicity.CHRONIC, 16, None),
        (Chronicity.CHRONIC, 17, "past the 8–16"),
        (Chronicity.MAINTENANCE, 40, None),
    ],
)
def test_reassessment_prompts(band, sessions, due):
    text = reassessment_due(session_plan(band), sessions)
    assert (text is None) if due is None else (due in text)
