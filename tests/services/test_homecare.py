"""The home-care sheet from a signed visit: plain words on one page in large type, issued
once and reprinted identically, logged as given to the patient."""

from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.domain.visits import (
    CuppingEntry,
    DryNeedlingEntry,
    ElectroEntry,
    PointRow,
    VisitContent,
)
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.services.homecare import Homecare
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic
from tests.reports.homecare_support import codes_in, sheet_text, type_sizes

TODAY = date(2026, 11, 25)
ACTOR = command_line_actor()


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, ACTOR, patients=4, seed=9, today=TODAY)
    return clinic


def achilles_patient(clinic) -> int:
    with clinic.session_factory.begin() as s:
        patient_id = s.scalar(select(m.Patient.id).order_by(m.Patient.id).limit(1))
        s.add(
            m.Race(
                patient_id=patient_id,
                name="Harbor Half",
                race_date=date(2026, 12, 12),
                priority="A",
            )
        )
    return patient_id


def sign(clinic, patient_id: int, **content) -> int:
    chart = Charting(clinic.session_factory, ACTOR)
    note = chart.start_visit(patient_id, on=TODAY)
    base = dict(
        pain_nrs=4,
        assessment="Achilles tendinopathy, left: M76.62; treated ST36 and BL57 (97813).",
        recommendations="Calf raises 3x15 slow (97110); no hills until pain <= 3/10.",
        plan="Reassess VISA-A in 4 visits.",
        points=(PointRow("BL57", "L"), PointRow("KI3", "L"), PointRow("ST36", "B")),
        needles_in=4,
        needles_out=4,
    )
    signed = chart.sign(note.id, VisitContent(**(base | content)), note.version)
    return signed.id


def test_a_needling_visit_gives_a_plain_one_page_sheet_in_large_type(demo):
    patient_id = achilles_patient(demo)
    visit_id = sign(
        demo,
        patient_id,
        dry_needling=(
            DryNeedlingEntry("Gastrocnemius", "L", True, 2),
            DryNeedlingEntry("Soleus", "L", False, 2),
            DryNeedlingEntry("Tibialis posterior", "L", False, 1),
        ),
        electro=(ElectroEntry("BL57-L", "BL60-L"),),
        cupping=(CuppingEntry("Posterior thigh", "cupping"), CuppingEntry("Calf", "gua_sha")),
        needles_in=9,
        needles_out=9,
    )
    homecare = Homecare(demo.session_factory, ACTOR)
    draft = homecare.draft(visit_id)
    assert "Calf raises 3x15 slow" in draft.text and "97110" not in draft.text
    issued = homecare.issue(visit_id)
    assert len(PdfReader(__import__("io").BytesIO(issued.content)).pages) == 1
    text = sheet_text(issued.content)
    assert codes_in(text) == [], codes_in(text)
    assert min(type_sizes(issued.content)) >= 12
    assert "Dry needling of tight muscles in your left calf and shin" in text
    assert "Train lighter for the next 24 hours" in text
    assert "Round marks from the cups" in text and "gua sha" in text.lower()
    assert "back of the thigh" in text
    assert "Call us at" in text and "short of breath" in text
    assert "Harbor Half" in text and "Best time for a pre-race session" in text
    assert "Calf raises 3x15 slow" in text
    assert "VISA" not in text  # the plan is for the chart, not the fridge


def test_no_dry_needling_means_no_lighter_training_advice(demo):
    visit_id = sign(demo, achilles_patient(demo))
    text = sheet_text(Homecare(demo.session_factory, ACTOR).issue(visit_id).content)
    assert "Train lighter" not in text and "Dry needling" not in text
    assert "Acupuncture with very fine needles" in text


def test_edited_text_is_printed_a_reprint_is_identical_and_each_is_logged(demo):
    patient_id = achilles_patient(demo)
    visit_id = sign(demo, patient_id)
    homecare = Homecare(demo.session_factory, ACTOR)
    first = homecare.issue(visit_id, "Ice the calf 10 minutes tonight.\nWalk, don't run, tomorrow.")
    again = homecare.issue(visit_id, "Ice the calf 10 minutes tonight.\nWalk, don't run, tomorrow.")
    assert (again.number, again.content) == (first.number, first.content)
    assert first.number.startswith("HC-")
    assert "Ice the calf 10 minutes tonight." in sheet_text(first.content)
    logged = [
        d
        for d in Disclosures(demo.session_factory, ACTOR).for_patient(patient_id)
        if d.what == "homecare"
    ]
    assert [(d.recipient, d.purpose) for d in logged] == [("Patient", "Home-care instructions")] * 2
    assert all(d.document_id == first.document_id for d in logged)


def test_too_much_text_or_an_unsigned_visit_is_refused_and_nothing_stored(demo):
    patient_id = achilles_patient(demo)
    visit_id = sign(demo, patient_id)
    homecare = Homecare(demo.session_factory, ACTOR)
    with pytest.raises(InvalidInput, match="one page"):
        homecare.issue(visit_id, "Stretch gently. " * 200)
    draft = Charting(demo.session_factory, ACTOR).start_visit(patient_id, on=TODAY)
    with pytest.raises(InvalidInput, match="signed visit"):
        homecare.issue(draft.id)
    with demo.session_factory() as s:
        kinds = s.scalars(select(m.IssuedDocument.kind)).all()
    assert "homecare" not in kinds
    assert not [
        d
        for d in Disclosures(demo.session_factory, ACTOR).for_patient(patient_id)
        if d.what == "homecare"
    ]


def test_the_latest_signed_visit_is_the_default(demo):
    patient_id = achilles_patient(demo)
    visit_id = sign(demo, patient_id)
    assert Homecare(demo.session_factory, ACTOR).latest_signed_visit(patient_id) == visit_id
