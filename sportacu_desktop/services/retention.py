"""Record retention: which charts are past the clinic's period, and their destruction."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.errors import InvalidInput, PermissionDenied
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.settings import RETENTION_YEARS
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.settings import read_setting, write_setting
from sportacu_desktop.storage import models as m

ADULT_AGE = 18


@dataclass(frozen=True)
class RetentionCandidate:
    patient_id: int
    chart_number: str
    name: str
    last_activity: date
    eligible_since: date


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def eligible_on(last_activity: date, date_of_birth: date, years: int) -> date:
    """The period runs from the last visit, or from the 18th birthday for a minor."""
    start = max(last_activity, _add_years(date_of_birth, ADULT_AGE))
    return _add_years(start, years)


# Children before parents, so foreign keys hold at every statement.
_BY_VISIT = (
    m.SpecialTestResult,
    m.RangeOfMotion,
    m.MuscleTest,
    m.PointTreatment,
    m.DryNeedling,
    m.ElectroStim,
    m.CuppingTreatment,
    m.AdverseEvent,
    m.Addendum,
    m.VisitDraft,
    m.BillingLine,
    m.SignedVisitDiagnosis,
)
_BY_PATIENT = (m.OutcomeMeasure, m.Payment, m.IssuedDocument)
_PROFILE = (
    m.Intake,
    m.Consent,
    m.PatientFlag,
    m.Race,
    m.AthleteProfile,
    m.CareTeamLink,
    m.Insurance,
)


class Retention:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def years(self) -> int:
        with self._sessions() as session:
            return read_setting(session, RETENTION_YEARS)

    def set_years(self, years: int) -> None:
        with self._sessions.begin() as session:
            write_setting(session, self._actor, RETENTION_YEARS, years)

    def eligible(self, today: date | None = None) -> list[RetentionCandidate]:
        require(self._actor, Action.MANAGE_RETENTION)
        today = today or date.today()
        with self._sessions() as session:
            years = read_setting(session, RETENTION_YEARS)
            last_visit = (
                select(m.Visit.patient_id, func.max(m.Visit.visit_date).label("last"))
                .group_by(m.Visit.patient_id)
                .subquery()
            )
            rows = session.execute(
                select(m.Patient, last_visit.c.last)
                .join(last_visit, last_visit.c.patient_id == m.Patient.id, isouter=True)
                .where(m.Patient.id.not_in(select(m.DestructionOrder.patient_id)))
                .order_by(m.Patient.last_name, m.Patient.first_name)
            )
            found = []
            for patient, last in rows:
                activity = last or patient.created_at.date()
                since = eligible_on(activity, patient.date_of_birth, years)
                if since <= today:
                    found.append(
                        RetentionCandidate(
                            patient.id,
                            patient.chart_number,
                            f"{patient.last_name}, {patient.first_name}",
                            activity,
                            since,
                        )
                    )
            return found

    def destroy(self, patient_id: int, reason: str, *, today: date | None = None) -> str:
        """Delete every record of a patient past retention; the audit trail keeps the act."""
        require(self._actor, Action.MANAGE_RETENTION)
        if not reason.strip():
            raise InvalidInput("Record why these records are destroyed.")
        eligible = {c.patient_id: c for c in self.eligible(today)}
        if patient_id not in eligible:
            raise PermissionDenied(
                "This patient's records are still inside the retention "
                "period and cannot be destroyed."
            )
        chart = eligible[patient_id].chart_number
        with self._sessions.begin() as session:
            session.add(
                m.DestructionOrder(
                    patient_id=patient_id,
                    chart_number=chart,
                    ordered_by=self._actor.username,
                    ordered_at=datetime.now(UTC),
                    reason=reason.strip()[:300],
                )
            )
            session.flush()
            visits = select(m.Visit.id).where(m.Visit.patient_id == patient_id)
            episodes = select(m.Episode.id).where(m.Episode.patient_id == patient_id)
            for by_visit in _BY_VISIT:
                session.execute(delete(by_visit).where(by_visit.visit_id.in_(visits)))
            for by_patient in _BY_PATIENT:
                session.execute(delete(by_patient).where(by_patient.patient_id == patient_id))
            session.execute(delete(m.Visit).where(m.Visit.patient_id == patient_id))
            session.execute(delete(m.Diagnosis).where(m.Diagnosis.episode_id.in_(episodes)))
            session.execute(delete(m.Episode).where(m.Episode.patient_id == patient_id))
            for profile in _PROFILE:
                session.execute(delete(profile).where(profile.patient_id == patient_id))
            session.execute(delete(m.Patient).where(m.Patient.id == patient_id))
            order = session.get_one(m.DestructionOrder, patient_id)
            order.completed_at = datetime.now(UTC)
            audit.record(
                session,
                self._actor,
                "destroy",
                patient_id=patient_id,
                entity="patient",
                entity_id=patient_id,
                detail=f"{chart} destroyed after retention: {reason.strip()[:200]}",
            )
        return chart
