"""Treatment summaries: the letter to a patient's PT or physician, previewed, then issued.

Issuing stores the exact PDF as an issued document (kind "summary": number, who, when, to
whom, period, content hash) and logs the disclosure in the same transaction: a letter that
left the clinic is always on the patient's accounting of disclosures. A reprint returns
the stored bytes.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.disclosures import KINDS
from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.patients import ContactView
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.reports.summary_content import SummaryContent
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.disclosures import log_disclosure
from sportacu_desktop.services.documents import emergency_mark, store_document
from sportacu_desktop.services.patient_views import contact_view, load_patient
from sportacu_desktop.services.summary_builder import (
    NothingToSummarize,
    SummaryRequest,
    gather_summary,
)
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.practice import CareContact

__all__ = ["IssuedSummary", "NothingToSummarize", "SummaryRequest", "Summaries"]
KIND = "summary"
PURPOSE = KINDS[KIND].default_purpose


@dataclass(frozen=True)
class EpisodeChoice:
    id: int
    title: str
    start_date: date
    end_date: date | None
    signed_visits: int

    @property
    def label(self) -> str:
        until = f"{self.end_date:%m/%d/%Y}" if self.end_date else "open"
        visits = f"{self.signed_visits} signed visit{'s' if self.signed_visits != 1 else ''}"
        return f"{self.title} ({self.start_date:%m/%d/%Y} – {until}, {visits})"


@dataclass(frozen=True)
class SummaryChoices:
    """What the dialog offers: the patient's episodes (newest first) and care team."""

    patient_name: str
    chart_number: str
    episodes: tuple[EpisodeChoice, ...]
    recipients: tuple[ContactView, ...]
    default_recipient_id: int | None


@dataclass(frozen=True)
class IssuedSummary:
    number: str
    document_id: int
    patient_id: int
    recipient: str
    issued_at: datetime
    sha256: str
    content: bytes


def recipient_words(contact: CareContact | None) -> str:
    if contact is None:
        return "Not addressed (handed to the patient or printed)"
    return ", ".join(x for x in (contact.name, contact.practice_name) if x)


def log_summary_disclosure(
    session: Session, actor: Actor, *, patient_id: int, recipient: str, document_id: int
) -> None:
    """The accounting of disclosures' entry for an issued summary (same transaction)."""
    log_disclosure(
        session,
        actor,
        patient_id=patient_id,
        what=KIND,
        recipient=recipient,
        purpose=PURPOSE,
        document_id=document_id,
    )


class Summaries:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def choices(self, patient_id: int) -> SummaryChoices:
        require(self._actor, Action.WRITE_SUMMARIES)
        with self._sessions() as session:
            patient = load_patient(session, patient_id)
            episodes = tuple(
                EpisodeChoice(e.id, e.title, e.start_date, e.end_date, count)
                for e, count in session.execute(
                    select(m.Episode, _signed_count(m.Episode.id))
                    .where(m.Episode.patient_id == patient_id)
                    .order_by(m.Episode.start_date.desc(), m.Episode.id.desc())
                )
            )
            links = session.execute(
                select(CareContact, m.CareTeamLink.is_referring)
                .join(m.CareTeamLink, m.CareTeamLink.contact_id == CareContact.id)
                .where(
                    m.CareTeamLink.patient_id == patient_id,
                    m.CareTeamLink.active,
                    CareContact.archived.is_(False),
                )
                .order_by(CareContact.name)
            ).all()
            recipients = tuple(contact_view(c, referring) for c, referring in links)
            return SummaryChoices(
                f"{patient.first_name} {patient.last_name}",
                patient.chart_number,
                episodes,
                recipients,
                _default_recipient(recipients),
            )

    def latest_episode_id(self, patient_id: int) -> int:
        """The episode with the most recent signed visit (what "the latest" means to a PT)."""
        require(self._actor, Action.WRITE_SUMMARIES)
        with self._sessions() as session:
            patient = load_patient(session, patient_id)
            found = session.scalar(
                select(m.Visit.episode_id)
                .where(
                    m.Visit.patient_id == patient_id,
                    m.Visit.status == "signed",
                    m.Visit.episode_id.is_not(None),
                )
                .order_by(m.Visit.visit_date.desc(), m.Visit.id.desc())
                .limit(1)
            )
            if found is None:
                raise NothingToSummarize(
                    f"Nothing to summarize: {patient.first_name} {patient.last_name} "
                    f"({patient.chart_number}) has no signed visit in an episode of care."
                )
            return found

    def content(self, request: SummaryRequest, *, today: date | None = None) -> SummaryContent:
        """What the letter would say, unnumbered: for the dialog's choices and preview."""
        require(self._actor, Action.WRITE_SUMMARIES)
        with self._sessions() as session:
            return self._content(session, request, today or date.today())

    def preview(self, request: SummaryRequest, *, today: date | None = None) -> bytes:
        """The PDF as it would be issued, marked as a preview; nothing is stored."""
        from sportacu_desktop.reports.summary import render_summary

        return render_summary(self.content(request, today=today))

    def issue(self, request: SummaryRequest, *, today: date | None = None) -> IssuedSummary:
        """Number, render, store and log the disclosure: all or nothing."""
        from sportacu_desktop.reports.summary import render_summary

        require(self._actor, Action.WRITE_SUMMARIES)
        with self._sessions.begin() as session:
            content = self._content(session, request, today or date.today())
            contact = (
                session.get(CareContact, request.recipient_id) if request.recipient_id else None
            )
            stored = store_document(
                session,
                self._actor,
                kind=KIND,
                patient_id=request.patient_id,
                render=lambda number: render_summary(replace(content, number=number)),
                description=_description(request, content),
                recipient_contact_id=contact.id if contact else None,
                period_start=content.period[0],
                period_end=content.period[1],
            )
            document = session.scalars(
                select(m.IssuedDocument).where(m.IssuedDocument.number == stored.number)
            ).one()
            recipient = recipient_words(contact)
            audit.record(
                session,
                self._actor,
                "issue",
                patient_id=request.patient_id,
                entity=KIND,
                entity_id=document.id,
                detail=f"{document.number} to {recipient}",
            )
            log_summary_disclosure(
                session,
                self._actor,
                patient_id=request.patient_id,
                recipient=recipient,
                document_id=document.id,
            )
            return IssuedSummary(
                document.number,
                document.id,
                request.patient_id,
                recipient,
                document.issued_at,
                document.sha256,
                document.content,
            )

    def reprint(self, number: str) -> bytes:
        """The issued letter's exact bytes."""
        require(self._actor, Action.WRITE_SUMMARIES)
        with self._sessions.begin() as session:
            document = session.scalar(
                select(m.IssuedDocument).where(
                    m.IssuedDocument.number == number, m.IssuedDocument.kind == KIND
                )
            )
            if document is None:
                raise NotFound(f"There is no treatment summary {number}.")
            audit.record(
                session,
                self._actor,
                "print",
                patient_id=document.patient_id,
                entity=KIND,
                entity_id=document.id,
                detail=f"{number} reprinted",
            )
            return document.content

    def _content(self, session: Session, request: SummaryRequest, today: date) -> SummaryContent:
        content = gather_summary(session, request, actor_user_id=self._actor.user_id, today=today)
        return replace(content, emergency_mark=emergency_mark(self._actor, today))


def _signed_count(episode_id):
    from sqlalchemy import func

    return (
        select(func.count(m.Visit.id))
        .where(m.Visit.episode_id == episode_id, m.Visit.status == "signed")
        .scalar_subquery()
    )


def _default_recipient(recipients: tuple[ContactView, ...]) -> int | None:
    """The patient's PT first (the usual reader), else the referring clinician."""
    for wanted in (lambda c: c.role == "PT", lambda c: c.is_referring, lambda c: True):
        for contact in recipients:
            if wanted(contact):
                return contact.id
    return None


def _description(request: SummaryRequest, content: SummaryContent) -> str:
    if request.episode_id is not None:
        return f"episode {request.episode_id}"
    first, last = content.period
    return f"period {first.isoformat()} to {last.isoformat()}"
