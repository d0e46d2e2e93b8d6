"""Copy ORM rows into the plain frozen objects services return."""

from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.enums import FlagKind
from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.patients import (
    AthleteProfileView,
    ConsentEntry,
    ContactView,
    FlagEntry,
    InsuranceView,
    PatientInput,
    PatientRecord,
    PatientRow,
    RaceEntry,
)
from sportacu_desktop.storage.patients import (
    AthleteProfile,
    CareTeamLink,
    Consent,
    Insurance,
    Patient,
    PatientFlag,
    Race,
)
from sportacu_desktop.storage.practice import CareContact


def patient_row(patient: Patient) -> PatientRow:
    return PatientRow(
        id=patient.id,
        chart_number=patient.chart_number,
        first_name=patient.first_name,
        last_name=patient.last_name,
        date_of_birth=patient.date_of_birth,
        phone=patient.phone,
        archived=patient.archived_at is not None,
    )


def contact_view(contact: CareContact, is_referring: bool = False) -> ContactView:
    return ContactView(
        contact.id,
        contact.name,
        contact.role,
        contact.practice_name,
        contact.npi,
        contact.phone,
        contact.fax,
        contact.email,
        is_referring,
    )


class PatientNotFound(NotFound):
    pass


def load_patient(session: Session, patient_id: int) -> Patient:
    """The patient row, or PatientNotFound: every service looks a patient up this way."""
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise PatientNotFound(f"Patient {patient_id} does not exist.")
    return patient


def patient_record(session: Session, patient_id: int) -> PatientRecord:
    patient = load_patient(session, patient_id)
    details = {}
    for f in fields(PatientInput):
        value = getattr(patient, f.name)
        details[f.name] = value.isoformat() if f.name == "date_of_birth" else value
    insurance = tuple(
        InsuranceView(
            i.id,
            i.rank,
            i.payer,
            i.member_id,
            i.group_number,
            i.relationship_to_subscriber,
            i.subscriber_name,
            i.subscriber_dob,
            i.subscriber_address,
        )
        for i in session.scalars(
            select(Insurance)
            .where(Insurance.patient_id == patient_id, Insurance.active)
            .order_by(Insurance.rank)
        )
    )
    care_team = tuple(
        contact_view(contact, link.is_referring)
        for link, contact in session.execute(
            select(CareTeamLink, CareContact)
            .join(CareContact, CareContact.id == CareTeamLink.contact_id)
            .where(CareTeamLink.patient_id == patient_id, CareTeamLink.active)
            .order_by(CareContact.name)
        )
    )
    profile_row = session.scalar(
        select(AthleteProfile).where(AthleteProfile.patient_id == patient_id)
    )
    profile = (
        AthleteProfileView(
            profile_row.sports,
            profile_row.weekly_volume,
            profile_row.training_phase,
            profile_row.notes,
        )
        if profile_row
        else AthleteProfileView()
    )
    races = tuple(
        RaceEntry(r.id, r.name, r.race_date, r.distance, r.priority)
        for r in session.scalars(
            select(Race)
            .where(Race.patient_id == patient_id, Race.archived.is_(False))
            .order_by(Race.race_date)
        )
    )
    flags = tuple(
        FlagEntry(f.id, f.kind, FlagKind(f.kind).label, f.detail)
        for f in session.scalars(
            select(PatientFlag)
            .where(PatientFlag.patient_id == patient_id, PatientFlag.active)
            .order_by(PatientFlag.id)
        )
    )
    consents = tuple(
        ConsentEntry(c.id, c.modality, c.signed_on, c.form_version)
        for c in session.scalars(
            select(Consent)
            .where(Consent.patient_id == patient_id, Consent.revoked_on.is_(None))
            .order_by(Consent.modality, Consent.signed_on)
        )
    )
    return PatientRecord(
        id=patient.id,
        chart_number=patient.chart_number,
        version=patient.version,
        details=PatientInput(**details),
        archived=patient.archived_at is not None,
        insurance=insurance,
        care_team=care_team,
        profile=profile,
        races=races,
        flags=flags,
        consents=consents,
        updated_by=patient.updated_by,
    )
