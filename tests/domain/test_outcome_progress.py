"""Is it working? The MCID rule after 4 sessions, validation, PSFS and overtraining."""

from datetime import date, timedelta

import pytest

from sportacu_desktop.domain.outcomes import (
    Score,
    Trend,
    measure_changes,
    overtraining_flag,
    progress,
    psfs_score,
    score_problem,
)

DAY = date(2026, 3, 2)


def series(instrument: str, *values: float) -> list[Score]:
    return [Score(instrument, DAY + timedelta(weeks=n), v) for n, v in enumerate(values)]


@pytest.mark.parametrize(
    ("sessions", "scores", "reconsider", "named"),
    [
        (3, series("NPRS", 6, 6), False, None),  # too early to judge
        (4, [], True, "no outcome measure recorded twice"),  # missing
        (4, series("NPRS", 6), True, "no outcome measure recorded twice"),  # once only
        (4, series("NPRS", 6, 4), False, None),  # improved by exactly the MCID (2)
        (4, series("NPRS", 6, 5), True, "Pain (NPRS) 6 → 5 (-1, stalled)"),
        (4, series("NPRS", 4, 7), True, "Pain (NPRS) 4 → 7 (+3, worsened)"),
        (5, series("LEFS", 40, 49), False, None),  # higher is better, MCID 9
        (5, series("LEFS", 40, 48), True, "LEFS 40 → 48 (+8, stalled)"),
        (6, series("NPRS", 6, 6) + series("FAAM_SPORTS", 50, 59), False, None),
        (4, series("VISA_A", 40, 80), True, "no outcome measure recorded twice"),  # no MCID
    ],
)
def test_reconsider_rule(sessions, scores, reconsider, named):
    result = progress(sessions, scores)
    assert result.reconsider is reconsider
    if named:
        assert named in result.message
    else:
        assert result.message is None


def test_each_measure_reports_its_trend():
    changes = {
        c.instrument: c.trend
        for c in measure_changes(
            series("NPRS", 7, 3)
            + series("LEFS", 50, 52)
            + series("PSFS", 6, 3)
            + series("FAAM_ADL", 60)
        )
    }
    assert changes == {
        "NPRS": Trend.IMPROVED,
        "LEFS": Trend.STALLED,
        "PSFS": Trend.WORSENED,
        "FAAM_ADL": Trend.MISSING,
    }


@pytest.mark.parametrize(
    ("instrument", "value", "problem"),
    [
        ("NPRS", 10, None),
        ("NPRS", 11, "Pain (NPRS) is between 0 and 10."),
        ("NPRS", 4.5, "Pain (NPRS) is a whole number."),
        ("LEFS", 81, "LEFS is between 0 and 80."),
        ("FAAM_ADL", 100, None),
        ("VISA_P", -1, "VISA-P is between 0 and 100."),
        ("HRV", 2, "HRV is between 5 and 250 ms."),
        ("RESTING_HR", 48, None),
        ("SLEEP_QUALITY", 6, "Sleep quality is between 1 and 5."),
        ("WEEKLY_KM", 85.5, None),
        ("KOOS", 50, "Choose an outcome measure from the list."),
    ],
)
def test_ranges_in_plain_words(instrument, value, problem):
    assert score_problem(instrument, value) == problem


def test_psfs_averages_three_to_five_activities():
    assert psfs_score([("run downhill", 4), ("stairs", 6), ("hop", 5)]) == (5.0, None)
    assert psfs_score([("run", 4), ("stairs", 6)])[1] == (
        "The PSFS needs 3 to 5 activities the patient chose."
    )
    assert "0 to 10" in psfs_score([("run", 4), ("stairs", 6), ("hop", 12)])[1]


def test_overtraining_needs_both_signs_against_own_baseline():
    hr = series("RESTING_HR", 48, 49, 47, 50, 54)
    hrv = series("HRV", 80, 82, 78, 75, 70)
    flag = overtraining_flag(hr + hrv)
    assert flag is not None and "Resting HR 54 bpm (baseline 48)" in flag
    assert "lighter training load" in flag
    assert (
        overtraining_flag(
            series("RESTING_HR", 48, 49, 47, 50, 54) + series("HRV", 80, 82, 78, 75, 79)
        )
        is None
    )
    assert overtraining_flag(series("RESTING_HR", 48, 49, 47, 50, 51) + hrv) is None
    assert overtraining_flag(series("RESTING_HR", 48, 60) + series("HRV", 80, 40)) is None
