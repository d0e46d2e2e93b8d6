"""Charting a visit: start (optionally from the last one), autosave, save, sign, addenda."""

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.enums import EpisodeStatus, VisitStatus
from sportacu_desktop.domain.errors import Conflict, InvalidInput, NotFound, StaleEdit, UserError
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.safety import Finding, Level, needle_count_problem
from sportacu_desktop.domain.validation import storable_problem
from sportacu_desktop.domain.visit_rules import content_problems, documentation_problems
from sportacu_desktop.domain.visits import VisitContent, VisitNote
from sportacu_desktop.services import audit
from sportacu_desktop.services.billing_proposal import write_proposed_lines
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.safety_context import findings_for
from sportacu_desktop.services.signed_diagnoses import freeze
from sportacu_desktop.services.visit_lists import (  # noqa: F401 - VisitSummary re-exported
    VisitSummary,
    patient_visits,
    unsaved_drafts,
    usual_points,
)
from sportacu_desktop.services.visit_store import note_of, read_content, write_content
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.engine import durable_session
from sportacu_desktop.storage.signed_content import seals_of


class VisitLocked(Conflict):
    """The note is signed: it can only be amended with an addendum."""


class VisitStale(StaleEdit):
    def __init__(self, current: VisitNote):
        self.current = current
        super().__init__(
            "This note was changed on another workstation after you opened it. "
            "Your version was not saved over it; compare and save again."
        )


class ChooseEpisode(UserError):
    """The patient has several open episodes: the new visit must say which it belongs to."""

    def __init__(self, episodes: tuple[tuple[int, str], ...]):
        self.episodes = episodes  # (id, title), newest first
        super().__init__("This patient has several open episodes: choose one for the visit.")


class SigningRefused(InvalidInput):
    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("The note cannot be signed yet: " + " ".join(reasons))


class Charting:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    # -- reading ---------------------------------------------------------------------------
    def get(self, visit_id: int) -> VisitNote:
        require(self._actor, Action.READ_VISIT_NOTES)
        with self._sessions.begin() as session:
            visit = self._visit(session, visit_id)
            audit.record(
                session,
                self._actor,
                "view",
                patient_id=visit.patient_id,
                entity="visit",
                entity_id=visit_id,
            )
            return note_of(session, visit)

    def visits_of(self, patient_id: int) -> list[VisitSummary]:
        require(self._actor, Action.READ_VISIT_NOTES)
        with audit.read_unit(self._sessions, self._actor) as session:
            visits = patient_visits(session, patient_id)
            audit.record_emergency_read(
                session,
                self._actor,
                patient_id=patient_id,
                entity="visit",
                detail=f"list of {len(visits)} visits",
            )
            return visits

    def unsigned_drafts(self) -> list[VisitSummary]:
        """Drafts with typed text not yet saved as a note: offered back after a crash."""
        require(self._actor, Action.CHART_VISIT)
        with self._sessions() as session:
            return unsaved_drafts(session)

    def draft_payload(self, visit_id: int) -> str | None:
        require(self._actor, Action.READ_VISIT_NOTES)
        with audit.read_unit(self._sessions, self._actor) as session:
            draft = session.get(m.VisitDraft, visit_id)
            if draft is None:
                return None
            audit.record_emergency_read(
                session,
                self._actor,
                patient_id=self._visit(session, visit_id).patient_id,
                entity="visit",
                detail=f"typed draft of visit {visit_id}",
            )
            return draft.payload

    def most_used_points(self, patient_id: int, limit: int = 15) -> list[str]:
        """The patient's usual points, offered first while charting their visit."""
        require(self._actor, Action.CHART_VISIT)
        with self._sessions() as session:
            return usual_points(session, patient_id, limit)

    def safety(
        self, patient_id: int, content: VisitContent, at: datetime | None = None
    ) -> list[Finding]:
        """The safety checks of a note being charted (they read the patient's flags)."""
        require(self._actor, Action.CHART_VISIT)
        with self._sessions() as session:
            return findings_for(session, patient_id, content, at or datetime.now(UTC))

    # -- writing ---------------------------------------------------------------------------
    def start_visit(
        self,
        patient_id: int,
        *,
        episode_id: int | None = None,
        on: date | None = None,
        copy_forward: bool = False,
    ) -> VisitNote:
        require(self._actor, Action.CHART_VISIT)
        with self._sessions.begin() as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound(f"Patient {patient_id} does not exist.")
            open_episodes = session.execute(
                select(m.Episode.id, m.Episode.title)
                .where(m.Episode.patient_id == patient_id, m.Episode.status == EpisodeStatus.OPEN)
                .order_by(m.Episode.start_date.desc(), m.Episode.id.desc())
            ).all()
            if episode_id is None and len(open_episodes) > 1:
                raise ChooseEpisode(tuple((i, t) for i, t in open_episodes))
            if episode_id is None and open_episodes:
                episode_id = open_episodes[0][0]
            elif episode_id is not None and episode_id not in {i for i, _ in open_episodes}:
                raise NotFound(f"Episode {episode_id} is not an open episode of this patient.")
            visit = m.Visit(
                patient_id=patient_id,
                episode_id=episode_id,
                provider_id=self._provider_id(session),
                visit_date=on or date.today(),
                status=VisitStatus.DRAFT,
                created_by=self._actor.username,
                updated_by=self._actor.username,
            )
            session.add(visit)
            session.flush()
            if copy_forward:
                previous = session.scalar(
                    select(m.Visit)
                    .where(m.Visit.patient_id == patient_id, m.Visit.id != visit.id)
                    .order_by(m.Visit.visit_date.desc(), m.Visit.id.desc())
                    .limit(1)
                )
                if previous is not None:
                    write_content(session, visit, carried_forward(read_content(session, previous)))
            audit.record(
                session,
                self._actor,
                "create",
                patient_id=patient_id,
                entity="visit",
                entity_id=visit.id,
                detail="started" + (" from the last visit" if copy_forward else ""),
            )
            session.flush()
            return note_of(session, visit)

    def autosave(self, visit_id: int, payload: str) -> datetime:
        """Keep the editor's typed state, valid or not; refused only for a signed note."""
        require(self._actor, Action.CHART_VISIT)
        # The editor sends JSON, which escapes control characters; anything else that
        # cannot be stored as text on every backend is refused before the transaction.
        problem = storable_problem(payload, "draft", multiline=True)
        if problem:
            raise InvalidInput(problem)
        now = datetime.now(UTC)
        with self._sessions.begin() as session:
            visit = self._visit(session, visit_id)
            if visit.status == VisitStatus.SIGNED:
                raise VisitLocked("This note is signed; add an addendum instead.")
            draft = session.get(m.VisitDraft, visit_id)
            if draft is None:
                session.add(
                    m.VisitDraft(
                        visit_id=visit_id,
                        payload=payload,
                        saved_at=now,
                        saved_by=self._actor.username,
                    )
                )
            else:
                draft.payload, draft.saved_at, draft.saved_by = payload, now, self._actor.username
        return now

    def save(self, visit_id: int, content: VisitContent, expected_version: int) -> VisitNote:
        require(self._actor, Action.CHART_VISIT)
        content_problems(content).raise_if_any()
        with self._sessions.begin() as session:
            visit = self._editable(session, visit_id, expected_version)
            write_content(session, visit, content)
            visit.updated_by = self._actor.username
            session.execute(delete(m.VisitDraft).where(m.VisitDraft.visit_id == visit_id))
            audit.record(
                session,
                self._actor,
                "change",
                patient_id=visit.patient_id,
                entity="visit",
                entity_id=visit_id,
                detail="note saved",
            )
            session.flush()
            return note_of(session, visit)

    def sign(
        self,
        visit_id: int,
        content: VisitContent,
        expected_version: int,
        *,
        at: datetime | None = None,
    ) -> VisitNote:
        """Store and sign in one durable commit; afterwards the database refuses changes."""
        require(self._actor, Action.SIGN_NOTE)
        content_problems(content).raise_if_any()
        at = at or datetime.now(UTC)
        reasons = documentation_problems(content)
        problem = needle_count_problem(
            content.needles_in, content.needles_out, content.needle_count_exception
        )
        if problem:
            reasons.append(problem)
        with durable_session(self._sessions.kw["bind"]) as session:
            visit = self._editable(session, visit_id, expected_version)
            blocked = [
                f.message
                for f in findings_for(session, visit.patient_id, content, at)
                if f.level is Level.BLOCK
            ]
            if reasons or blocked:
                raise SigningRefused(reasons + blocked)
            write_content(session, visit, content)
            session.execute(delete(m.VisitDraft).where(m.VisitDraft.visit_id == visit_id))
            signer = self._provider_id(session)
            session.flush()
            freeze(session, visit)
            # One UPDATE: once status is 'signed' the database refuses any further change.
            visit.status, visit.signed_at, visit.signed_by_id = VisitStatus.SIGNED, at, signer
            visit.updated_by = self._actor.username
            session.flush()
            # The seal covers the note as stored, so everything signed is written by now.
            [(_id, seal)] = seals_of(session.connection(), [visit_id])
            audit.record(
                session,
                self._actor,
                "sign",
                patient_id=visit.patient_id,
                entity="visit",
                entity_id=visit_id,
                detail=f"{len(content.points)} points, {content.needles_in} needles " + seal.text(),
            )
            # The front desk bills from the signed chart: its lines are proposed now.
            write_proposed_lines(session, visit, self._actor.username)
            session.flush()
            return note_of(session, visit)

    def add_addendum(self, visit_id: int, reason: str, text: str) -> VisitNote:
        require(self._actor, Action.ADD_ADDENDUM)
        if not reason.strip() or not text.strip():
            raise InvalidInput("An addendum needs a reason and a text.")
        problem = storable_problem(reason, "reason") or storable_problem(
            text, "addendum", multiline=True
        )
        if problem:
            raise InvalidInput(problem)
        with self._sessions.begin() as session:
            visit = self._visit(session, visit_id)
            if visit.status != VisitStatus.SIGNED:
                raise InvalidInput("Only a signed note takes addenda; edit the draft instead.")
            session.add(
                m.Addendum(
                    visit_id=visit_id,
                    author_id=self._provider_id(session),
                    created_at=datetime.now(UTC),
                    reason=reason.strip()[:300],
                    text=text.strip(),
                )
            )
            audit.record(
                session,
                self._actor,
                "addendum",
                patient_id=visit.patient_id,
                entity="visit",
                entity_id=visit_id,
                detail=reason.strip()[:200],
            )
            session.flush()
            return note_of(session, visit)

    # -- helpers ---------------------------------------------------------------------------
    def _visit(self, session: Session, visit_id: int) -> m.Visit:
        visit = session.get(m.Visit, visit_id)
        if visit is None:
            raise NotFound(f"Visit {visit_id} does not exist.")
        return visit

    def _editable(self, session: Session, visit_id: int, expected_version: int) -> m.Visit:
        visit = self._visit(session, visit_id)
        if visit.status == VisitStatus.SIGNED:
            raise VisitLocked("This note is signed; add an addendum instead.")
        if visit.version != expected_version:
            raise VisitStale(note_of(session, visit))
        return visit

    def _provider_id(self, session: Session) -> int:
        if self._actor.user_id is not None:
            return self._actor.user_id
        found = session.scalar(
            select(m.User.id)
            .where(m.User.active, m.User.roles.like("%practitioner%"))
            .order_by(m.User.id)
            .limit(1)
        )
        if found is None:
            raise NotFound("No practitioner is set up in this clinic yet.")
        return found


def carried_forward(previous: VisitContent) -> VisitContent:
    """Today's starting point: the last visit's treatments and plan, never its findings."""
    return replace(
        VisitContent(),
        points=previous.points,
        dry_needling=previous.dry_needling,
        electro=previous.electro,
        cupping=previous.cupping,
        plan=previous.plan,
        recommendations=previous.recommendations,
        contact_minutes=previous.contact_minutes,
    )
