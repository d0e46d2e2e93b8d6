"""A printed visit note, read back from the real PDF."""

import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.documents import Documents
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 25)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def signed_visit(clinic):
    demo_clinic(clinic, command_line_actor(), patients=4, seed=9, today=TODAY)
    chart = Charting(clinic.session_factory, command_line_actor())
    note = chart.start_visit(1, on=TODAY)
    content = VisitContent(
        pain_nrs=4,
        assessment="Plantar fasciitis, left — improving",
        points=(PointRow("KI3", "L", "even", "0.25", 40, 20), PointRow("GV20", "M")),
        needles_in=2,
        needles_out=2,
        contact_minutes=30,
    )
    chart.sign(note.id, content, note.version, at=datetime(2026, 11, 25, 16, 30, tzinfo=UTC))
    return chart, note.id


def test_signed_note_prints_with_patient_treatment_and_signature(clinic, signed_visit, tmp_path):
    chart, visit_id = signed_visit
    issued = Documents(clinic.session_factory, command_line_actor()).visit_note_pdf(visit_id)
    assert issued.content.startswith(b"%PDF")
    text = pdf_text(issued.content, tmp_path)
    header = chart.get(visit_id)
    assert "Visit note" in text and issued.number in text
    assert "KI3 Taixi" in text and "GV20 Baihui" in text and "Midline" in text
    assert "Plantar fasciitis, left — improving" in text
    assert "2 in, 2 out" in text and "30 min" in text
    assert "Electronically signed by" in text and "Page 1 of 1" in text
    assert header.provider_name.split(",")[0] in text


def test_reprint_is_the_same_document_until_an_addendum_changes_it(clinic, signed_visit):
    chart, visit_id = signed_visit
    documents = Documents(clinic.session_factory, command_line_actor())
    first = documents.visit_note_pdf(visit_id)
    again = documents.visit_note_pdf(visit_id)
    assert (again.number, again.content) == (first.number, first.content)
    chart.add_addendum(visit_id, "Late entry", "Advised ice after runs.")
    amended = documents.visit_note_pdf(visit_id)
    assert amended.number != first.number and amended.content != first.content


def test_drafts_are_not_printed(clinic, signed_visit):
    chart, _ = signed_visit
    draft = chart.start_visit(2, on=TODAY)
    with pytest.raises(ValueError, match="sign it first"):
        Documents(clinic.session_factory, command_line_actor()).visit_note_pdf(draft.id)
