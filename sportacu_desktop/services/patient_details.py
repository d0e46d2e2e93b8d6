"""One part of a registration at a time: athlete profile, races, flags, consents, care team.

Each call is a one-part ``Registration`` saved by ``PatientRecords.save_registration``, so
a single change and the whole patient form go through the same checks and writes. These
calls do not check the version the caller read: they add to the record rather than
overwrite it, and they move the version so an open form elsewhere notices.
"""

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.patients import PatientRecord
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.services.registration import (
    AddConsent,
    AddFlag,
    AddRace,
    LinkContact,
    ListChange,
    ProfileInput,
    Registration,
    RemoveFlag,
    RemoveRace,
    UnlinkContact,
)

__all__ = ["PatientDetails"]


class PatientDetails:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._records = PatientRecords(session_factory, actor)

    def _change(
        self, patient_id: int, change: ListChange, today: date | None = None
    ) -> PatientRecord:
        return self._records.save_registration(
            Registration(patient_id, changes=(change,)), today=today
        )

    def save_profile(
        self,
        patient_id: int,
        *,
        sports: str,
        weekly_volume: str,
        training_phase: str,
        notes: str = "",
    ) -> PatientRecord:
        profile = ProfileInput(sports, weekly_volume, training_phase, notes)
        return self._records.save_registration(Registration(patient_id, profile=profile))

    def add_race(
        self, patient_id: int, *, name: str, race_date: str, distance: str, priority: str
    ) -> PatientRecord:
        return self._change(patient_id, AddRace(name, race_date, distance, priority))

    def remove_race(self, patient_id: int, race_id: int) -> PatientRecord:
        return self._change(patient_id, RemoveRace(race_id))

    def add_flag(self, patient_id: int, kind: str, detail: str = "") -> PatientRecord:
        return self._change(patient_id, AddFlag(kind, detail))

    def remove_flag(self, patient_id: int, flag_id: int) -> PatientRecord:
        return self._change(patient_id, RemoveFlag(flag_id))

    def record_consent(
        self,
        patient_id: int,
        modality: str,
        signed_on: str,
        form_version: str,
        *,
        today: date | None = None,
    ) -> PatientRecord:
        return self._change(patient_id, AddConsent(modality, signed_on, form_version), today)

    def link_contact(
        self, patient_id: int, contact_id: int, *, is_referring: bool = False
    ) -> PatientRecord:
        return self._change(patient_id, LinkContact(contact_id, is_referring))

    def unlink_contact(self, patient_id: int, contact_id: int) -> PatientRecord:
        return self._change(patient_id, UnlinkContact(contact_id))
