"""The outcome and recovery plots: one figure definition for the screen and for PDFs.

``OutcomeFigure`` says what is plotted (plain data, no plotting library). ``draw`` puts it
on a matplotlib ``Figure`` for the chart's Qt canvas; ``reports.outcome_drawing`` draws
the same model with reportlab shapes for printed summaries. Both take a panel's range
from ``value_range``. matplotlib is imported inside the functions: start-up never pays
for it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sportacu_desktop.domain.outcomes import INSTRUMENTS, OUTCOME_MEASURES, RECOVERY_MARKERS, Score

# Solid colours, no transparency: the PDF conversion does not keep alpha.
VISIT_COLOR = "#c8c8c8"
RACE_COLORS = {"A": "#b3261e", "B": "#e07b00", "C": "#6d6d6d"}
LINE_COLOR = "#1f5fa8"
# Short axis titles where the full name would not fit beside a small panel.
AXIS_LABELS = {
    "RESTING_HR": "Resting HR",
    "SLEEP_HOURS": "Sleep",
    "SLEEP_QUALITY": "Sleep quality",
    "WEEKLY_KM": "Running",
    "FAAM_SPORTS": "FAAM Sports",
}
BAND_COLOR = "#dce7f3"


@dataclass(frozen=True)
class Series:
    instrument: str
    label: str
    unit: str
    points: tuple[tuple[date, float], ...]
    mcid: float | None  # drawn as the band of no meaningful change around the first score
    low: float
    high: float


@dataclass(frozen=True)
class RaceMark:
    on: date
    name: str
    priority: str


@dataclass(frozen=True)
class OutcomeFigure:
    title: str
    series: tuple[Series, ...]
    visits: tuple[date, ...]
    races: tuple[RaceMark, ...]

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def _series(scores: Iterable[Score], keys: tuple[str, ...]) -> tuple[Series, ...]:
    result = []
    scores = list(scores)
    for key in keys:
        spec = INSTRUMENTS[key]
        points = tuple(sorted((s.measured_on, s.score) for s in scores if s.instrument == key))
        if points:
            result.append(
                Series(key, spec.label, spec.unit, points, spec.mcid, spec.low, spec.high)
            )
    return tuple(result)


def outcome_figure(
    title: str,
    scores: Iterable[Score],
    visits: Iterable[date],
    races: Iterable[RaceMark],
    *,
    recovery: bool = False,
) -> OutcomeFigure:
    """Each measure (or recovery marker) over time, with visits and races in its span."""
    series = _series(scores, RECOVERY_MARKERS if recovery else OUTCOME_MEASURES)
    visit_days = tuple(sorted(set(visits)))
    scored = [d for s in series for d, _ in s.points]
    if scored:
        # Only the visits within the measured span (a decade of visits would flatten it).
        low, high = min(scored).toordinal() - 14, max(scored).toordinal() + 14
        visit_days = tuple(d for d in visit_days if low <= d.toordinal() <= high)
    days = scored + list(visit_days)
    if days:
        first, last = min(days), max(days)
        marks = tuple(
            r for r in races if first.toordinal() - 30 <= r.on.toordinal() <= last.toordinal() + 30
        )
    else:
        marks = ()
    return OutcomeFigure(title, series, visit_days, marks)


def value_range(series: Series) -> tuple[float, float]:
    """The panel's value range: the scores with a margin, the whole MCID band, within the
    instrument's own scale, never narrower than one unit."""
    values = [v for _, v in series.points]
    span = series.high - series.low
    low = max(series.low, min(values) - span * 0.1)
    high = min(series.high, max(values) + span * 0.1)
    if series.mcid is not None:
        low = max(series.low, min(low, values[0] - series.mcid))
        high = min(series.high, max(high, values[0] + series.mcid))
    if high - low < 1:
        low, high = low - 0.5, high + 0.5
    return low, high


def draw(model: OutcomeFigure, figure) -> None:
    """Draw ``model`` on a matplotlib Figure: one panel per measure, sharing the time axis."""
    import matplotlib.dates as mdates

    figure.clear()
    if model.empty:
        figure.text(0.5, 0.5, "No measures recorded yet.", ha="center", va="center")
        return
    axes = figure.subplots(len(model.series), 1, sharex=True, squeeze=False)[:, 0]
    for ax, series in zip(axes, model.series, strict=True):
        days = [d for d, _ in series.points]
        values = [v for _, v in series.points]
        if series.mcid is not None:
            base = values[0]
            ax.axhspan(
                base - series.mcid,
                base + series.mcid,
                color=BAND_COLOR,
                lw=0,
                zorder=0,
                label=f"within MCID (±{series.mcid:g}) of the first score",
            )
        for visit in model.visits:
            ax.axvline(visit, color=VISIT_COLOR, lw=0.6, zorder=0.5)
        for race in model.races:
            ax.axvline(race.on, color=RACE_COLORS.get(race.priority, "#6d6d6d"), lw=1.4, ls="--")
        ax.plot(days, values, marker="o", color=LINE_COLOR, lw=1.8, ms=4, label=series.label)
        ax.set_ylim(*value_range(series))
        unit = series.unit if series.unit.startswith("/") else f"({series.unit})"
        ax.set_ylabel(f"{AXIS_LABELS.get(series.instrument, series.label)}\n{unit}", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(axis="y", color="#e6e6e6", lw=0.5)
        ax.set_axisbelow(True)
    top = axes[0]
    last_point = max(d for s in model.series for d, _ in s.points)
    for order, race in enumerate(sorted(model.races, key=lambda r: r.on)):
        # A race after the last score is labelled leftwards, so the plot keeps its width;
        # neighbouring labels are staggered so they never print over each other.
        after = race.on > last_point
        label = top.annotate(
            f"{race.priority}: {race.name}",
            (mdates.date2num(race.on), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-2 if after else 2, 2 if order % 2 == 0 else 11),
            textcoords="offset points",
            ha="right" if after else "left",
            fontsize=7,
            color=RACE_COLORS.get(race.priority, "#6d6d6d"),
        )
        label.set_in_layout(False)
    top.set_title(model.title, fontsize=9, loc="left", pad=22 if model.races else 6)
    axes[-1].xaxis.set_major_formatter(mdates.DateFormatter("%m/%d"))
    figure.align_ylabels(axes)


def new_figure(width_in: float, height_in: float):
    """A matplotlib Figure not tied to any GUI backend."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), layout="constrained")
