"""Registering and editing a patient: demographics, insurance, archive, duplicates."""

from datetime import UTC, date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import errors
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import Conflict, InvalidInput
from sportacu_desktop.domain.identifiers import chart_number
from sportacu_desktop.domain.patient_rules import clean_insurance, clean_patient
from sportacu_desktop.domain.patients import InsuranceInput, PatientInput, PatientRecord, PatientRow
from sportacu_desktop.domain.text import digits_only, fold
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.patient_views import load_patient, patient_record, patient_row
from sportacu_desktop.storage.patients import Insurance, Patient
from sportacu_desktop.storage.search import patient_search_key

REGISTRATION_ROLES = (Role.FRONT_DESK, Role.PRACTITIONER, Role.ADMIN)


class PossibleDuplicate(Conflict):
    """A patient with the same name and birth date, or the same phone, is already registered."""

    def __init__(self, matches: list[PatientRow]):
        self.matches = matches
        names = ", ".join(f"{m.first_name} {m.last_name} ({m.chart_number})" for m in matches)
        super().__init__(f"This may be a patient already registered: {names}.")


class StaleEdit(errors.StaleEdit):
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
        require(self._actor, *REGISTRATION_ROLES)
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
    def create(
        self,
        data: PatientInput,
        insurance: InsuranceInput | None = None,
        *,
        allow_duplicate: bool = False,
        today: date | None = None,
    ) -> PatientRecord:
        require(self._actor, *REGISTRATION_ROLES)
        today = today or date.today()
        values = clean_patient(data, today)
        coverage = None
        filled = {str(value).strip() for value in vars(insurance).values()} if insurance else set()
        if filled - {"", "self"}:
            coverage = clean_insurance(insurance, today)  # a missing payer is reported
        for attempt in range(3):
            try:
                with self._sessions.begin() as session:
                    if not allow_duplicate:
                        matches = _duplicates(session, values, None)
                        if matches:
                            raise PossibleDuplicate([patient_row(p) for p in matches])
                    patient = add_patient(session, self._actor, values)
                    if coverage:
                        session.add(
                            Insurance(
                                patient_id=patient.id,
                                rank=1,
                                **_coverage(coverage),
                                **self._stamp(),
                            )
                        )
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

    def update(
        self,
        patient_id: int,
        data: PatientInput,
        expected_version: int,
        *,
        today: date | None = None,
    ) -> PatientRecord:
        require(self._actor, *REGISTRATION_ROLES)
        values = clean_patient(data, today or date.today())
        with self._sessions.begin() as session:
            patient = load_patient(session, patient_id)
            if patient.version != expected_version:
                raise StaleEdit(patient_record(session, patient_id))
            changed = sorted(k for k, val in values.items() if getattr(patient, k) != val)
            for key, value in values.items():
                setattr(patient, key, value)
            patient.search_key = _search_key(values, patient.chart_number)
            patient.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "change",
                patient_id=patient_id,
                entity="patient",
                entity_id=patient_id,
                detail="changed: " + (", ".join(changed) or "nothing"),
            )
            session.flush()
            return patient_record(session, patient_id)

    def set_insurance(
        self,
        patient_id: int,
        insurance: InsuranceInput | None,
        *,
        rank: int = 1,
        today: date | None = None,
    ) -> PatientRecord:
        """Replace the primary (rank 1) or secondary (2) coverage; None ends it."""
        require(self._actor, *REGISTRATION_ROLES)
        coverage = clean_insurance(insurance, today or date.today()) if insurance else None
        with self._sessions.begin() as session:
            patient = load_patient(session, patient_id)
            patient.updated_by = self._actor.username  # moves the version: see PatientDetails
            patient.updated_at = datetime.now(UTC)
            for old in session.scalars(
                select(Insurance).where(
                    Insurance.patient_id == patient_id, Insurance.rank == rank, Insurance.active
                )
            ):
                old.active = False
                old.updated_by = self._actor.username
            if coverage:
                session.add(
                    Insurance(
                        patient_id=patient_id, rank=rank, **_coverage(coverage), **self._stamp()
                    )
                )
            audit.record(
                session,
                self._actor,
                "change",
                patient_id=patient_id,
                entity="insurance",
                detail=f"rank {rank}: " + (coverage["payer"] if coverage else "removed"),
            )
            session.flush()
            return patient_record(session, patient_id)

    def archive(self, patient_id: int, reason: str) -> None:
        """Archive, never delete: the chart stays readable and searchable on request."""
        require(self._actor, *REGISTRATION_ROLES)
        if not reason.strip():
            raise InvalidInput("Say why this patient is archived (e.g. moved away, duplicate).")
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
        require(self._actor, *REGISTRATION_ROLES)
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

    def _stamp(self) -> dict:
        return {"created_by": self._actor.username, "updated_by": self._actor.username}


def add_patient(session: Session, actor: Actor, values: dict) -> Patient:
    """Insert a validated patient with the next chart number (shared with the importer)."""
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


def _coverage(values: dict) -> dict:
    return {
        "payer": values["payer"],
        "member_id": values["member_id"],
        "group_number": values["group_number"],
        "subscriber_name": values["subscriber_name"],
        "subscriber_dob": values["subscriber_dob"],
        "subscriber_address": values["subscriber_address"],
        "relationship_to_subscriber": values["relationship"],
    }


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
