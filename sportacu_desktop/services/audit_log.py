"""Reading the audit trail: filter by patient, user, action and date; export it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.reports.csv_writer import csv_bytes
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage import models as m

AUDIT_CSV_COLUMNS = (
    "id",
    "occurred_at_utc",
    "user",
    "action",
    "chart_number",
    "entity",
    "entity_id",
    "detail",
)


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: datetime
    actor: str
    action: str
    patient_id: int | None
    chart_number: str
    entity: str
    entity_id: int | None
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    patient_id: int | None = None
    actor: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


class AuditLog:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def actions(self) -> list[str]:
        require(self._actor, Action.VIEW_AUDIT_TRAIL)
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(m.AuditEvent.action).distinct().order_by(m.AuditEvent.action)
                )
            )

    def events(self, where: AuditFilter = AuditFilter(), *, limit: int = 5000) -> list[AuditRow]:
        """Newest first."""
        require(self._actor, Action.VIEW_AUDIT_TRAIL)
        with self._sessions() as session:
            return self._query(session, where, limit)

    def export_csv(self, where: AuditFilter = AuditFilter()) -> bytes:
        """Every matching event as CSV; the export itself is recorded."""
        require(self._actor, Action.VIEW_AUDIT_TRAIL)
        with self._sessions.begin() as session:
            rows = self._query(session, where, None)
            audit.record(
                session,
                self._actor,
                "export",
                entity="audit_event",
                detail=f"{len(rows)} audit events exported",
            )
        return csv_bytes(
            AUDIT_CSV_COLUMNS,
            (
                [
                    row.id,
                    row.occurred_at.isoformat(),
                    row.actor,
                    row.action,
                    row.chart_number,
                    row.entity,
                    row.entity_id or "",
                    row.detail,
                ]
                for row in rows
            ),
        )

    def _query(self, session: Session, where: AuditFilter, limit: int | None) -> list[AuditRow]:
        event = m.AuditEvent
        query = (
            select(event, m.Patient.chart_number)
            .join(m.Patient, m.Patient.id == event.patient_id, isouter=True)
            .order_by(event.id.desc())
        )
        if where.patient_id is not None:
            query = query.where(event.patient_id == where.patient_id)
        if where.actor.strip():
            query = query.where(event.actor == where.actor.strip())
        if where.action.strip():
            query = query.where(event.action == where.action.strip())
        if where.since:
            query = query.where(
                event.occurred_at >= datetime.combine(where.since, time(), tzinfo=UTC)
            )
        if where.until:
            query = query.where(
                event.occurred_at
                < datetime.combine(where.until + timedelta(days=1), time(), tzinfo=UTC)
            )
        if limit:
            query = query.limit(limit)
        return [
            AuditRow(
                e.id,
                e.occurred_at,
                e.actor,
                e.action,
                e.patient_id,
                chart or "",
                e.entity,
                e.entity_id,
                e.detail,
            )
            for e, chart in session.execute(query)
        ]
