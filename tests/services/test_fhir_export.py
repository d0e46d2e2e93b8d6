"""The FHIR export on both backends: valid, one patient's export holds that patient only
(even beside a namesake), nothing in the clinic changes, a cancelled export leaves no file."""

import hashlib
import stat
from datetime import date

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import PermissionDenied
from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.services.fhir_export import FhirExport, FhirExportCancelled
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.storage import models as m
from tests.services.fhir_support import load_bundle, references, resources, validate_bundle
from tests.services.superbill_support import signed_visit

TODAY = date(2026, 11, 25)
CLINICAL_TABLES = (
    m.Patient,
    m.Insurance,
    m.Episode,
    m.Diagnosis,
    m.Visit,
    m.PointTreatment,
    m.OutcomeMeasure,
    m.IssuedDocument,
)


@pytest.fixture
def namesakes(clinic):
    """A small demo clinic plus two Alex Morgans, born on different days, each treated."""
    actor = command_line_actor()
    create_demo_clinic(clinic, actor, patients=3, seed=2, today=TODAY)
    records = PatientRecords(clinic.session_factory, actor)
    episodes = Episodes(clinic.session_factory, actor)
    ids = []
    for born, code in (("1988-04-02", "M76.61"), ("1995-10-20", "M72.2")):
        patient = records.create(
            PatientInput(
                first_name="Alex",
                last_name="Morgan",
                date_of_birth=born,
                address_line1="12 Pine St",
                city="Portland",
                state="ME",
                postal_code="04101",
            )
        ).id
        episodes.create(
            patient, title=f"Care {code}", onset_date="2026-10-01", diagnoses=[code], today=TODAY
        )
        signed_visit(clinic, patient, pain_nrs=6 if code == "M72.2" else 3)
        ids.append(patient)
    return clinic, ids


def snapshot(clinic) -> str:
    digest = hashlib.sha256()
    with clinic.session_factory() as session:
        for table in CLINICAL_TABLES:
            for row in session.scalars(select(table).order_by(*table.__table__.primary_key)):
                values = {c.name: getattr(row, c.key) for c in table.__mapper__.columns}
                digest.update(repr(sorted(values.items())).encode())
    return digest.hexdigest()


def test_the_clinic_exports_valid_fhir_and_stays_as_it_was(namesakes, tmp_path):
    clinic, _ids = namesakes
    before = snapshot(clinic)
    out = tmp_path / "clinic.json"
    result = FhirExport(clinic.session_factory, command_line_actor()).write(out)
    counts = validate_bundle(load_bundle(out))
    assert result.patients == counts["Patient"] == 5
    assert result.resources == sum(counts.values())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert snapshot(clinic) == before
    with clinic.session_factory() as session:
        event = session.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id.desc())).first()
        assert (event.action, event.entity) == ("export", "fhir")


def test_one_patients_export_holds_that_patient_only(namesakes, tmp_path):
    clinic, (first, second) = namesakes
    out = tmp_path / "alex.json"
    FhirExport(clinic.session_factory, command_line_actor()).write(out, patient_id=second)
    bundle = load_bundle(out)
    validate_bundle(bundle)
    (patient,) = resources(bundle, "Patient")
    assert patient["birthDate"] == "1995-10-20"
    text = out.read_text()
    assert "1988-04-02" not in text and "M76.61" not in text
    own = "urn:uuid:" + patient["id"]
    for kind in ("Encounter", "Condition", "Observation", "Procedure", "EpisodeOfCare"):
        found = resources(bundle, kind)
        assert found, kind
        for resource in found:
            subject = resource.get("subject") or resource.get("patient")
            assert subject == {"reference": own}, kind
    (pain,) = [
        o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "72514-3"
    ]
    assert pain["valueQuantity"]["value"] == 6
    # Care-team contacts and payers: only the ones this patient's record refers to.
    referenced = set(references(bundle))
    for kind in ("PractitionerRole", "RelatedPerson", "Organization"):
        for resource in resources(bundle, kind):
            assert "urn:uuid:" + resource["id"] in referenced, kind
    for coverage in resources(bundle, "Coverage"):
        assert coverage["beneficiary"] == {"reference": own}


def test_a_cancelled_export_leaves_no_file(namesakes, tmp_path):
    clinic, _ids = namesakes
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "clinic.json"
    out.write_text("the earlier export")
    with pytest.raises(FhirExportCancelled):
        FhirExport(clinic.session_factory, command_line_actor()).write(
            out, progress=lambda done, total: False
        )
    assert out.read_text() == "the earlier export"
    assert sorted(p.name for p in folder.iterdir()) == ["clinic.json"]


def test_only_the_owner_exports_the_clinic(namesakes, tmp_path):
    clinic, (first, _second) = namesakes
    practitioner = Actor("dana", "Dana", frozenset({Role.PRACTITIONER}), None)
    desk = Actor("jamie", "Jamie", frozenset({Role.FRONT_DESK}), None)
    with pytest.raises(PermissionDenied):
        FhirExport(clinic.session_factory, practitioner).write(tmp_path / "all.json")
    with pytest.raises(PermissionDenied):
        FhirExport(clinic.session_factory, desk).write(tmp_path / "one.json", patient_id=first)
    FhirExport(clinic.session_factory, practitioner).write(tmp_path / "one.json", patient_id=first)
    assert not (tmp_path / "all.json").exists()


@pytest.mark.parametrize(
    "damage",
    [
        "dangling reference",
        "code without system",
        "missing required field",
        "unknown status",
        "unknown element",
    ],
)
def test_the_bundle_check_catches_what_it_promises(namesakes, tmp_path, damage):
    clinic, (first, _second) = namesakes
    out = tmp_path / "one.json"
    FhirExport(clinic.session_factory, command_line_actor()).write(out, patient_id=first)
    bundle = load_bundle(out)
    validate_bundle(bundle)
    (encounter, *_rest) = resources(bundle, "Encounter")
    if damage == "dangling reference":
        encounter["subject"] = {"reference": "urn:uuid:00000000-0000-0000-0000-000000000000"}
    elif damage == "code without system":
        del encounter["class"]["system"]
    elif damage == "missing required field":
        del encounter["class"]
    elif damage == "unknown status":
        encounter["status"] = "signed"
    else:
        encounter["signedBy"] = "Dana"
    with pytest.raises((AssertionError, ValueError)):
        validate_bundle(bundle)


def test_claim_pointers_follow_the_superbills_own_lettering():
    from types import SimpleNamespace

    from sportacu_desktop.services.fhir_billing import claim_diagnoses

    heel, achilles = ("M72.2", "Plantar fasciitis"), ("M76.61", "Achilles tendinitis, right")

    def line(line_id, billing_line_id, printed):
        return SimpleNamespace(
            id=line_id, billing_line_id=billing_line_id, visit_id=7, diagnosis_pointers=printed
        )

    visits = {7: [heel, achilles]}
    # The visit's second diagnosis was the only one billed: the superbill lettered it A.
    listed, pointers = claim_diagnoses([line(1, 11, "A")], visits, {11: "B"})
    assert listed == [achilles] and pointers == {1: [1]}
    listed, pointers = claim_diagnoses(
        [line(1, 11, "A"), line(2, 12, "B,A")], visits, {11: "B", 12: "A,B"}
    )
    assert listed == [achilles, heel] and pointers == {1: [1], 2: [2, 1]}
    # The billing line changed after the superbill was issued: no pointer is guessed.
    listed, pointers = claim_diagnoses([line(1, 11, "A")], visits, {11: "A,B"})
    assert listed == [heel, achilles] and pointers == {}
