"""Registering, editing and archiving patients through the services, on a real database."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.patients import InsuranceInput, PatientInput
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.care_contacts import CareContacts, ContactInput
from sportacu_desktop.services.context import Actor, PermissionDenied, command_line_actor
from sportacu_desktop.services.intake import IntakeInput, Intakes
from sportacu_desktop.services.patient_details import PatientDetails
from sportacu_desktop.services.patient_records import PatientRecords, PossibleDuplicate, StaleEdit
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.storage import models as m

TODAY = date(2026, 11, 25)
RUNNER = PatientInput(
    first_name="Zoë",
    last_name="Nguyễn",
    date_of_birth="03/04/1990",
    sex="F",
    phone="207.555.0101",
    email="zoe@example.com",
    address_line1="1 Pine St",
    city="Portland",
    state="me",
    postal_code="04102",
)
FRONT_DESK = Actor("jamie", "Jamie", frozenset({Role.FRONT_DESK}))


@pytest.fixture
def records(clinic):
    return PatientRecords(clinic.session_factory, command_line_actor())


def test_register_with_insurance_and_read_back(records, clinic):
    record = records.create(RUNNER, InsuranceInput(payer="Aetna", member_id="W1"), today=TODAY)
    assert record.chart_number == "SA-000001"
    assert record.details.date_of_birth == "1990-03-04"
    assert record.details.phone == "(207) 555-0101"
    assert record.details.state == "ME"
    assert [(i.payer, i.member_id, i.relationship) for i in record.insurance] == [
        ("Aetna", "W1", "self")
    ]
    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    assert [r.chart_number for r in directory.search("zoe nguyen")] == ["SA-000001"]


def test_every_bad_field_is_reported_at_once_and_nothing_is_written(records, clinic):
    bad = PatientInput(
        first_name="",
        last_name="X",
        date_of_birth="2030-01-01",
        phone="555",
        email="zoe@",
        state="ZZ",
        postal_code="4102",
    )
    with pytest.raises(FieldErrors) as caught:
        records.create(bad, today=TODAY)
    assert set(caught.value.errors) == {
        "first_name",
        "date_of_birth",
        "phone",
        "email",
        "state",
        "postal_code",
    }
    assert "future" in caught.value.errors["date_of_birth"]
    with clinic.session_factory() as s:
        assert s.scalar(select(func.count(m.Patient.id))) == 0


def test_subscriber_required_when_patient_is_not_the_insured(records):
    with pytest.raises(FieldErrors) as caught:
        records.create(RUNNER, InsuranceInput(payer="Cigna", relationship="spouse"), today=TODAY)
    assert "ins1.subscriber_name" in caught.value.errors


def test_same_name_and_birth_date_is_flagged_as_duplicate(records):
    first = records.create(RUNNER, today=TODAY)
    again = replace(RUNNER, first_name="ZOE", last_name="nguyen", phone="")
    with pytest.raises(PossibleDuplicate) as caught:
        records.create(again, today=TODAY)
    assert [m.chart_number for m in caught.value.matches] == [first.chart_number]
    second = records.create(again, allow_duplicate=True, today=TODAY)
    assert second.chart_number == "SA-000002"


def test_same_phone_is_flagged_as_duplicate(records):
    records.create(RUNNER, today=TODAY)
    other = PatientInput(
        first_name="Liam", last_name="Nguyễn", date_of_birth="1988-01-01", phone="(207) 555-0101"
    )
    assert [m.first_name for m in records.find_duplicates(other, today=TODAY)] == ["Zoë"]


def test_stale_edit_is_refused_and_shows_the_other_version(records, clinic):
    record = records.create(RUNNER, today=TODAY)
    other_desk = PatientRecords(clinic.session_factory, FRONT_DESK)
    other_desk.update(
        record.id, replace(record.details, phone="207-555-0199"), record.version, today=TODAY
    )
    with pytest.raises(StaleEdit) as caught:
        records.update(
            record.id, replace(record.details, city="Falmouth"), record.version, today=TODAY
        )
    assert caught.value.current.details.phone == "(207) 555-0199"
    assert caught.value.current.details.city == "Portland"
    assert "jamie" in str(caught.value)


def test_archive_keeps_the_record_but_hides_it_from_search(records, clinic):
    record = records.create(RUNNER, today=TODAY)
    with pytest.raises(ValueError):
        records.archive(record.id, "  ")
    records.archive(record.id, "moved to Oregon")
    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    assert directory.search("zoe") == []
    assert directory.search("zoe", include_archived=True)[0].archived
    assert records.get(record.id).archived


def test_athlete_profile_races_flags_consents_and_care_team(records, clinic):
    record = records.create(RUNNER, today=TODAY)
    details = PatientDetails(clinic.session_factory, command_line_actor())
    details.save_profile(
        record.id, sports="Trail running", weekly_volume="45 mi/wk", training_phase="build"
    )
    details.add_race(
        record.id, name="Pineland 50K", race_date="2026-12-05", distance="50K", priority="a"
    )
    details.add_flag(record.id, "anticoagulants", "Apixaban")
    details.record_consent(record.id, "acupuncture", "2026-11-20", "2024-1", today=TODAY)
    pt = CareContacts(clinic.session_factory, command_line_actor()).create(
        ContactInput(name="Ana Ruiz, DPT", role="PT", npi="1234567893", phone="2075550111")
    )
    final = details.link_contact(record.id, pt.id, is_referring=True)
    assert final.profile.training_phase == "build"
    assert [(r.name, r.priority) for r in final.races] == [("Pineland 50K", "A")]
    assert [f.label for f in final.flags] == ["Anticoagulants"]
    assert [c.modality for c in final.consents] == ["acupuncture"]
    assert [(c.name, c.is_referring) for c in final.care_team] == [("Ana Ruiz, DPT", True)]
    header = PatientDirectory(clinic.session_factory, command_line_actor()).header(
        record.id, today=TODAY
    )
    assert header.next_race.days_to_go == 10
    assert header.flags[0].label == "Anticoagulants"


def test_care_contact_npi_check_digit(clinic):
    contacts = CareContacts(clinic.session_factory, command_line_actor())
    with pytest.raises(FieldErrors) as caught:
        contacts.create(ContactInput(name="Dr X", role="physician", npi="1234567890"))
    assert "last digit" in caught.value.errors["npi"]


def test_front_desk_cannot_record_clinical_intake_or_flags(records, clinic):
    record = records.create(RUNNER, today=TODAY)
    with pytest.raises(PermissionDenied):
        Intakes(clinic.session_factory, FRONT_DESK).add(
            record.id, IntakeInput(chief_complaint="Knee pain")
        )
    with pytest.raises(PermissionDenied):
        PatientDetails(clinic.session_factory, FRONT_DESK).add_flag(record.id, "pregnancy")


def test_intakes_are_dated_and_kept(records, clinic):
    record = records.create(RUNNER, today=TODAY)
    intakes = Intakes(clinic.session_factory, command_line_actor())
    intakes.add(
        record.id,
        IntakeInput(
            taken_on="2026-01-10",
            chief_complaint="ITB pain",
            sleep_hours="7.5",
            hrv_ms="62",
            resting_hr="48",
        ),
        today=TODAY,
    )
    intakes.add(
        record.id, IntakeInput(taken_on="2026-11-01", chief_complaint="Achilles"), today=TODAY
    )
    history = intakes.history(record.id)
    assert [h.chief_complaint for h in history] == ["Achilles", "ITB pain"]
    assert history[1].sleep_hours == 7.5 and history[1].hrv_ms == 62
    with pytest.raises(FieldErrors) as caught:
        intakes.add(
            record.id,
            IntakeInput(chief_complaint="x", sleep_quality="9", resting_hr="abc"),
            today=TODAY,
        )
    assert set(caught.value.errors) == {"sleep_quality", "resting_hr"}


def test_insurance_details_without_a_payer_are_refused_not_dropped(records):
    with pytest.raises(FieldErrors) as caught:
        records.create(RUNNER, InsuranceInput(member_id="W123"), today=TODAY)
    assert "ins1.payer" in caught.value.errors
    assert records.create(RUNNER, InsuranceInput(), today=TODAY).insurance == ()


def test_a_change_to_any_part_of_the_registration_makes_open_copies_stale(records, clinic):
    record = records.create(RUNNER, today=TODAY)
    other = PatientDetails(clinic.session_factory, FRONT_DESK)
    other.save_profile(record.id, sports="Triathlon", weekly_volume="9 h/wk", training_phase="peak")
    with pytest.raises(StaleEdit):
        records.update(
            record.id, replace(record.details, city="Falmouth"), record.version, today=TODAY
        )
    fresh = records.get(record.id)
    records.set_insurance(fresh.id, InsuranceInput(payer="Cigna"))
    with pytest.raises(StaleEdit):
        records.update(
            fresh.id, replace(fresh.details, city="Falmouth"), fresh.version, today=TODAY
        )


def test_header_names_the_missing_consents(records, clinic):
    record = records.create(RUNNER, today=TODAY)
    PatientDetails(clinic.session_factory, command_line_actor()).record_consent(
        record.id, "acupuncture", "2026-11-01", "v1", today=TODAY
    )
    header = PatientDirectory(clinic.session_factory, command_line_actor()).header(record.id)
    assert header.missing_consents == ("dry_needling", "electroacupuncture", "cupping")


def test_care_contact_name_with_invisible_characters_is_refused(clinic):
    contacts = CareContacts(clinic.session_factory, command_line_actor())
    with pytest.raises(FieldErrors) as caught:
        contacts.create(ContactInput(name="Ana\u202eTPD ,", role="PT"))
    assert "invisible characters" in caught.value.errors["name"]
