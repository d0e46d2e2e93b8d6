"""Saving a whole registration is one unit of work: every part stored, or nothing at all."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.patients import InsuranceInput, PatientInput
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.care_contacts import CareContacts, ContactInput
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.intake import IntakeInput
from sportacu_desktop.services.patient_records import PatientRecords, StaleEdit
from sportacu_desktop.services.registration import (
    AddConsent,
    AddFlag,
    AddRace,
    LinkContact,
    ProfileInput,
    Registration,
)
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.base import Base

TODAY = date(2026, 11, 25)
RUNNER = PatientInput(
    first_name="Maya", last_name="Okafor", date_of_birth="1991-04-12", phone="2075550101"
)


@pytest.fixture
def records(clinic):
    return PatientRecords(clinic.session_factory, command_line_actor())


@pytest.fixture
def pt(clinic):
    return CareContacts(clinic.session_factory, command_line_actor()).create(
        ContactInput(name="Jo Park, DPT", role="PT", phone="2075550188")
    )


def every_row(clinic) -> dict[str, list[tuple]]:
    """The whole database, table by table, rows in key order."""
    with clinic.session_factory() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(
                    select(table).order_by(*(table.primary_key.columns or table.columns))
                )
            ]
            for table in Base.metadata.sorted_tables
        }


def whole_registration(record, **overrides) -> Registration:
    """Every part of the form changed at once, a care-team link last."""
    fields = dict(
        patient_id=record.id,
        expected_version=record.version,
        details=replace(record.details, city="Portland", email="maya@example.com"),
        insurance={1: InsuranceInput(payer="Aetna", member_id="W1"), 2: None},
        profile=ProfileInput("Marathon", "70 km/wk", "build"),
        changes=(
            AddRace("Boston Marathon", "2027-04-19", "42.2 km", "A"),
            AddFlag("anticoagulants", "Apixaban"),
            AddConsent("acupuncture", "2026-11-20", "2024-1"),
        ),
        intake=IntakeInput(chief_complaint="Lateral knee pain", sleep_hours="7"),
    )
    fields.update(overrides)
    return Registration(**fields)


def test_every_part_is_stored_together_and_moves_the_version_once(records, pt):
    record = records.create(RUNNER, today=TODAY)
    registration = whole_registration(
        record, changes=(*whole_registration(record).changes, LinkContact(pt.id, True))
    )
    saved = records.save_registration(registration, today=TODAY)
    assert saved.details.city == "Portland" and saved.details.email == "maya@example.com"
    assert [(i.rank, i.payer) for i in saved.insurance] == [(1, "Aetna")]
    assert saved.profile.training_phase == "build"
    assert [r.name for r in saved.races] == ["Boston Marathon"]
    assert [f.kind for f in saved.flags] == ["anticoagulants"]
    assert [c.modality for c in saved.consents] == ["acupuncture"]
    assert [(c.name, c.is_referring) for c in saved.care_team] == [("Jo Park, DPT", True)]
    assert saved.version == record.version + 1


def test_a_contact_that_fails_in_the_last_part_leaves_the_database_as_it_was(clinic, records, pt):
    record = records.create(RUNNER, today=TODAY)
    with clinic.session_factory.begin() as session:
        session.get(m.CareContact, pt.id).archived = True  # gone since the form loaded it
    before = every_row(clinic)
    registration = whole_registration(
        record, changes=(*whole_registration(record).changes, LinkContact(pt.id))
    )
    with pytest.raises(LookupError, match="no longer exists"):
        records.save_registration(registration, today=TODAY)
    assert every_row(clinic) == before


def test_a_stale_version_refuses_every_part_and_writes_nothing(clinic, records):
    record = records.create(RUNNER, today=TODAY)
    elsewhere = PatientRecords(clinic.session_factory, command_line_actor())
    elsewhere.save_registration(
        Registration(record.id, record.version, profile=ProfileInput("Trail", "", "peak")),
        today=TODAY,
    )
    before = every_row(clinic)
    with pytest.raises(StaleEdit) as stale:
        records.save_registration(whole_registration(record), today=TODAY)
    assert stale.value.current.profile.sports == "Trail"
    assert every_row(clinic) == before


def test_every_field_problem_of_every_part_is_reported_at_once(clinic, records):
    record = records.create(RUNNER, today=TODAY)
    before = every_row(clinic)
    registration = whole_registration(
        record,
        details=replace(record.details, phone="12", date_of_birth="2031-01-01"),
        insurance={
            1: InsuranceInput(member_id="W1"),
            2: InsuranceInput(payer="Cigna", relationship="spouse"),
        },
        profile=ProfileInput("Marathon", "", "sprinting"),
        changes=(
            AddRace("Boston Marathon", "04/31/2027", "42.2 km", "A"),
            AddConsent("acupuncture", "2027-01-01", "2024-1"),
        ),
        intake=IntakeInput(chief_complaint="", sleep_hours="30"),
    )
    with pytest.raises(FieldErrors) as caught:
        records.save_registration(registration, today=TODAY)
    assert set(caught.value.errors) == {
        "phone",
        "date_of_birth",
        "ins1.payer",
        "ins2.subscriber_name",
        "profile.training_phase",
        "race_date",
        "signed_on",
        "intake.chief_complaint",
        "intake.sleep_hours",
    }
    assert every_row(clinic) == before


def test_a_new_patient_is_registered_with_every_part_or_not_at_all(clinic, records, pt):
    before = every_row(clinic)
    new = Registration(
        details=RUNNER,
        insurance={1: InsuranceInput(payer="Aetna", member_id="W1")},
        changes=(AddRace("Boston Marathon", "2027-04-19", "42.2 km", "A"), LinkContact(999)),
    )
    with pytest.raises(LookupError):
        records.save_registration(new, today=TODAY)
    assert every_row(clinic) == before
    saved = records.save_registration(
        replace(new, changes=(new.changes[0], LinkContact(pt.id))), today=TODAY
    )
    assert saved.chart_number and [r.name for r in saved.races] == ["Boston Marathon"]
    assert [i.payer for i in saved.insurance] == ["Aetna"]
