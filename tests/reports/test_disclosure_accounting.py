"""The accounting of disclosures, read back from the real PDF and CSV."""

import csv
import io
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.disclosure_accounting import DisclosureAccounting
from sportacu_desktop.services.disclosures import log_disclosure
from sportacu_desktop.storage import models as m

TODAY = date(2026, 5, 4)
DESK = Actor("desk", "Dana Desk", frozenset({Role.FRONT_DESK}))


@pytest.fixture
def logged(tmp_path):
    from sportacu_desktop.services.context import Clinic

    clinic = Clinic.open(str(tmp_path / "clinic.db"))
    create_demo_clinic(clinic, command_line_actor(), patients=3, seed=5, today=TODAY)
    with clinic.session_factory.begin() as session:
        for patient_id, recipient, at in (
            (1, "Jo Smith (PT), Run Well Physio", datetime(2026, 4, 2, 15, tzinfo=UTC)),
            (1, '=HYPERLINK("http://x","open")', datetime(2026, 4, 9, 15, tzinfo=UTC)),
            (1, "Old Insurer", datetime(2018, 1, 5, 15, tzinfo=UTC)),  # before six years
            (2, "Someone Else Entirely", datetime(2026, 4, 3, 15, tzinfo=UTC)),
        ):
            log_disclosure(
                session,
                DESK,
                patient_id=patient_id,
                what="visit_note",
                recipient=recipient,
                purpose="Continuity of care",
                at=at,
            )
        patient = session.get(m.Patient, 1)
        who = (f"{patient.first_name} {patient.last_name}", patient.chart_number)
    yield clinic, who
    clinic.close()


def test_the_pdf_names_the_patient_the_period_and_only_their_disclosures(logged, tmp_path):
    clinic, (name, chart) = logged
    content = DisclosureAccounting(clinic.session_factory, DESK).pdf(1, end=TODAY)
    path = tmp_path / "accounting.pdf"
    path.write_bytes(content)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    flat = " ".join(text.split())
    assert "Accounting of disclosures" in flat
    assert name in flat and chart in flat
    assert "May 4, 2020 – May 4, 2026" in flat  # six years back by default
    assert "Jo Smith (PT), Run Well Physio" in flat and "Continuity of care" in flat
    assert "Dana Desk" in flat
    assert "Someone Else Entirely" not in flat and "Old Insurer" not in flat
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), fonts
        assert "Helvetica" not in fonts


def test_the_csv_escapes_formula_cells_and_keeps_to_the_patient(logged):
    clinic, (name, chart) = logged
    data = DisclosureAccounting(clinic.session_factory, DESK).csv(1, end=TODAY)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["Patient", name, "Chart", chart]
    header = rows.index(["Date", "Document", "Given to", "Purpose", "Disclosed by"])
    recipients = [row[2] for row in rows[header + 1 :]]
    assert recipients == ["Jo Smith (PT), Run Well Physio", '\'=HYPERLINK("http://x","open")']


def test_a_period_with_nothing_disclosed_says_so(logged, tmp_path):
    clinic, _who = logged
    content = DisclosureAccounting(clinic.session_factory, DESK).pdf(
        3, start=date(2026, 1, 1), end=TODAY
    )
    text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert "No records of this patient were disclosed in this period." in text
