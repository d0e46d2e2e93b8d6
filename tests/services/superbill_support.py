"""Shared by the superbill tests: a demo clinic and a signed, billed visit to issue."""

import shutil
import subprocess
from datetime import UTC, date, datetime

from pypdf import PdfReader
from sqlalchemy import select

from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.storage import models as m

TODAY = date(2026, 11, 25)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "superbill.pdf"
    path.write_bytes(content)
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def insured_patient(clinic) -> int:
    """A demo patient with insurance and an open episode with a diagnosis."""
    with clinic.session_factory() as s:
        return s.scalar(
            select(m.Episode.patient_id)
            .join(m.Diagnosis, m.Diagnosis.episode_id == m.Episode.id)
            .join(m.Insurance, m.Insurance.patient_id == m.Episode.patient_id)
            .where(m.Episode.status == "open")
            .order_by(m.Episode.patient_id)
            .limit(1)
        )


def signed_visit(clinic, patient_id: int, on: date = TODAY, **changes) -> int:
    chart = Charting(clinic.session_factory, command_line_actor())
    note = chart.start_visit(patient_id, on=on)
    content = VisitContent(
        assessment="Confidential impression",
        objective="Tender medial heel",
        points=(PointRow("KI3", "L"), PointRow("GV20", "M")),
        needles_in=2,
        needles_out=2,
        contact_minutes=38,
        estim_first_block=True,
        reinsertions=(False, True),
        **changes,
    )
    chart.sign(note.id, content, note.version, at=datetime(2026, 11, 25, 15, tzinfo=UTC))
    return note.id
