"""Append events to the tamper-evident audit trail and verify its hash chain."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sportacu_desktop.services.context import Actor
from sportacu_desktop.storage.audit import AuditEvent

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.id,
            event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            event.actor,
            event.action,
            event.patient_id,
            event.entity,
            event.entity_id,
            event.detail,
            event.prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers of the chain; released when the transaction ends.
        session.execute(text("SELECT pg_advisory_xact_lock(8675309)"))
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
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


@dataclass(frozen=True)
class ChainReport:
    events: int
    first_broken_id: int | None
    reason: str = ""

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
    return ChainReport(count, None)


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
