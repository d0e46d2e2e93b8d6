"""Every document that leaves the clinic lands in its patient's disclosure log, in the same
unit of work that issued it; a document that is refused or kept in the clinic does not."""

from datetime import date

import pytest

from sportacu_desktop.domain.disclosures import DisclosedTo
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.services.documents import Documents
from sportacu_desktop.services.superbills import SuperbillRefused, Superbills
from tests.demo_cache import demo_clinic
from tests.services.superbill_support import TODAY, insured_patient, signed_visit

DESK = Actor("frontdesk", "Jamie Desk", frozenset({Role.FRONT_DESK}), None)


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=6, seed=4, today=TODAY)
    return clinic


def log_of(clinic, patient_id):
    return Disclosures(clinic.session_factory, DESK).for_patient(patient_id)


def test_an_issued_superbill_is_logged_to_the_patient_for_reimbursement(demo):
    patient_id = insured_patient(demo)
    visit_id = signed_visit(demo, patient_id)
    before = len(log_of(demo, patient_id))
    superbills = Superbills(demo.session_factory, DESK)
    issued = superbills.issue(patient_id, visit_id=visit_id)
    again = superbills.issue(
        patient_id, visit_id=visit_id, disclosed_to=DisclosedTo("Aetna", "Claim resubmission")
    )
    *_, first, second = log_of(demo, patient_id)
    assert len(log_of(demo, patient_id)) == before + 2
    assert (first.what, first.recipient, first.purpose) == (
        "superbill",
        "Patient",
        "For insurance reimbursement",
    )
    assert first.description == f"Superbill {issued.number}"
    assert first.document_id == issued.document_id != 0
    assert (second.recipient, second.description) == (
        "Aetna",
        f"Superbill {again.number} (reprint)",
    )
    assert first.disclosed_by_name == "Jamie Desk"


def test_a_refused_superbill_logs_nothing(demo):
    patient_id = insured_patient(demo)
    visit = Charting(demo.session_factory, command_line_actor()).start_visit(
        patient_id, on=date(2026, 11, 20)
    )
    before = log_of(demo, patient_id)
    with pytest.raises(SuperbillRefused):
        Superbills(demo.session_factory, DESK).issue(patient_id, visit_id=visit.id)
    assert log_of(demo, patient_id) == before


def test_a_visit_note_is_logged_only_when_given_to_someone(demo):
    patient_id = insured_patient(demo)
    visit_id = signed_visit(demo, patient_id)
    documents = Documents(demo.session_factory, command_line_actor())
    before = len(log_of(demo, patient_id))
    documents.visit_note_pdf(visit_id)  # for the clinic's own files
    assert len(log_of(demo, patient_id)) == before
    issued = documents.visit_note_pdf(visit_id, DisclosedTo("Dr. Lee", "Continuity of care"))
    [*_, logged] = log_of(demo, patient_id)
    assert (logged.what, logged.recipient, logged.purpose) == (
        "visit_note",
        "Dr. Lee",
        "Continuity of care",
    )
    assert logged.description.startswith(f"Visit note {issued.number} of ")
    assert logged.document_id == issued.document_id


def test_the_log_of_one_patient_never_shows_anothers_documents(demo):
    first = insured_patient(demo)
    superbills = Superbills(demo.session_factory, DESK)
    superbills.issue(first, visit_id=signed_visit(demo, first))
    for row in range(1, 7):
        if row != first:
            assert all(entry.patient_id == row for entry in log_of(demo, row))
    assert all(entry.patient_id == first for entry in log_of(demo, first))
