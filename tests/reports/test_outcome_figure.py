"""The outcome figure drawn into a PDF as vectors: its text and lines read back."""

import io
import shutil
import subprocess
from datetime import date, timedelta

from reportlab.graphics import renderPDF

from sportacu_desktop.domain.outcomes import Score
from sportacu_desktop.reports.outcome_figure import (
    RaceMark,
    draw,
    new_figure,
    outcome_figure,
    pdf_drawing,
)

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
