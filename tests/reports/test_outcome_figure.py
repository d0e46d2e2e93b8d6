"""The outcome figure drawn into a PDF as vectors: its text and lines read back."""

import io
import shutil
import subprocess
from datetime import date, timedelta

from reportlab.graphics import renderPDF

from sportacu_desktop.domain.outcomes import Score
from sportacu_desktop.reports.outcome_drawing import date_ticks, pdf_drawing, value_ticks
from sportacu_desktop.reports.outcome_figure import RaceMark, draw, new_figure, outcome_figure

START = date(2026, 3, 2)
SCORES = [Score("NPRS", START + timedelta(weeks=n), v) for n, v in enumerate((7, 6, 4, 3))] + [
    Score("VISA_A", START, 40),
    Score("VISA_A", START + timedelta(weeks=3), 62),
    Score("HRV", START, 70),  # a recovery marker: not on the outcome figure
]
VISITS = [START + timedelta(weeks=n) for n in range(4)]
RACES = [
    RaceMark(START + timedelta(days=20), "Bay 10K", "C"),
    RaceMark(date(2027, 1, 1), "Far", "A"),
]


def test_model_holds_each_measure_and_only_nearby_races():
    model = outcome_figure("Achilles right", SCORES, VISITS, RACES)
    assert [s.instrument for s in model.series] == ["NPRS", "VISA_A"]
    assert [v for _, v in model.series[0].points] == [7, 6, 4, 3]
    assert model.series[0].mcid == 2.0 and model.series[1].mcid is None
    assert [r.name for r in model.races] == ["Bay 10K"]
    recovery = outcome_figure("Recovery", SCORES, VISITS, RACES, recovery=True)
    assert [s.instrument for s in recovery.series] == ["HRV"]


def test_figure_lines_hold_the_values_and_the_mcid_band():
    figure = new_figure(6, 4)
    draw(outcome_figure("Achilles right", SCORES, VISITS, RACES), figure)
    pain_axes = figure.axes[0]
    line = [ln for ln in pain_axes.lines if ln.get_label() == "Pain (NPRS)"][0]
    assert list(line.get_ydata()) == [7, 6, 4, 3]
    band = [p for p in pain_axes.patches if "MCID" in p.get_label()][0]
    assert band.get_label() == "within MCID (±2) of the first score"


def test_the_pdf_carries_the_figure_as_vector_text(tmp_path):
    drawing = pdf_drawing(outcome_figure("Achilles right", SCORES, VISITS, RACES))
    path = tmp_path / "figure.pdf"
    renderPDF.drawToFile(drawing, str(path))
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"/Subtype /Image" not in data
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    else:
        from pypdf import PdfReader

        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for expected in ("Achilles right", "Pain (NPRS)", "VISA-A", "/100", "C: Bay 10K"):
        assert expected in text


def test_value_ticks_are_round_numbers_inside_the_range():
    assert value_ticks(0, 10) == [0, 5, 10]
    assert value_ticks(2.3, 7.9) == [4, 6]
    assert value_ticks(38, 71) == [40, 50, 60, 70]


def test_date_ticks_fall_on_mondays_for_a_few_weeks():
    ticks = date_ticks(date(2026, 2, 27), date(2026, 4, 10), most=8)
    assert ticks[0] == date(2026, 3, 2) and all(d.weekday() == 0 for d in ticks)
    assert len(ticks) <= 8 and ticks[-1] <= date(2026, 4, 10)


def _shapes(node, kind):
    for child in getattr(node, "contents", []):
        if isinstance(child, kind):
            yield child
        yield from _shapes(child, kind)


def test_the_printed_points_fall_as_the_pain_falls_inside_the_mcid_band():
    from reportlab.graphics.shapes import Circle, Rect

    drawing = pdf_drawing(outcome_figure("Achilles right", SCORES, VISITS, RACES))
    pain = [c.cy for c in _shapes(drawing, Circle)][:4]
    assert pain == sorted(pain, reverse=True) and len(set(pain)) == 4
    band = next(r for r in _shapes(drawing, Rect) if r.fillColor is not None)
    # The first score (7) sits in the middle of its ±2 band.
    assert band.y < pain[0] < band.y + band.height
    assert abs((band.y + band.height / 2) - pain[0]) < 0.01
    # 6 is within 2 of 7, 4 is not.
    assert band.y <= pain[1] and pain[2] < band.y


def test_the_printed_figure_names_only_the_embedded_font(tmp_path):
    path = tmp_path / "figure.pdf"
    renderPDF.drawToFile(pdf_drawing(outcome_figure("Achilles", SCORES, VISITS, RACES)), str(path))
    data = path.read_bytes()
    assert b"DejaVuSans" in data and b"Helvetica" not in data
