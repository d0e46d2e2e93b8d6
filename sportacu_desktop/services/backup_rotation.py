"""Which automatic backups to keep: 7 daily, 4 weekly, 12 monthly. Pure, no files."""

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def _day(stamp: datetime) -> Hashable:
    return stamp.date()


def _week(stamp: datetime) -> Hashable:
    year, week, _ = stamp.isocalendar()
    return year, week


def _month(stamp: datetime) -> Hashable:
    return stamp.year, stamp.month


def backups_to_keep(
    stamps: Iterable[datetime],
    *,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
) -> set[datetime]:
    """The backups to keep, by the time each was taken.

    The newest backup of each of the ``daily`` most recent days that have a backup, of
    each of the ``weekly`` most recent ISO weeks, and of each of the ``monthly`` most
    recent months. Counting days that have backups (not calendar days) means a clinic
    closed for a month still keeps a week of daily backups from before. The newest
    backup is always kept; applying the rule again to what it kept keeps all of it.
    """
    newest_first = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set()
    for period, count in ((_day, daily), (_week, weekly), (_month, monthly)):
        keep |= _newest_per_period(newest_first, period, count)
    return keep


def _newest_per_period(
    newest_first: list[datetime], period: Callable[[datetime], Hashable], count: int
) -> set[datetime]:
    chosen: dict[Hashable, datetime] = {}
    for stamp in newest_first:
        key = period(stamp)
        if key in chosen:
            continue
        if len(chosen) == count:
            break
        chosen[key] = stamp
    return set(chosen.values())
