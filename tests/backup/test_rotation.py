"""Which backups rotation keeps, for any history of backup times (hypothesis)."""

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from sportacu_desktop.services.backup_rotation import backups_to_keep

stamps = st.lists(
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2035, 12, 31)),
    max_size=300,
)


def newest_per(history, period, count):
    newest = {}
    for stamp in history:
        key = period(stamp)
        newest[key] = max(stamp, newest.get(key, stamp))
    return [newest[key] for key in sorted(newest, reverse=True)[:count]]


def DAY(stamp):
    return stamp.date()


def WEEK(stamp):
    return tuple(stamp.isocalendar())[:2]


def MONTH(stamp):
    return stamp.year, stamp.month


@given(stamps)
def test_keeps_only_backups_that_exist_and_never_more_than_23(history):
    kept = backups_to_keep(history)
    assert kept <= set(history)
    assert len(kept) <= 7 + 4 + 12


@given(stamps)
def test_the_newest_backup_is_always_kept(history):
    if history:
        assert max(history) in backups_to_keep(history)


@given(stamps)
def test_newest_of_each_recent_day_week_and_month_is_kept(history):
    kept = backups_to_keep(history)
    for period, count in ((DAY, 7), (WEEK, 4), (MONTH, 12)):
        assert set(newest_per(history, period, count)) <= kept


@given(stamps)
def test_at_most_one_backup_per_day_is_kept(history):
    days = [stamp.date() for stamp in backups_to_keep(history)]
    assert len(days) == len(set(days))


@given(stamps)
def test_nothing_older_than_the_rules_reach_is_kept(history):
    kept = backups_to_keep(history)
    reached = set()
    for period, count in ((DAY, 7), (WEEK, 4), (MONTH, 12)):
        reached |= set(newest_per(history, period, count))
    assert kept == reached


@given(stamps)
def test_rotating_again_removes_nothing_more(history):
    kept = backups_to_keep(history)
    assert backups_to_keep(kept) == kept


@given(stamps, st.datetimes(min_value=datetime(2036, 1, 1), max_value=datetime(2036, 12, 31)))
def test_a_new_backup_never_brings_back_one_already_removed(history, later):
    kept = backups_to_keep(history)
    assert backups_to_keep([*kept, later]) <= kept | {later}
