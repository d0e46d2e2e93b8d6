"""Append events to the tamper-evident audit trail and verify its hash chain."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from sportacu_desktop.domain.audit_chain import GENESIS, event_digest
from sportacu_desktop.services import anchor
from sportacu_desktop.services.context import Actor
from sportacu_desktop.storage.audit import AuditEvent

__all__ = [
    "GENESIS",
    "AuditEvent",
    "ChainReport",
    "PlannedEvent",
    "append_many",
    "record",
    "verify_chain",
]


def _digest(event: AuditEvent) -> str:
    return event_digest(
        id=event.id,
        occurred_at=event.occurred_at,
        actor=event.actor,
        action=event.action,
        patient_id=event.patient_id,
        entity=event.entity,
        entity_id=event.entity_id,
        detail=event.detail,
        prev_hash=event.prev_hash,
    )


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers of the chain; released when the transaction ends.
        session.execute(text("SELECT pg_advisory_xact_lock(8675309)"))


def _head(session: Session):
    return session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    patient_id: int | None = None,
    entity: str = "",
    entity_id: int | None = None,
    detail: str = "",
) -> None:
    """Append one event inside the caller's unit of work, chained to the last one."""
    _lock_chain(session)
    last = _head(session)
    event = AuditEvent(
        id=(last.id + 1) if last else 1,
        occurred_at=datetime.now(UTC),
        actor=actor.username,
        action=action,
        patient_id=patient_id,
        entity=entity,
        entity_id=entity_id,
        detail=f"[EMERGENCY ACCESS: {actor.emergency_reason}] {detail}".strip()
        if actor.emergency_reason
        else detail,
        prev_hash=last.hash if last else GENESIS,
        hash="",
    )
    event.hash = _digest(event)
    session.add(event)
    session.flush()
    anchor.note_head(session, event.id, event.hash)


@dataclass(frozen=True)
class PlannedEvent:
    """An event of a history written in bulk (the demo clinic's past), with its own time."""

    occurred_at: datetime
    actor: str
    action: str
    patient_id: int | None = None
    entity: str = ""
    entity_id: int | None = None
    detail: str = ""


def append_many(session: Session, events: Iterable[PlannedEvent]) -> int:
    """Append many events in one statement, chained in the order given."""
    _lock_chain(session)
    last = _head(session)
    next_id, previous = ((last.id + 1), last.hash) if last else (1, GENESIS)
    rows = []
    for planned in events:
        values: dict[str, Any] = {
            "id": next_id,
            "occurred_at": planned.occurred_at,
            "actor": planned.actor,
            "action": planned.action,
            "patient_id": planned.patient_id,
            "entity": planned.entity,
            "entity_id": planned.entity_id,
            "detail": planned.detail,
            "prev_hash": previous,
        }
        values["hash"] = previous = event_digest(**values)
        rows.append(values)
        next_id += 1
    if rows:
        session.execute(insert(AuditEvent), rows)
        anchor.note_head(session, rows[-1]["id"], rows[-1]["hash"])
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_broken_id: int | None
    reason: str = ""
    head_id: int = 0
    head_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(session: Session) -> ChainReport:
    """Walk the trail in order; the first event whose hash or link does not hold is reported."""
    previous = GENESIS
    expected_id = 1
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(2000):
        count += 1
        if event.id != expected_id:
            return ChainReport(count, event.id, f"event {expected_id} is missing")
        if event.prev_hash != previous:
            return ChainReport(count, event.id, "it does not link to the event before it")
        if _digest(event) != event.hash:
            return ChainReport(count, event.id, "its content was changed after it was written")
        previous = event.hash
        expected_id += 1
    return ChainReport(count, None, head_id=expected_id - 1, head_hash=previous)


def read_unit(sessions, actor: Actor):
    """The session a read of clinical data runs in.

    A plain read session normally; under emergency access a unit of work, so the read
    itself can be recorded (``record_emergency_read``) in the same transaction.
    """
    return sessions.begin() if actor.emergency else sessions()


def record_emergency_read(
    session: Session, actor: Actor, *, patient_id: int | None, entity: str, detail: str = ""
) -> None:
    """Under emergency access every read of a record is part of the audit trail."""
    if actor.emergency:
        record(session, actor, "view", patient_id=patient_id, entity=entity, detail=detail)
