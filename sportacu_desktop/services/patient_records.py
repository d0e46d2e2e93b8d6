"""Registering and editing a patient: demographics, insurance, archive, duplicates."""

from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from sportacu_desktop.domain.identifiers import chart_number
from sportacu_desktop.domain.patient_rules import clean_patient
from sportacu_desktop.domain.patients import InsuranceInput, PatientInput, PatientRecord, PatientRow
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.text import digits_only, fold
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.patient_views import load_patient, patient_record, patient_row
from sportacu_desktop.services.registration import (
    CheckedRegistration,
    PartWriter,
    Registration,
    check_registration,
    moved_on,
)
from sportacu_desktop.storage.patients import Patient
from sportacu_desktop.storage.search import patient_search_key

__all__ = ["PatientRecords", "PossibleDuplicate", "StaleEdit"]


class PossibleDuplicate(Exception):
    """A patient with the same name and birth date, or the same phone, is already registered."""

    def __init__(self, matches: list[PatientRow]):
        self.matches = matches
        names = ", ".join(f"{m.first_name} {m.last_name} ({m.chart_number})" for m in matches)
        super().__init__(f"This may be a patient already registered: {names}.")


class StaleEdit(Exception):
    """Someone else saved this record since it was opened; nothing was overwritten."""

    def __init__(self, current: PatientRecord):
        self.current = current
        super().__init__(
            f"{current.updated_by or 'Another user'} changed this patient's record after you "
            "opened it. Your changes were not saved; compare both versions and save again."
        )


class PatientRecords:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    # -- reading ---------------------------------------------------------------------------
    def get(self, patient_id: int) -> PatientRecord:
        require(self._actor, Action.VIEW_PATIENT)
        with self._sessions.begin() as session:
            record = patient_record(session, patient_id)
            audit.record(
                session,
                self._actor,
                "view",
                patient_id=patient_id,
                entity="patient",
                entity_id=patient_id,
                detail="registration record opened",
            )
            return record

    def find_duplicates(
        self, data: PatientInput, *, exclude_id: int | None = None, today: date | None = None
    ) -> list[PatientRow]:
        """Same name and birth date, or the same phone number, as ``data``."""
        values = clean_patient(data, today or date.today())
        with self._sessions() as session:
            return [patient_row(p) for p in _duplicates(session, values, exclude_id)]

    # -- writing ---------------------------------------------------------------------------
    def save_registration(
        self, registration: Registration, *, today: date | None = None
    ) -> PatientRecord:
        """Store every part of ``registration`` in one unit of work: all of it or nothing.

        Raises (before anything is written) PermissionDenied, FieldErrors with every field
        problem of every part, PossibleDuplicate for a new patient who may be registered
        already, StaleEdit when the record changed after it was read; LookupError when a
        race, flag or contact it names is gone.
        """
        for action in registration.actions_needed():
            require(self._actor, action)
        checked = check_registration(registration, today or date.today())
        if registration.patient_id is None:
            return self._register(registration, checked)
        pid = registration.patient_id
        try:
            with self._sessions.begin() as session:
                patient = load_patient(session, pid)
                expected = registration.expected_version
                if expected is not None and patient.version != expected:
                    raise StaleEdit(patient_record(session, pid))
                # First, so the flushes of the parts below write the patient row once.
                moved_on(patient, self._actor)
                if checked.details is not None:
                    self._update_details(session, patient, checked.details)
                PartWriter(session, self._actor, pid).write(checked)
                session.flush()
                return patient_record(session, pid)
        except StaleDataError:
            # Another workstation saved between our read and this write.
            with self._sessions() as session:
                raise StaleEdit(patient_record(session, pid)) from None

    def _register(self, registration: Registration, checked: CheckedRegistration) -> PatientRecord:
        values = checked.details
        for attempt in range(3):
            try:
                with self._sessions.begin() as session:
                    if not registration.allow_duplicate:
                        matches = _duplicates(session, values, None)
                        if matches:
                            raise PossibleDuplicate([patient_row(p) for p in matches])
                    patient = register_patient(session, self._actor, checked)
                    audit.record(
                        session,
                        self._actor,
                        "create",
                        patient_id=patient.id,
                        entity="patient",
                        entity_id=patient.id,
                        detail=f"registered {patient.chart_number}",
                    )
                    session.flush()
                    return patient_record(session, patient.id)
            except IntegrityError:
                # Another workstation took the same chart number at the same moment.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _update_details(self, session: Session, patient: Patient, values: dict) -> None:
        changed = sorted(k for k, val in values.items() if getattr(patient, k) != val)
        for key, value in values.items():
            setattr(patient, key, value)
        patient.search_key = _search_key(values, patient.chart_number)
        audit.record(
            session,
            self._actor,
            "change",
            patient_id=patient.id,
            entity="patient",
            entity_id=patient.id,
            detail="changed: " + (", ".join(changed) or "nothing"),
        )

    def create(
        self,
        data: PatientInput,
        insurance: InsuranceInput | None = None,
        *,
        allow_duplicate: bool = False,
        today: date | None = None,
    ) -> PatientRecord:
        filled = {str(value).strip() for value in vars(insurance).values()} if insurance else set()
        # A coverage with nothing typed but the default relationship is no coverage; with a
        # member ID but no payer it is refused, not dropped.
        coverage = {1: insurance} if filled - {"", "self"} else {}
        return self.save_registration(
            Registration(details=data, insurance=coverage, allow_duplicate=allow_duplicate),
            today=today,
        )

    def update(
        self,
        patient_id: int,
        data: PatientInput,
        expected_version: int,
        *,
        today: date | None = None,
    ) -> PatientRecord:
        return self.save_registration(
            Registration(patient_id, expected_version, details=data), today=today
        )

    def set_insurance(
        self,
        patient_id: int,
        insurance: InsuranceInput | None,
        *,
        rank: int = 1,
        today: date | None = None,
    ) -> PatientRecord:
        """Replace the primary (rank 1) or secondary (2) coverage; None ends it."""
        return self.save_registration(
            Registration(patient_id, insurance={rank: insurance}), today=today
        )

    def archive(self, patient_id: int, reason: str) -> None:
        """Archive, never delete: the chart stays readable and searchable on request."""
        require(self._actor, Action.REGISTER_PATIENT)
        if not reason.strip():
            raise ValueError("Say why this patient is archived (e.g. moved away, duplicate).")
        with self._sessions.begin() as session:
            patient = load_patient(session, patient_id)
            patient.archived_at = datetime.now(UTC)
            patient.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "archive",
                patient_id=patient_id,
                entity="patient",
                entity_id=patient_id,
                detail=reason.strip()[:500],
            )

    def restore(self, patient_id: int) -> None:
        require(self._actor, Action.REGISTER_PATIENT)
        with self._sessions.begin() as session:
            patient = load_patient(session, patient_id)
            patient.archived_at = None
            patient.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "restore",
                patient_id=patient_id,
                entity="patient",
                entity_id=patient_id,
            )


def register_patient(session: Session, actor: Actor, checked: CheckedRegistration) -> Patient:
    """Insert a checked new registration, every part of it, in the caller's unit of work:
    the patient form and the import register patients this one way."""
    patient = add_patient(session, actor, checked.details)
    PartWriter(session, actor, patient.id).write(checked, new_patient=True)
    return patient


def add_patient(session: Session, actor: Actor, values: dict) -> Patient:
    """Insert a validated patient with the next chart number."""
    last = session.scalar(select(func.max(Patient.chart_number)))
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    chart = chart_number(sequence)
    patient = Patient(
        chart_number=chart,
        search_key=_search_key(values, chart),
        created_by=actor.username,
        updated_by=actor.username,
        **values,
    )
    session.add(patient)
    session.flush()
    return patient


def _search_key(values: dict, chart: str) -> str:
    return patient_search_key(
        first_name=values["first_name"],
        last_name=values["last_name"],
        preferred_name=values["preferred_name"],
        chart_number=chart,
        date_of_birth=values["date_of_birth"],
        phone=values["phone"],
    )


def _duplicates(session: Session, values: dict, exclude_id: int | None) -> list[Patient]:
    """Candidates by birth date or phone in SQL, then an accent-blind name comparison."""
    phone = digits_only(values["phone"])
    conditions = [Patient.date_of_birth == values["date_of_birth"]]
    if len(phone) >= 7:
        conditions.append(Patient.search_key.like(f"%{phone}%"))
    query = select(Patient).where(or_(*conditions)).order_by(Patient.id)
    if exclude_id is not None:
        query = query.where(Patient.id != exclude_id)
    first, last = fold(values["first_name"]), fold(values["last_name"])
    matches = []
    for candidate in session.scalars(query):
        same_person = (
            candidate.date_of_birth == values["date_of_birth"]
            and fold(candidate.first_name) == first
            and fold(candidate.last_name) == last
        )
        same_phone = len(phone) >= 7 and digits_only(candidate.phone) == phone
        if same_person or same_phone:
            matches.append(candidate)
    return matches
