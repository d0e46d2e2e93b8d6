"""A patient's record on request: one folder with that patient's signed notes, issued
documents and FHIR bundle, nothing of a namesake's, the release logged as a disclosure."""

import json
import stat

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import InvalidInput, PermissionDenied
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.services.patient_record import PatientRecordRequest, RecordCancelled
from sportacu_desktop.services.superbills import Superbills
from sportacu_desktop.storage import models as m
from tests.services.fhir_support import resources, validate_bundle
from tests.services.superbill_support import pdf_text
from tests.services.test_fhir_export import namesakes  # noqa: F401 - the shared fixture

DESK = Actor("frontdesk", "Jamie", frozenset({Role.FRONT_DESK}), None)


@pytest.fixture
def out(tmp_path):
    """Where records go: apart from the clinic's database file."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def record_case(namesakes):  # noqa: F811
    """Both Alex Morgans with a superbill; the younger one's note has an addendum."""
    clinic, (older, younger) = namesakes
    with clinic.session_factory() as session:
        younger_visit = session.scalar(select(m.Visit.id).where(m.Visit.patient_id == younger))
        older_visit = session.scalar(select(m.Visit.id).where(m.Visit.patient_id == older))
    Charting(clinic.session_factory, command_line_actor()).add_addendum(
        younger_visit, "Late entry", "Patient called: soreness gone the next day."
    )
    bills = Superbills(clinic.session_factory, DESK)
    kept = bills.issue(younger, visit_id=younger_visit)
    other = bills.issue(older, visit_id=older_visit)
    return clinic, older, younger, kept.number, other.number


def test_the_record_holds_that_patient_only(record_case, tmp_path):
    clinic, older, younger, kept, other = record_case
    folder = tmp_path / "Record for Alex"
    record = PatientRecordRequest(clinic.session_factory, command_line_actor()).write(
        folder, younger, recipient="Alex Morgan", purpose="copy for the patient"
    )
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(record.files)
    assert f"{kept}_superbill.pdf" in names and not any(other in n for n in names)
    for file in folder.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    notes = pdf_text((folder / "visit-notes.pdf").read_bytes(), tmp_path)
    assert "10/20/1995" in notes and "04/02/1988" not in notes
    assert "soreness gone the next day" in notes  # the addendum
    with clinic.session_factory() as session:
        issued = session.scalar(
            select(m.IssuedDocument.content).where(m.IssuedDocument.number == kept)
        )
    assert (folder / f"{kept}_superbill.pdf").read_bytes() == issued
    bundle = json.loads((folder / "record.fhir.json").read_text())
    validate_bundle(bundle)
    (patient,) = resources(bundle, "Patient")
    assert patient["birthDate"] == "1995-10-20"
    (document,) = resources(bundle, "DocumentReference")
    assert document["content"][0]["attachment"]["url"] == f"{kept}_superbill.pdf"
    (claim,) = resources(bundle, "Claim")
    assert [d["diagnosisCodeableConcept"]["coding"][0]["code"] for d in claim["diagnosis"]] == [
        "M72.2"
    ]
    assert claim["item"] and all(item["diagnosisSequence"] == [1] for item in claim["item"])
    with clinic.session_factory() as session:
        total = session.scalar(
            select(m.IssuedDocument.total_cents).where(m.IssuedDocument.number == kept)
        )
    assert claim["total"] == {"value": total / 100, "currency": "USD"}


def test_the_release_is_logged_for_that_patient(record_case, out):
    clinic, _older, younger, kept, _other = record_case
    PatientRecordRequest(clinic.session_factory, command_line_actor()).write(
        out / "r", younger, recipient="Dr. Lang", purpose="continuity of care"
    )
    (logged,) = [
        row
        for row in Disclosures(clinic.session_factory, command_line_actor()).for_patient(younger)
        if row.what == "record_request"
    ]
    assert (logged.recipient, logged.purpose) == ("Dr. Lang", "continuity of care")
    assert "Complete record" in logged.description
    with clinic.session_factory() as session:
        others = session.scalars(
            select(m.Disclosure).where(
                m.Disclosure.what == "record_request", m.Disclosure.patient_id != younger
            )
        ).all()
    assert others == []


def test_a_cancelled_request_leaves_no_folder(record_case, out):
    clinic, _older, younger, _kept, _other = record_case
    steps = []

    def stop_at_the_bundle(done, total):
        steps.append(done)
        return done < 2

    with pytest.raises(RecordCancelled):
        PatientRecordRequest(clinic.session_factory, command_line_actor()).write(
            out / "r", younger, progress=stop_at_the_bundle
        )
    assert steps == [0, 1, 2]
    assert list(out.iterdir()) == []


def test_refused_without_a_recipient_or_the_right_role(record_case, out):
    clinic, _older, younger, _kept, _other = record_case
    with pytest.raises(InvalidInput):
        PatientRecordRequest(clinic.session_factory, command_line_actor()).write(
            out / "r", younger, recipient="  "
        )
    with pytest.raises(PermissionDenied):
        PatientRecordRequest(clinic.session_factory, DESK).write(out / "r", younger)
    assert list(out.iterdir()) == []


def test_only_signed_notes_are_released(record_case, out, tmp_path):
    clinic, _older, younger, _kept, _other = record_case
    chart = Charting(clinic.session_factory, command_line_actor())
    draft = chart.start_visit(younger)
    chart.save(draft.id, VisitContent(assessment="UNSIGNED DRAFT TEXT"), draft.version)
    record = PatientRecordRequest(clinic.session_factory, command_line_actor()).write(
        out / "r", younger
    )
    assert record.notes == 1
    notes = pdf_text((out / "r" / "visit-notes.pdf").read_bytes(), tmp_path)
    assert "UNSIGNED DRAFT TEXT" not in notes
