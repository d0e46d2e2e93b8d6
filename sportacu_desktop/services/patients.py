"""Finding patients and reading what the screen shows about one."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.enums import FlagKind, Modality
from sportacu_desktop.domain.patients import (
    FlagView,
    PatientHeader,
    PatientRow,
    RaceView,
    age_on,
)
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.patient_views import (  # noqa: F401 - PatientNotFound re-exported
    PatientNotFound,
    load_patient,
    patient_row,
)
from sportacu_desktop.storage.clinical import Visit
from sportacu_desktop.storage.patients import (
    AthleteProfile,
    Consent,
    Insurance,
    Patient,
    PatientFlag,
    Race,
)
from sportacu_desktop.storage.search import search_filter

ROW_COLUMNS = (
    Patient.id,
    Patient.chart_number,
    Patient.first_name,
    Patient.last_name,
    Patient.date_of_birth,
    Patient.phone,
    Patient.archived_at,
)


class PatientDirectory:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def search_ids(
        self, text: str = "", *, include_archived: bool = False, limit: int | None = None
    ) -> list[int]:
        """Ids of matching patients in name order (the first ``limit``); rows are fetched
        separately, on demand."""
        query = select(Patient.id).order_by(Patient.last_name, Patient.first_name, Patient.id)
        if limit is not None:
            query = query.limit(limit)
        if not include_archived:
            query = query.where(Patient.archived_at.is_(None))
        with self._sessions() as session:
            condition = search_filter(
                Patient.search_key, text, id_column=Patient.id, session=session
            )
            if condition is not None:
                query = query.where(condition)
            # Core rows, not ORM results: thousands of ids on a short search.
            return list(session.connection().execute(query).scalars().all())

    def rows(self, ids: Sequence[int]) -> list[PatientRow]:
        """Rows for ``ids`` in the order given (missing ids are skipped)."""
        if not ids:
            return []
        # Only the listed columns, not whole patients: this runs as the list scrolls.
        query = select(*ROW_COLUMNS).where(Patient.id.in_(list(ids)))
        with self._sessions() as session:
            found = {
                r.id: PatientRow(*r[:-1], archived=r.archived_at is not None)
                for r in session.connection().execute(query).all()
            }
        return [found[i] for i in ids if i in found]

    def search(self, text: str = "", *, include_archived: bool = False) -> list[PatientRow]:
        ids = self.search_ids(text, include_archived=include_archived)
        rows: list[PatientRow] = []
        for start in range(0, len(ids), 500):
            rows.extend(self.rows(ids[start : start + 500]))
        return rows

    def listing(self, text: str = "", *, include_archived: bool = False) -> list[PatientRow]:
        """A patient list leaving the app (printed, exported): recorded in the audit trail."""
        rows = self.search(text, include_archived=include_archived)
        with self._sessions.begin() as session:
            audit.record(
                session,
                self._actor,
                "list",
                entity="patient",
                detail=f"{len(rows)} patients listed; search {text!r}",
            )
        return rows

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count(Patient.id))) or 0

    def id_for_chart(self, chart_number: str) -> int:
        with self._sessions() as session:
            found = session.scalar(
                select(Patient.id).where(Patient.chart_number == chart_number.strip().upper())
            )
        if found is None:
            raise PatientNotFound(f"No patient has chart number {chart_number!r}.")
        return found

    def header(
        self, patient_id: int, *, today: date | None = None, opened: bool = True
    ) -> PatientHeader:
        """What the top of an open chart shows; opening a chart is a 'view' in the audit
        trail. ``opened=False`` reads it again for a chart already open (after a save, or
        for a visit note whose opening is recorded as its own view): nothing is written,
        so the window never waits on another workstation's write lock for it."""
        today = today or date.today()
        sessions = self._sessions.begin if opened else self._sessions
        with sessions() as session:
            patient = load_patient(session, patient_id)
            flags = tuple(
                FlagView(f.kind, FlagKind(f.kind).label, f.detail)
                for f in session.scalars(
                    select(PatientFlag)
                    .where(PatientFlag.patient_id == patient_id, PatientFlag.active)
                    .order_by(PatientFlag.id)
                )
            )
            race = session.scalars(
                select(Race)
                .where(
                    Race.patient_id == patient_id,
                    Race.race_date >= today,
                    Race.priority.in_(("A", "B")),
                    Race.archived.is_(False),
                )
                .order_by(Race.race_date)
                .limit(1)
            ).first()
            payer = session.scalar(
                select(Insurance.payer)
                .where(Insurance.patient_id == patient_id, Insurance.active)
                .order_by(Insurance.rank)
                .limit(1)
            )
            profile = session.scalar(
                select(AthleteProfile).where(AthleteProfile.patient_id == patient_id)
            )
            consented = set(
                session.scalars(
                    select(Consent.modality).where(
                        Consent.patient_id == patient_id, Consent.revoked_on.is_(None)
                    )
                )
            )
            visits, last_visit = session.execute(
                select(func.count(Visit.id), func.max(Visit.visit_date)).where(
                    Visit.patient_id == patient_id
                )
            ).one()
            if opened:
                audit.record(
                    session,
                    self._actor,
                    "view",
                    patient_id=patient_id,
                    entity="patient",
                    entity_id=patient_id,
                    detail="chart opened",
                )
            return PatientHeader(
                id=patient.id,
                chart_number=patient.chart_number,
                first_name=patient.first_name,
                last_name=patient.last_name,
                preferred_name=patient.preferred_name,
                date_of_birth=patient.date_of_birth,
                age=age_on(patient.date_of_birth, today),
                sex=patient.sex,
                phone=patient.phone,
                payer=payer or "",
                training_phase=profile.training_phase if profile else "",
                sports=profile.sports if profile else "",
                flags=flags,
                next_race=RaceView(
                    race.name,
                    race.race_date,
                    race.distance,
                    race.priority,
                    (race.race_date - today).days,
                )
                if race
                else None,
                visit_count=visits,
                last_visit=last_visit,
                missing_consents=tuple(m.value for m in Modality if m.value not in consented),
                archived=patient.archived_at is not None,
            )
