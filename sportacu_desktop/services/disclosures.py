"""The disclosure log: append one entry wherever a record leaves the clinic; read it back.

``log_disclosure`` runs inside the unit of work that issued or saved the document, so a
document is never handed out without its entry (nor an entry kept for a document that was
not). The log itself is append-only in the database (migration 0008).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.disclosures import PATIENT, checked_entry, kind_label
from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage import models as m


@dataclass(frozen=True)
class DisclosureRow:
    id: int
    patient_id: int
    disclosed_at: datetime
    disclosed_by: str  # the account
    disclosed_by_name: str  # the person, as printed in the accounting
    what: str  # kind code: visit_note, superbill, summary, homecare, export, …
    what_label: str  # "Superbill"
    description: str  # "Superbill SB-2026-000012"
    document_id: int | None
    recipient: str
    purpose: str


def _describe(session: Session, what: str, document_id: int | None, description: str) -> str:
    if description.strip():
        return " ".join(description.split())
    if document_id is not None:
        number = session.scalar(
            select(m.IssuedDocument.number).where(m.IssuedDocument.id == document_id)
        )
        if number:
            return f"{kind_label(what)} {number}"
    return kind_label(what)


def log_disclosure(
    session: Session,
    actor: Actor,
    *,
    patient_id: int,
    what: str,
    recipient: str,
    purpose: str,
    document_id: int | None = None,
    at: datetime | None = None,
    description: str = "",
) -> None:
    """Append one disclosure inside the caller's transaction (no commit)."""
    what, recipient, purpose = checked_entry(what, recipient, purpose)
    text = _describe(session, what, document_id, description)
    row = m.Disclosure(
        patient_id=patient_id,
        disclosed_at=at or datetime.now(UTC),
        disclosed_by=actor.username,
        disclosed_by_name=actor.display_name,
        what=what,
        description=text,
        document_id=document_id,
        recipient=recipient,
        purpose=purpose,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "disclose",
        patient_id=patient_id,
        entity="disclosure",
        entity_id=row.id,
        detail=f"{text} to {recipient}",
    )


def _row(row: m.Disclosure) -> DisclosureRow:
    return DisclosureRow(
        id=row.id,
        patient_id=row.patient_id,
        disclosed_at=row.disclosed_at,
        disclosed_by=row.disclosed_by,
        disclosed_by_name=row.disclosed_by_name,
        what=row.what,
        what_label=kind_label(row.what),
        description=row.description,
        document_id=row.document_id,
        recipient=row.recipient,
        purpose=row.purpose,
    )


def rows_for(
    session: Session, patient_id: int, start: date | None = None, end: date | None = None
) -> list[DisclosureRow]:
    """The patient's disclosures, oldest first, from ``start`` to ``end`` (whole days, UTC)."""
    query = select(m.Disclosure).where(m.Disclosure.patient_id == patient_id)
    if start is not None:
        query = query.where(m.Disclosure.disclosed_at >= datetime.combine(start, time(), UTC))
    if end is not None:
        query = query.where(m.Disclosure.disclosed_at <= datetime.combine(end, time.max, UTC))
    rows = session.scalars(query.order_by(m.Disclosure.disclosed_at, m.Disclosure.id))
    return [_row(row) for row in rows]


class Disclosures:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def for_patient(
        self, patient_id: int, start: date | None = None, end: date | None = None
    ) -> list[DisclosureRow]:
        """Everything disclosed from this patient's record, oldest first."""
        require(self._actor, Action.VIEW_DISCLOSURES)
        with self._sessions() as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound("This patient is not in the clinic's records.")
            return rows_for(session, patient_id, start, end)

    def suggested_recipients(self, patient_id: int) -> list[str]:
        """Who this patient's documents usually go to: the patient, the care team, the
        insurers on file (a screen offers them; the user may type anyone else)."""
        with self._sessions() as session:
            contacts = session.execute(
                select(m.CareContact.name, m.CareContact.role, m.CareContact.practice_name)
                .join(m.CareTeamLink, m.CareTeamLink.contact_id == m.CareContact.id)
                .where(m.CareTeamLink.patient_id == patient_id, m.CareTeamLink.active)
                .order_by(m.CareContact.name)
            ).all()
            payers = session.scalars(
                select(m.Insurance.payer)
                .where(m.Insurance.patient_id == patient_id, m.Insurance.active)
                .order_by(m.Insurance.rank)
            ).all()
        found = [PATIENT]
        for name, role, practice in contacts:
            who = f"{name} ({role})" if role and role != "other" else name
            found.append(f"{who}, {practice}" if practice else who)
        found.extend(payer for payer in payers if payer)
        return list(dict.fromkeys(found))

    def record(
        self,
        patient_id: int,
        *,
        what: str,
        recipient: str,
        purpose: str,
        document_id: int | None = None,
        description: str = "",
    ) -> None:
        """Log a disclosure made outside the app's own documents (a copy handed over)."""
        require(self._actor, Action.VIEW_DISCLOSURES)
        with self._sessions.begin() as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound("This patient is not in the clinic's records.")
            log_disclosure(
                session,
                self._actor,
                patient_id=patient_id,
                what=what,
                recipient=recipient,
                purpose=purpose,
                document_id=document_id,
                description=description,
            )
