"""Issuing printed documents: rendered once, stored with a number, reprinted identically."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.disclosures import DisclosedTo
from sportacu_desktop.domain.documents import PatientLine, PracticeHeader, VisitNoteDocument
from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.disclosures import log_disclosure
from sportacu_desktop.services.signed_diagnoses import diagnoses_of_visit
from sportacu_desktop.services.visit_store import note_of
from sportacu_desktop.storage import models as m

PREFIX = {"visit_note": "VN", "superbill": "SB", "summary": "TS", "homecare": "HC"}


@dataclass(frozen=True)
class IssuedDocument:
    number: str
    kind: str
    issued_at: datetime
    content: bytes
    document_id: int = 0


def practice_header(session: Session) -> PracticeHeader:
    practice = session.scalar(select(m.Practice).order_by(m.Practice.id).limit(1))
    if practice is None:
        return PracticeHeader("", (), "")
    city = ", ".join(
        x for x in (practice.city, f"{practice.state} {practice.postal_code}".strip()) if x
    )
    lines = tuple(x for x in (practice.address_line1, practice.address_line2, city) if x)
    return PracticeHeader(practice.name, lines, practice.phone, practice.npi, practice.ein)


def next_number(session: Session, kind: str, year: int) -> str:
    prefix = f"{PREFIX[kind]}-{year}-"
    last = session.scalar(
        select(func.max(m.IssuedDocument.number)).where(m.IssuedDocument.number.like(prefix + "%"))
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def store_document(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    patient_id: int,
    render,
    description: str,
    **fields,
) -> IssuedDocument:
    """Render with the number it will carry, and store it."""
    row = add_document(
        session,
        actor,
        kind=kind,
        patient_id=patient_id,
        render=render,
        description=description,
        **fields,
    )
    return IssuedDocument(row.number, kind, row.issued_at, row.content, row.id)


def reissue_or_store(
    session: Session, actor: Actor, *, kind: str, patient_id: int, description: str, render
) -> IssuedDocument:
    """The latest issue of this document when rendering it again gives the same bytes (a
    reprint), else a newly numbered one: nothing changed means nothing new is issued."""
    earlier = session.scalars(
        select(m.IssuedDocument)
        .where(m.IssuedDocument.kind == kind, m.IssuedDocument.description == description)
        .order_by(m.IssuedDocument.id.desc())
    ).first()
    if earlier is not None and render(earlier.number) == earlier.content:
        return IssuedDocument(earlier.number, kind, earlier.issued_at, earlier.content, earlier.id)
    return store_document(
        session, actor, kind=kind, patient_id=patient_id, render=render, description=description
    )


def print_visit_document(
    session: Session,
    actor: Actor,
    visit: m.Visit,
    *,
    kind: str,
    entity: str,
    label: str,
    render,
    disclosed_to: DisclosedTo | None,
) -> IssuedDocument:
    """A document of one visit printed: reissued or numbered anew, the print in the audit
    trail, and, when it is handed to someone, the disclosure logged."""
    issued = reissue_or_store(
        session,
        actor,
        kind=kind,
        patient_id=visit.patient_id,
        description=f"visit {visit.id}",
        render=render,
    )
    audit.record(
        session,
        actor,
        "print",
        patient_id=visit.patient_id,
        entity=entity,
        entity_id=visit.id,
        detail=issued.number,
    )
    if disclosed_to is not None:
        log_disclosure(
            session,
            actor,
            patient_id=visit.patient_id,
            what=kind,
            recipient=disclosed_to.recipient,
            purpose=disclosed_to.purpose,
            document_id=issued.document_id,
            description=f"{label} {issued.number} of {visit.visit_date:%b %d, %Y}",
        )
    return issued


def add_document(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    patient_id: int,
    render,
    description: str,
    **fields,
) -> m.IssuedDocument:
    """``store_document``'s stored row, for a service that goes on to link rows to it."""
    now = datetime.now(UTC)
    number = next_number(session, kind, now.year)
    content = render(number)
    digest = hashlib.sha256(content).hexdigest()
    row = m.IssuedDocument(
        number=number,
        kind=kind,
        patient_id=patient_id,
        issued_at=now,
        issued_by=actor.username,
        description=description,
        sha256=digest,
        content=content,
        **fields,
    )
    session.add(row)
    session.flush()
    return row


def emergency_mark(actor: Actor, on: date) -> str:
    """What every page printed under emergency access says about it; empty otherwise."""
    if not actor.emergency:
        return ""
    return (
        f"PRINTED UNDER EMERGENCY ACCESS by {actor.display_name} ({actor.username}) "
        f"on {on:%b %d, %Y}. Reason: {actor.emergency_reason}"
    )


class Documents:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def visit_note_pdf(
        self, visit_id: int, disclosed_to: DisclosedTo | None = None
    ) -> IssuedDocument:
        """The signed note as issued; given to someone outside the clinic when
        ``disclosed_to`` says who (logged with it), kept in the clinic otherwise."""
        from sportacu_desktop.reports.visit_note import render_visit_note

        require(self._actor, Action.PRINT_VISIT_NOTE)
        with self._sessions.begin() as session:
            visit = session.get(m.Visit, visit_id)
            if visit is None:
                raise NotFound(f"Visit {visit_id} does not exist.")
            if visit.status != VisitStatus.SIGNED:
                raise InvalidInput("Only a signed note can be printed; sign it first.")
            note = note_of(session, visit)
            patient = session.get_one(m.Patient, visit.patient_id)
            episode = session.get(m.Episode, visit.episode_id) if visit.episode_id else None
            diagnoses = diagnoses_of_visit(session, visit)

            def render(number: str) -> bytes:
                return render_visit_note(
                    VisitNoteDocument(
                        number=number,
                        practice=practice_header(session),
                        patient=PatientLine(
                            f"{patient.first_name} {patient.last_name}",
                            patient.date_of_birth,
                            patient.chart_number,
                            patient.sex,
                        ),
                        episode_title=episode.title if episode else "",
                        diagnoses=diagnoses,
                        note=note,
                        emergency_mark=emergency_mark(self._actor, date.today()),
                    )
                )

            issued = print_visit_document(
                session,
                self._actor,
                visit,
                kind="visit_note",
                entity="visit",
                label="Visit note",
                render=render,
                disclosed_to=disclosed_to,
            )
            return issued
