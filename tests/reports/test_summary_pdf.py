"""The treatment summary PDF on the demo clinic, read back: what a PT would look for."""

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from sportacu_desktop.reports.summary import render_summary
from sportacu_desktop.reports.summary_content import Section, counted, visit_dates_text
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.summary_builder import SummaryRequest, gather_summary
from sportacu_desktop.storage import models as m

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    clinic = Clinic.open(f"sqlite:///{tmp_path_factory.mktemp('summary') / 'clinic.db'}")
    create_demo_clinic(clinic, command_line_actor(), patients=200, seed=7, today=TODAY)
    yield clinic
    clinic.close()


def pdf_text(content: bytes, folder) -> str:
    """The letter's words in reading order, one space between them."""
    path = folder / "summary.pdf"
    path.write_bytes(content)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    # Words as a reader meets them: a phrase wrapped onto the next line is still found.
    return " ".join(text.split())


def signed_count(episode_id):
    return (
        select(func.count(m.Visit.id))
        .where(m.Visit.episode_id == episode_id, m.Visit.status == "signed")
        .scalar_subquery()
    )


def episode_where(clinic, *conditions, order=None):
    with clinic.session_factory() as s:
        return s.execute(
            select(m.Episode.id, m.Episode.patient_id)
            .where(*conditions)
            .order_by(*(order or [m.Episode.id]))
            .limit(1)
        ).one()


def letter(clinic, episode_id, patient_id, **choices):
    with clinic.session_factory() as s:
        contact = s.scalar(
            select(m.CareTeamLink.contact_id).where(m.CareTeamLink.patient_id == patient_id)
        )
        content = gather_summary(
            s,
            SummaryRequest(patient_id, episode_id, recipient_id=contact, **choices),
            actor_user_id=None,
            today=TODAY,
        )
        codes = s.scalars(select(m.Diagnosis.code).where(m.Diagnosis.episode_id == episode_id))
        patient = s.get(m.Patient, patient_id)
        return replace(content, number="TS-2026-000042"), list(codes), patient


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_longest_demo_episode_fits_three_pages(demo, tmp_path):
    episode_id, patient_id = episode_where(demo, order=[signed_count(m.Episode.id).desc()])
    content, codes, patient = letter(demo, episode_id, patient_id)
    assert content.visit_count >= 100  # the decade-long maintenance episode
    pdf = render_summary(content)
    assert pages(pdf) <= 3
    text = pdf_text(pdf, tmp_path)
    assert f"{patient.first_name} {patient.last_name}" in text
    assert patient.chart_number in text
    assert codes and all(code in text for code in codes)
    assert f"Page 1 of {pages(pdf)}" in text
    # Two hundred visits are summed up, not listed; the points are condensed with counts.
    assert "full list is in the chart" in text
    assert re.search(r"[A-Z]{2}\d+ ×\d+", text)
    assert all(condensed in text for _, condensed in content.treatment)


def test_achilles_letter_has_findings_measures_figure_and_signature(demo, tmp_path):
    episode_id, patient_id = episode_where(
        demo,
        m.Episode.title.like("Achilles%"),
        select(func.count(m.OutcomeMeasure.id))
        .where(m.OutcomeMeasure.episode_id == m.Episode.id, m.OutcomeMeasure.instrument == "NPRS")
        .scalar_subquery()
        >= 3,
        # Addressed to someone on the patient's care team.
        m.Episode.patient_id.in_(select(m.CareTeamLink.patient_id)),
    )
    content, codes, patient = letter(demo, episode_id, patient_id)
    pdf = render_summary(content)
    text = pdf_text(pdf, tmp_path)
    assert pages(pdf) <= 2
    for heading in ("Examination findings", "Treatment provided", "Outcome measures"):
        assert heading in text
    assert all(code in text for code in codes)
    nprs = next(r for r in content.measures if r.label == "Pain (NPRS)")
    assert nprs.first.split(" ")[0] in text and nprs.latest.split(" ")[0] in text
    assert nprs.change in text and "MCID" in text
    # The figure is drawn (its title is text in the vector drawing).
    assert "Outcome measures over the episode" in text
    assert content.recipient is not None and content.recipient.name in text
    assert content.signer is not None and f"NPI {content.signer.npi}" in text
    assert "Thompson test" in text
    # Every font is embedded: no reference to an unembedded standard font.
    assert b"/Helvetica" not in pdf and b"/FontFile2" in pdf


def test_episode_without_measures_or_findings_reads_as_a_letter_without_them(demo, tmp_path):
    measured = select(m.OutcomeMeasure.episode_id).where(m.OutcomeMeasure.episode_id.is_not(None))
    examined = (
        select(m.Visit.episode_id)
        .join(m.SpecialTestResult, m.SpecialTestResult.visit_id == m.Visit.id)
        .where(m.Visit.episode_id.is_not(None))
    )
    episode_id, patient_id = episode_where(
        demo,
        m.Episode.id.not_in(measured),
        m.Episode.id.not_in(examined),
        signed_count(m.Episode.id) > 0,
    )
    content, codes, _ = letter(demo, episode_id, patient_id)
    text = pdf_text(render_summary(content), tmp_path)
    assert "Outcome measures" not in text and "Examination findings" not in text
    assert "Treatment provided" in text and all(code in text for code in codes)
    assert Section.OUTCOMES not in content.available


def test_unticked_sections_are_left_out_and_the_personal_note_is_in(demo, tmp_path):
    episode_id, patient_id = episode_where(demo, m.Episode.title.like("Achilles%"))
    chosen = frozenset({Section.TREATMENT, Section.RECOMMENDATIONS})
    content, _, _ = letter(
        demo, episode_id, patient_id, sections=chosen, personal_note="Thank you for the referral."
    )
    text = pdf_text(render_summary(content), tmp_path)
    assert "Thank you for the referral." in text
    assert "Treatment provided" in text
    assert "Outcome measures" not in text and "Response to treatment" not in text


def test_long_lists_are_condensed_most_frequent_first():
    assert (
        counted(["GB34"] * 6 + ["ST36"] * 5 + ["LI4"], at_most=2) == "GB34 ×6, ST36 ×5 and 1 more"
    )
    few = [date(2026, 10, d) for d in (2, 9, 16)]
    assert visit_dates_text(few) == "10/02, 10/09, 10/16/2026"
    many = [date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + 14 * i) for i in range(30)]
    assert "typically every 2 weeks" in visit_dates_text(many)


def test_a_discharged_episode_says_how_it_ended_instead_of_a_stale_plan(demo, tmp_path):
    episode_id, patient_id = episode_where(
        demo, m.Episode.status == "closed", m.Episode.discharge_reason == "goals_met"
    )
    content, _, _ = letter(demo, episode_id, patient_id)
    assert content.discharged.endswith("goals met.") and content.plan == ""
    text = pdf_text(render_summary(content), tmp_path)
    assert f"Discharged {content.discharged}" in text and "Next reassessment" not in text
