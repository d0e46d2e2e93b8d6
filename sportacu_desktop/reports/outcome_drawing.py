"""The outcome figure for print, drawn straight from ``OutcomeFigure`` with reportlab shapes.

The screen plot is matplotlib (``outcome_figure.draw``); converting that figure to a PDF
through SVG cost about two seconds per summary, so a printed summary draws the same data
here: one panel per measure sharing the time axis, the band of no meaningful change
(MCID) around the first score, visit days as grey lines, races as dashed lines labelled
above the top panel, text in the embedded DejaVu Sans. The panel ranges come from
``outcome_figure.value_range``, the rule the screen uses too.
"""

import math
from datetime import date, timedelta

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from sportacu_desktop.reports.common import FONT, register_fonts
from sportacu_desktop.reports.outcome_figure import (
    AXIS_LABELS,
    BAND_COLOR,
    LINE_COLOR,
    RACE_COLORS,
    VISIT_COLOR,
    OutcomeFigure,
    Series,
    value_range,
)

LEFT = 62.0  # room for the axis title (two lines) and the tick labels
RIGHT = 8.0
BOTTOM = 16.0  # the date labels under the last panel
PANEL_GAP = 6.0
TICK_SIZE = 6.5
LABEL_SIZE = 7.5
GRID_COLOR = "#e6e6e6"
OTHER_RACE = "#6d6d6d"
# Day steps between date ticks, tried in order until the labels fit.
DAY_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364)


def _colour(hex_code: str):
    return colors.HexColor(hex_code)


def value_ticks(low: float, high: float, most: int = 4) -> list[float]:
    """Round values between ``low`` and ``high``: steps of 1, 2 or 5 times a power of ten."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def date_ticks(first: date, last: date, most: int) -> list[date]:
    """Dates at an even step that puts at most ``most`` labels between first and last."""
    span = max((last - first).days, 1)
    step = next((s for s in DAY_STEPS if span / s <= most), DAY_STEPS[-1])
    weekly = step in (7, 14)
    start = first + timedelta(days=(7 - first.weekday()) % 7) if weekly else first  # Mondays
    days = []
    day = start
    while day <= last:
        days.append(day)
        day += timedelta(days=step)
    return days


def _tick_label(value: float) -> str:
    return f"{value:g}"


class _TimeAxis:
    def __init__(self, model: OutcomeFigure, x0: float, x1: float):
        days = [d for s in model.series for d, _ in s.points] + list(model.visits)
        days += [r.on for r in model.races]
        first, last = min(days), max(days)
        pad = max(1, round((last - first).days * 0.04))
        self.first = first - timedelta(days=pad)
        self.last = last + timedelta(days=pad)
        self.x0, self.x1 = x0, x1

    def x(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return self.x0 + (self.x1 - self.x0) * (day - self.first).days / span


def _panel(
    group: Group, model: OutcomeFigure, series: Series, axis: _TimeAxis, y0: float, y1: float
) -> None:
    values = [v for _, v in series.points]
    low, high = value_range(series)

    def y(value: float) -> float:
        return y0 + (y1 - y0) * (value - low) / (high - low)

    if series.mcid is not None:
        band_low = max(low, values[0] - series.mcid)
        band_high = min(high, values[0] + series.mcid)
        group.add(
            Rect(
                axis.x0,
                y(band_low),
                axis.x1 - axis.x0,
                y(band_high) - y(band_low),
                fillColor=_colour(BAND_COLOR),
                strokeColor=None,
            )
        )
    for tick in value_ticks(low, high):
        group.add(Line(axis.x0, y(tick), axis.x1, y(tick), strokeColor=_colour(GRID_COLOR)))
        group.add(
            String(
                axis.x0 - 3,
                y(tick) - TICK_SIZE / 3,
                _tick_label(tick),
                fontName=FONT,
                fontSize=TICK_SIZE,
                textAnchor="end",
            )
        )
    for visit in model.visits:
        x = axis.x(visit)
        group.add(Line(x, y0, x, y1, strokeColor=_colour(VISIT_COLOR), strokeWidth=0.6))
    for race in model.races:
        x = axis.x(race.on)
        group.add(
            Line(
                x,
                y0,
                x,
                y1,
                strokeColor=_colour(RACE_COLORS.get(race.priority, OTHER_RACE)),
                strokeWidth=1.2,
                strokeDashArray=[3, 2],
            )
        )
    points = [(axis.x(d), y(v)) for d, v in series.points]
    line = _colour(LINE_COLOR)
    if len(points) > 1:
        group.add(PolyLine([c for p in points for c in p], strokeColor=line, strokeWidth=1.6))
    for px, py in points:
        group.add(Circle(px, py, 2.2, fillColor=line, strokeColor=line, strokeWidth=0.5))
    group.add(
        Rect(
            axis.x0,
            y0,
            axis.x1 - axis.x0,
            y1 - y0,
            fillColor=None,
            strokeColor=colors.black,
            strokeWidth=0.6,
        )
    )
    unit = series.unit if series.unit.startswith("/") else f"({series.unit})"
    title = AXIS_LABELS.get(series.instrument, series.label)
    middle = (y0 + y1) / 2
    for offset, text in ((LABEL_SIZE * 0.6, title), (-LABEL_SIZE * 0.8, unit)):
        group.add(
            String(4, middle + offset - LABEL_SIZE / 3, text, fontName=FONT, fontSize=LABEL_SIZE)
        )


def _race_labels(group: Group, model: OutcomeFigure, axis: _TimeAxis, top: float) -> None:
    last_point = max(d for s in model.series for d, _ in s.points)
    for order, race in enumerate(sorted(model.races, key=lambda r: r.on)):
        # A race after the last score is labelled leftwards, so it stays inside the
        # figure; neighbouring labels are staggered so they never print over each other.
        after = race.on > last_point
        x = axis.x(race.on) + (-2 if after else 2)
        group.add(
            String(
                x,
                top + (2 if order % 2 == 0 else 11),
                f"{race.priority}: {race.name}",
                fontName=FONT,
                fontSize=TICK_SIZE,
                textAnchor="end" if after else "start",
                fillColor=_colour(RACE_COLORS.get(race.priority, OTHER_RACE)),
            )
        )


def pdf_drawing(model: OutcomeFigure, width_in: float = 6.5, height_in: float = 4.0) -> Drawing:
    """``model`` as a vector reportlab Drawing of ``width_in`` × ``height_in`` inches."""
    register_fonts()
    width, height = width_in * 72, height_in * 72
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # the renderer's starting font, Helvetica otherwise
    if model.empty:
        drawing.add(
            String(
                width / 2,
                height / 2,
                "No measures recorded yet.",
                fontName=FONT,
                fontSize=9,
                textAnchor="middle",
            )
        )
        return drawing
    group = Group()
    title_room = 34.0 if model.races else 16.0
    top = height - title_room
    axis = _TimeAxis(model, LEFT, width - RIGHT)
    count = len(model.series)
    panel = (top - BOTTOM - PANEL_GAP * (count - 1)) / count
    for index, series in enumerate(model.series):
        y1 = top - index * (panel + PANEL_GAP)
        _panel(group, model, series, axis, y1 - panel, y1)
    _race_labels(group, model, axis, top)
    label_width = stringWidth("00/00", FONT, TICK_SIZE) + 6
    most = max(2, int((axis.x1 - axis.x0) / label_width))
    for day in date_ticks(axis.first, axis.last, min(most, 9)):
        x = axis.x(day)
        if x + label_width / 2 > width:
            continue  # a label cut by the figure's edge would misread as another date
        group.add(Line(x, BOTTOM, x, BOTTOM - 2.5, strokeColor=colors.black, strokeWidth=0.6))
        group.add(
            String(
                x,
                BOTTOM - 10,
                day.strftime("%m/%d"),
                fontName=FONT,
                fontSize=TICK_SIZE,
                textAnchor="middle",
            )
        )
    group.add(String(LEFT, height - 11, model.title, fontName=FONT, fontSize=9))
    drawing.add(group)
    return drawing
