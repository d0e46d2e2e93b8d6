"""The race calendar as a timeline: visits, races (A/B/C) and the seed's windows around
them, today and the next suggested visit. Plain model + a matplotlib drawing, like
``outcome_figure``; the windows come from ``domain.race_calendar``, never restated here."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sportacu_desktop.domain.race_calendar import (
    CAUTION_PRIORITIES,
    DRY_NEEDLING_CAUTION_HOURS,
    Race,
    post_race_window,
    pre_race_window,
)
from sportacu_desktop.reports.outcome_figure import RACE_COLORS, VISIT_COLOR

WINDOW_COLORS = {
    "pre-race session": "#d5ecd4",
    "no aggressive dry needling": "#f6d5d2",
    "post-race recovery": "#d6e4f5",
}
PAST_DAYS, AHEAD_DAYS = 120, 150


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    kind: str  # a key of WINDOW_COLORS


@dataclass(frozen=True)
class CalendarFigure:
    today: date
    phase: str
    visits: tuple[date, ...]
    races: tuple[Race, ...]
    windows: tuple[Window, ...]
    next_visit: date | None
    start: date
    end: date


def calendar_figure(
    today: date,
    phase: str,
    visits: Iterable[date],
    races: Iterable[Race],
    next_visit: date | None,
) -> CalendarFigure:
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=AHEAD_DAYS)
    shown = tuple(r for r in races if start <= r.race_date <= end)
    windows = []
    for race in shown:
        pre, post = pre_race_window(race), post_race_window(race)
        if pre:
            windows.append(Window(pre[0], pre[1], "pre-race session"))
        if race.priority in CAUTION_PRIORITIES:
            days = DRY_NEEDLING_CAUTION_HOURS // 24
            windows.append(
                Window(
                    race.race_date - timedelta(days=days),
                    race.race_date,
                    "no aggressive dry needling",
                )
            )
        if post:
            windows.append(Window(post[0], post[1], "post-race recovery"))
    return CalendarFigure(
        today,
        phase,
        tuple(v for v in visits if start <= v <= end),
        shown,
        tuple(windows),
        next_visit,
        start,
        end,
    )


def draw_calendar(model: CalendarFigure, figure) -> None:
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    figure.clear()
    ax = figure.subplots()
    for window in model.windows:
        ax.axvspan(
            window.start,
            window.end + timedelta(days=1),
            color=WINDOW_COLORS[window.kind],
            lw=0,
            zorder=0,
        )
    ax.axvline(model.today, color="#333333", lw=1, zorder=1)
    ax.annotate(
        "today",
        (mdates.date2num(model.today), 0.02),
        xycoords=("data", "axes fraction"),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize=7,
    )
    if model.visits:
        ax.plot(
            model.visits,
            [0] * len(model.visits),
            "o",
            color="#555555",
            ms=5,
            label="visits",
            zorder=2,
        )
    for order, race in enumerate(sorted(model.races, key=lambda r: r.race_date)):
        color = RACE_COLORS.get(race.priority, VISIT_COLOR)
        ax.plot([race.race_date], [1], marker="v", color=color, ms=9, zorder=2)
        # Neighbouring races' names are staggered so they never print over each other.
        ax.annotate(
            f"{race.priority}: {race.name}",
            (mdates.date2num(race.race_date), 1),
            xytext=(0, 8 if order % 2 == 0 else 20),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            color=color,
        )
    if model.next_visit:
        ax.plot(
            [model.next_visit],
            [0],
            marker="*",
            color="#1f5fa8",
            ms=13,
            zorder=3,
            label="next suggested visit",
        )
    ax.set_xlim(model.start, model.end)
    ax.set_ylim(-0.6, 1.8)
    ax.set_yticks([0, 1], ["Visits", "Races"], fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    handles = [Patch(color=c, label=k) for k, c in WINDOW_COLORS.items()]
    handles += ax.get_legend_handles_labels()[0]
    ax.legend(
        handles=handles,
        fontsize=7,
        loc="upper left",
        ncols=3,
        frameon=False,
        bbox_to_anchor=(0, -0.12),
    )
    ax.set_title(f"Race calendar · training phase: {model.phase}", fontsize=9, loc="left")
