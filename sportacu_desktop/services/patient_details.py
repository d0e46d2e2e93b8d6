"""The rest of a registration: athlete profile, races, flags, consents and care team."""

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import FlagKind, Modality, RacePriority, Role, TrainingPhase
from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.patients import PatientRecord
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.patient_records import REGISTRATION_ROLES
from sportacu_desktop.services.patient_views import load_patient, patient_record
from sportacu_desktop.storage.patients import (
    AthleteProfile,
    CareTeamLink,
    Consent,
    PatientFlag,
    Race,
)
from sportacu_desktop.storage.practice import CareContact

# Flags are clinical safety information: the practitioner records them. Consent forms are
# paperwork the front desk may file too.
CLINICAL_ROLES = (Role.PRACTITIONER,)


def _date(text: str, field: str, errors: v.FieldErrors) -> date | None:
    if not text.strip():
        errors.add(field, "Enter the date.")
        return None
    try:
        return v.parse_date(text)
    except ValueError as exc:
        errors.add(field, str(exc))
        return None


class PatientDetails:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def _unit(self, patient_id: int, roles, action: str, entity: str, detail: str, change):
        """One unit of work: check role, apply ``change``, audit, return the fresh record."""
        require(self._actor, *roles)
        with self._sessions.begin() as session:
            patient = load_patient(session, patient_id)
            change(session)
            # Any change to the registration moves the patient's version, so another
            # workstation holding the record open gets a stale-edit warning on save.
            patient.updated_by = self._actor.username
            patient.updated_at = datetime.now(UTC)
            audit.record(
                session, self._actor, action, patient_id=patient_id, entity=entity, detail=detail
            )
            session.flush()
            return patient_record(session, patient_id)

    def _stamp(self) -> dict:
        return {"created_by": self._actor.username, "updated_by": self._actor.username}

    def save_profile(
        self,
        patient_id: int,
        *,
        sports: str,
        weekly_volume: str,
        training_phase: str,
        notes: str = "",
    ) -> PatientRecord:
        errors = v.FieldErrors()
        v.text_problems({"sports": sports, "weekly_volume": weekly_volume}, errors)
        v.text_problems({"notes": notes}, errors, multiline=frozenset({"notes"}))
        if training_phase not in {p.value for p in TrainingPhase}:
            errors.add("training_phase", "Choose a training phase from the list.")
        errors.add("sports", v.length_problem(sports, 200, "sports"))
        errors.add("weekly_volume", v.length_problem(weekly_volume, 60, "weekly volume"))
        errors.raise_if_any()

        def change(session: Session) -> None:
            profile = session.scalar(
                select(AthleteProfile).where(AthleteProfile.patient_id == patient_id)
            )
            if profile is None:
                profile = AthleteProfile(patient_id=patient_id, **self._stamp())
                session.add(profile)
            profile.sports, profile.weekly_volume = sports.strip(), weekly_volume.strip()
            profile.training_phase, profile.notes = training_phase, notes.strip()
            profile.updated_by = self._actor.username

        return self._unit(
            patient_id,
            REGISTRATION_ROLES,
            "change",
            "athlete_profile",
            f"phase {training_phase}",
            change,
        )

    def add_race(
        self, patient_id: int, *, name: str, race_date: str, distance: str, priority: str
    ) -> PatientRecord:
        errors = v.FieldErrors()
        v.text_problems({"race_name": name, "distance": distance}, errors)
        errors.add("race_name", v.required(name, "race name"))
        errors.add("race_name", v.length_problem(name, 200, "race name"))
        day = _date(race_date, "race_date", errors)
        if priority.upper() not in {p.value for p in RacePriority}:
            errors.add("priority", "Race priority is A, B or C.")
        errors.raise_if_any()

        def change(session: Session) -> None:
            session.add(
                Race(
                    patient_id=patient_id,
                    name=name.strip(),
                    race_date=day,
                    distance=distance.strip()[:40],
                    priority=priority.upper(),
                    **self._stamp(),
                )
            )

        return self._unit(
            patient_id, REGISTRATION_ROLES, "create", "race", f"{name.strip()} on {day}", change
        )

    def remove_race(self, patient_id: int, race_id: int) -> PatientRecord:
        def change(session: Session) -> None:
            race = session.get(Race, race_id)
            if race is None or race.patient_id != patient_id:
                raise NotFound("That race is not on this patient's calendar.")
            race.archived, race.updated_by = True, self._actor.username

        return self._unit(patient_id, REGISTRATION_ROLES, "archive", "race", str(race_id), change)

    def add_flag(self, patient_id: int, kind: str, detail: str = "") -> PatientRecord:
        if kind not in {k.value for k in FlagKind}:
            raise v.FieldErrors({"flag": "Choose the kind of flag from the list."})
        if kind == FlagKind.OTHER and not detail.strip():
            raise v.FieldErrors({"flag_detail": "Describe the flag."})
        problem = v.storable_problem(detail, "flag detail")
        if problem:
            raise v.FieldErrors({"flag_detail": problem})

        def change(session: Session) -> None:
            session.add(
                PatientFlag(
                    patient_id=patient_id, kind=kind, detail=detail.strip()[:300], **self._stamp()
                )
            )

        return self._unit(patient_id, CLINICAL_ROLES, "create", "flag", kind, change)

    def remove_flag(self, patient_id: int, flag_id: int) -> PatientRecord:
        def change(session: Session) -> None:
            flag = session.get(PatientFlag, flag_id)
            if flag is None or flag.patient_id != patient_id:
                raise NotFound("That flag is not on this patient's record.")
            flag.active, flag.updated_by = False, self._actor.username

        return self._unit(patient_id, CLINICAL_ROLES, "archive", "flag", str(flag_id), change)

    def record_consent(
        self,
        patient_id: int,
        modality: str,
        signed_on: str,
        form_version: str,
        *,
        today: date | None = None,
    ) -> PatientRecord:
        errors = v.FieldErrors()
        errors.add("form_version", v.storable_problem(form_version, "form version"))
        if modality not in {m.value for m in Modality}:
            errors.add("modality", "Choose what the consent covers.")
        day = _date(signed_on, "signed_on", errors)
        if day and day > (today or date.today()):
            errors.add("signed_on", "A consent cannot be signed in the future.")
        errors.raise_if_any()

        def change(session: Session) -> None:
            session.add(
                Consent(
                    patient_id=patient_id,
                    modality=modality,
                    signed_on=day,
                    form_version=form_version.strip()[:20],
                    **self._stamp(),
                )
            )

        return self._unit(
            patient_id, REGISTRATION_ROLES, "create", "consent", f"{modality} signed {day}", change
        )

    def link_contact(
        self, patient_id: int, contact_id: int, *, is_referring: bool = False
    ) -> PatientRecord:
        def change(session: Session) -> None:
            if session.get(CareContact, contact_id) is None:
                raise NotFound("That care-team contact does not exist.")
            link = session.scalar(
                select(CareTeamLink).where(
                    CareTeamLink.patient_id == patient_id, CareTeamLink.contact_id == contact_id
                )
            )
            if link is None:
                link = CareTeamLink(patient_id=patient_id, contact_id=contact_id, **self._stamp())
                session.add(link)
            link.active, link.is_referring = True, is_referring
            link.updated_by = self._actor.username

        return self._unit(
            patient_id,
            REGISTRATION_ROLES,
            "change",
            "care_team",
            f"linked contact {contact_id}",
            change,
        )

    def unlink_contact(self, patient_id: int, contact_id: int) -> PatientRecord:
        def change(session: Session) -> None:
            link = session.scalar(
                select(CareTeamLink).where(
                    CareTeamLink.patient_id == patient_id, CareTeamLink.contact_id == contact_id
                )
            )
            if link is not None:
                link.active, link.updated_by = False, self._actor.username

        return self._unit(
            patient_id,
            REGISTRATION_ROLES,
            "change",
            "care_team",
            f"unlinked contact {contact_id}",
            change,
        )
