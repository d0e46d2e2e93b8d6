"""Episodes of care: diagnoses, chronicity and session bands, outcome measures and MCID."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.episodes import Chronicity, SessionPlan, chronicity, session_plan
from sportacu_desktop.domain.icd import normalize
from sportacu_desktop.domain.outcomes import Score, reconsider_approach, score_problem
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.icd import describe, icd_problem
from sportacu_desktop.storage import models as m

MAX_DIAGNOSES = 12  # CMS-1500 box 21, A–L


@dataclass(frozen=True)
class EpisodeView:
    id: int
    patient_id: int
    title: str
    onset_date: date | None
    start_date: date
    end_date: date | None
    status: str
    diagnoses: tuple[tuple[str, str], ...]  # (code, description), primary first
    chronicity: Chronicity
    plan: SessionPlan
    sessions: int
    scores: tuple[Score, ...]
    review: str | None  # "reconsider the approach" message, when the rule fires


def _check_codes(codes: list[str]) -> list[str]:
    cleaned = [normalize(c) for c in codes if c.strip()]
    errors = v.FieldErrors()
    if len(cleaned) > MAX_DIAGNOSES:
        errors.add("diagnoses", f"A claim holds at most {MAX_DIAGNOSES} diagnoses.")
    if len(set(cleaned)) != len(cleaned):
        errors.add("diagnoses", "A diagnosis is listed twice.")
    for code in cleaned:
        errors.add("diagnoses", icd_problem(code))
    errors.raise_if_any()
    return cleaned


class Episodes:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def of_patient(self, patient_id: int, *, today: date | None = None) -> list[EpisodeView]:
        require(self._actor, Role.PRACTITIONER)
        with self._sessions() as session:
            episodes = session.scalars(
                select(m.Episode)
                .where(m.Episode.patient_id == patient_id)
                .order_by(m.Episode.start_date.desc())
            ).all()
            return [self._view(session, e, today or date.today()) for e in episodes]

    def get(self, episode_id: int, *, today: date | None = None) -> EpisodeView:
        require(self._actor, Role.PRACTITIONER)
        with self._sessions() as session:
            episode = session.get(m.Episode, episode_id)
            if episode is None:
                raise LookupError(f"Episode {episode_id} does not exist.")
            return self._view(session, episode, today or date.today())

    def create(
        self,
        patient_id: int,
        *,
        title: str,
        onset_date: str,
        diagnoses: list[str],
        recurring: bool = False,
        maintenance: bool = False,
        today: date | None = None,
    ) -> EpisodeView:
        require(self._actor, Role.PRACTITIONER)
        today = today or date.today()
        errors = v.FieldErrors()
        errors.add("title", v.required(title, "episode title"))
        errors.add("title", v.storable_problem(title, "title"))
        onset = None
        if onset_date.strip():
            try:
                onset = v.parse_date(onset_date)
            except ValueError as exc:
                errors.add("onset_date", str(exc))
            else:
                if onset > today:
                    errors.add("onset_date", "The onset cannot be in the future.")
        elif not maintenance:
            errors.add("onset_date", "Enter when the problem started (roughly is fine).")
        try:
            codes = _check_codes(diagnoses)
        except v.FieldErrors as bad:
            errors.errors.update({k: e for k, e in bad.errors.items() if k not in errors.errors})
            codes = []
        errors.raise_if_any()
        with self._sessions.begin() as session:
            if session.get(m.Patient, patient_id) is None:
                raise LookupError(f"Patient {patient_id} does not exist.")
            episode = m.Episode(
                patient_id=patient_id,
                title=title.strip()[:200],
                onset_date=onset,
                start_date=today,
                recurring=recurring,
                maintenance=maintenance,
                status="open",
                created_by=self._actor.username,
                updated_by=self._actor.username,
            )
            session.add(episode)
            session.flush()
            self._write_codes(session, episode.id, codes)
            audit.record(
                session,
                self._actor,
                "create",
                patient_id=patient_id,
                entity="episode",
                entity_id=episode.id,
                detail=f"{title.strip()[:80]}: {', '.join(codes)}",
            )
            session.flush()
            return self._view(session, episode, today)

    def set_diagnoses(self, episode_id: int, diagnoses: list[str]) -> EpisodeView:
        require(self._actor, Role.PRACTITIONER)
        codes = _check_codes(diagnoses)
        with self._sessions.begin() as session:
            episode = session.get(m.Episode, episode_id)
            if episode is None:
                raise LookupError(f"Episode {episode_id} does not exist.")
            session.execute(delete(m.Diagnosis).where(m.Diagnosis.episode_id == episode_id))
            self._write_codes(session, episode_id, codes)
            audit.record(
                session,
                self._actor,
                "change",
                patient_id=episode.patient_id,
                entity="episode",
                entity_id=episode_id,
                detail=", ".join(codes),
            )
            session.flush()
            return self._view(session, episode, date.today())

    def close(self, episode_id: int, *, on: date | None = None) -> None:
        require(self._actor, Role.PRACTITIONER)
        with self._sessions.begin() as session:
            episode = session.get(m.Episode, episode_id)
            if episode is None:
                raise LookupError(f"Episode {episode_id} does not exist.")
            episode.status, episode.end_date = "closed", on or date.today()
            episode.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "change",
                patient_id=episode.patient_id,
                entity="episode",
                entity_id=episode_id,
                detail="closed",
            )

    def record_score(
        self,
        episode_id: int,
        instrument: str,
        score: float,
        *,
        measured_on: date | None = None,
        visit_id: int | None = None,
    ) -> None:
        require(self._actor, Role.PRACTITIONER)
        problem = score_problem(instrument, score)
        if problem:
            raise v.FieldErrors({"score": problem})
        with self._sessions.begin() as session:
            episode = session.get(m.Episode, episode_id)
            if episode is None:
                raise LookupError(f"Episode {episode_id} does not exist.")
            session.add(
                m.OutcomeMeasure(
                    patient_id=episode.patient_id,
                    episode_id=episode_id,
                    visit_id=visit_id,
                    instrument=instrument,
                    measured_on=measured_on or date.today(),
                    score=float(score),
                    created_by=self._actor.username,
                    updated_by=self._actor.username,
                )
            )
            audit.record(
                session,
                self._actor,
                "create",
                patient_id=episode.patient_id,
                entity="outcome_measure",
                detail=f"{instrument} {score:g}",
            )

    def _write_codes(self, session: Session, episode_id: int, codes: list[str]) -> None:
        for rank, code in enumerate(codes, start=1):
            session.add(
                m.Diagnosis(
                    episode_id=episode_id,
                    rank=rank,
                    code=code,
                    description=describe(code)[:300],
                    created_by=self._actor.username,
                    updated_by=self._actor.username,
                )
            )

    def _view(self, session: Session, episode: m.Episode, today: date) -> EpisodeView:
        diagnoses = tuple(
            (d.code, d.description)
            for d in session.scalars(
                select(m.Diagnosis)
                .where(m.Diagnosis.episode_id == episode.id)
                .order_by(m.Diagnosis.rank)
            )
        )
        sessions = (
            session.scalar(
                select(func.count(m.Visit.id)).where(
                    m.Visit.episode_id == episode.id, m.Visit.status == "signed"
                )
            )
            or 0
        )
        scores = tuple(
            Score(o.instrument, o.measured_on, o.score)
            for o in session.scalars(
                select(m.OutcomeMeasure)
                .where(m.OutcomeMeasure.episode_id == episode.id)
                .order_by(m.OutcomeMeasure.measured_on, m.OutcomeMeasure.id)
            )
        )
        if episode.maintenance:
            band = Chronicity.MAINTENANCE
        else:
            band = chronicity(
                episode.onset_date or episode.start_date,
                episode.start_date,
                recurring=episode.recurring,
            )
        review = None if episode.maintenance else reconsider_approach(sessions, list(scores))
        return EpisodeView(
            episode.id,
            episode.patient_id,
            episode.title,
            episode.onset_date,
            episode.start_date,
            episode.end_date,
            episode.status,
            diagnoses,
            band,
            session_plan(band),
            sessions,
            scores,
            review,
        )
