"""Episodes of care: open, edit and discharge them, their diagnoses, outcome measures and
recovery markers. Each call is one transaction; reading goes through ``episode_views``."""

import json
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import EpisodeStatus
from sportacu_desktop.domain.episodes import (
    DischargeReason,
)
from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.icd import normalize
from sportacu_desktop.domain.outcomes import (
    INSTRUMENTS,
    psfs_score,
    score_problem,
)
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.race_calendar import SuggestedVisit
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.episode_views import (
    EpisodeView,
    PatientCare,
    episode_view,
    patient_care,
    suggested_visit,
)
from sportacu_desktop.services.icd import describe, icd_problem
from sportacu_desktop.storage import models as m

MAX_DIAGNOSES = 12  # CMS-1500 box 21, A–L
__all__ = ["EpisodeView", "Episodes", "MAX_DIAGNOSES", "PatientCare"]


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


def _onset(errors: v.FieldErrors, text: str, today: date, *, maintenance: bool) -> date | None:
    if not text.strip():
        if not maintenance:
            errors.add("onset_date", "Enter when the problem started (roughly is fine).")
        return None
    try:
        onset = v.parse_date(text)
    except ValueError as exc:
        errors.add("onset_date", str(exc))
        return None
    if onset > today:
        errors.add("onset_date", "The onset cannot be in the future.")
    return onset


class Episodes:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    # -- reading ---------------------------------------------------------------------------
    def of_patient(self, patient_id: int, *, today: date | None = None) -> list[EpisodeView]:
        return list(self.care(patient_id, today=today).episodes)

    def care(self, patient_id: int, *, today: date | None = None) -> PatientCare:
        require(self._actor, Action.READ_EPISODES)
        with audit.read_unit(self._sessions, self._actor) as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound(f"Patient {patient_id} does not exist.")
            care = patient_care(session, patient_id, today or date.today())
            audit.record_emergency_read(
                session,
                self._actor,
                patient_id=patient_id,
                entity="episode",
                detail=f"{len(care.episodes)} episodes of care",
            )
            return care

    def get(self, episode_id: int, *, today: date | None = None) -> EpisodeView:
        require(self._actor, Action.READ_EPISODES)
        with audit.read_unit(self._sessions, self._actor) as session:
            episode = self._episode(session, episode_id)
            audit.record_emergency_read(
                session,
                self._actor,
                patient_id=episode.patient_id,
                entity="episode",
                detail=f"episode {episode_id}",
            )
            return episode_view(session, episode, today or date.today())

    def next_visit(self, patient_id: int, *, today: date | None = None) -> SuggestedVisit:
        """For the chart header: the front desk books it, so it may read it too."""
        require(self._actor, Action.SEE_NEXT_VISIT)
        with self._sessions() as session:
            return suggested_visit(session, patient_id, today or date.today())

    # -- writing ---------------------------------------------------------------------------
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
        require(self._actor, Action.MANAGE_EPISODES)
        today = today or date.today()
        errors = v.FieldErrors()
        errors.add("title", v.required(title, "episode title"))
        errors.add("title", v.storable_problem(title, "title"))
        onset = _onset(errors, onset_date, today, maintenance=maintenance)
        codes = self._codes_into(errors, diagnoses)
        errors.raise_if_any()
        with self._sessions.begin() as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound(f"Patient {patient_id} does not exist.")
            episode = m.Episode(
                patient_id=patient_id,
                title=title.strip()[:200],
                onset_date=onset,
                start_date=today,
                recurring=recurring,
                maintenance=maintenance,
                status=EpisodeStatus.OPEN,
                created_by=self._actor.username,
                updated_by=self._actor.username,
            )
            session.add(episode)
            session.flush()
            self._write_codes(session, episode.id, codes)
            self._audit(session, episode, "create", f"{title.strip()[:80]}: {', '.join(codes)}")
            session.flush()
            return episode_view(session, episode, today)

    def update(
        self,
        episode_id: int,
        *,
        title: str,
        onset_date: str,
        diagnoses: list[str],
        recurring: bool,
        maintenance: bool,
        today: date | None = None,
    ) -> EpisodeView:
        """Edit everything but the start date; all or nothing."""
        require(self._actor, Action.MANAGE_EPISODES)
        today = today or date.today()
        errors = v.FieldErrors()
        errors.add("title", v.required(title, "episode title"))
        errors.add("title", v.storable_problem(title, "title"))
        onset = _onset(errors, onset_date, today, maintenance=maintenance)
        codes = self._codes_into(errors, diagnoses)
        errors.raise_if_any()
        with self._sessions.begin() as session:
            episode = self._episode(session, episode_id)
            episode.title, episode.onset_date = title.strip()[:200], onset
            episode.recurring, episode.maintenance = recurring, maintenance
            episode.updated_by = self._actor.username
            session.execute(delete(m.Diagnosis).where(m.Diagnosis.episode_id == episode_id))
            self._write_codes(session, episode_id, codes)
            self._audit(session, episode, "change", f"edited: {', '.join(codes)}")
            session.flush()
            return episode_view(session, episode, today)

    def set_diagnoses(self, episode_id: int, diagnoses: list[str]) -> EpisodeView:
        require(self._actor, Action.MANAGE_EPISODES)
        codes = _check_codes(diagnoses)
        with self._sessions.begin() as session:
            episode = self._episode(session, episode_id)
            session.execute(delete(m.Diagnosis).where(m.Diagnosis.episode_id == episode_id))
            self._write_codes(session, episode_id, codes)
            self._audit(session, episode, "change", ", ".join(codes))
            session.flush()
            return episode_view(session, episode, date.today())

    def add_diagnoses(self, episode_id: int, codes: list[str]) -> EpisodeView:
        """A protocol template's suggested diagnoses, after the ones already there."""
        require(self._actor, Action.MANAGE_EPISODES)
        with self._sessions() as session:
            current = [
                c
                for c in session.scalars(
                    select(m.Diagnosis.code)
                    .where(m.Diagnosis.episode_id == episode_id)
                    .order_by(m.Diagnosis.rank)
                )
            ]
        wanted = current + [normalize(c) for c in codes if normalize(c) not in current]
        return self.set_diagnoses(episode_id, wanted)

    def discharge(
        self, episode_id: int, reason: str | DischargeReason, *, on: date | None = None
    ) -> EpisodeView:
        require(self._actor, Action.MANAGE_EPISODES)
        try:
            why = DischargeReason(reason)
        except ValueError:
            raise v.FieldErrors({"reason": "Choose why the episode ends."}) from None
        on = on or date.today()
        with self._sessions.begin() as session:
            episode = self._episode(session, episode_id)
            if episode.status != "open":
                raise v.FieldErrors({"reason": "This episode is already discharged."})
            if on < episode.start_date:
                raise v.FieldErrors({"end_date": "An episode cannot end before it started."})
            episode.status, episode.end_date = "closed", on
            episode.discharge_reason = why.value
            episode.updated_by = self._actor.username
            self._audit(session, episode, "change", f"discharged: {why.label}")
            session.flush()
            return episode_view(session, episode, on)

    def close(self, episode_id: int, *, on: date | None = None) -> None:
        self.discharge(episode_id, DischargeReason.GOALS_MET, on=on)

    def record_score(
        self,
        episode_id: int,
        instrument: str,
        score: float,
        *,
        measured_on: date | None = None,
        visit_id: int | None = None,
        detail: str = "",
    ) -> None:
        """An outcome measure (or a recovery marker) for the episode's patient."""
        require(self._actor, Action.RECORD_MEASURES)
        problem = score_problem(instrument, score)
        if problem:
            raise v.FieldErrors({"score": problem})
        with self._sessions.begin() as session:
            episode = self._episode(session, episode_id)
            self._add_score(
                session,
                episode.patient_id,
                episode_id,
                visit_id,
                instrument,
                score,
                measured_on,
                detail,
            )

    def record_psfs(
        self,
        episode_id: int,
        activities: list[tuple[str, float]],
        *,
        measured_on: date | None = None,
        visit_id: int | None = None,
    ) -> float:
        """3–5 activities the patient chose, each 0–10; stores and returns their mean."""
        total, problem = psfs_score(activities)
        if problem:
            raise v.FieldErrors({"psfs": problem})
        assert total is not None  # psfs_score gives a total whenever it finds no problem
        detail = json.dumps([[name.strip(), value] for name, value in activities if name.strip()])
        self.record_score(
            episode_id, "PSFS", total, measured_on=measured_on, visit_id=visit_id, detail=detail
        )
        return total

    def record_markers(
        self,
        patient_id: int,
        markers: dict[str, float],
        *,
        measured_on: date | None = None,
        visit_id: int | None = None,
    ) -> None:
        """Recovery markers (HRV, resting HR, sleep, weekly volume): all valid or none kept."""
        require(self._actor, Action.RECORD_MEASURES)
        errors = v.FieldErrors()
        for key, value in markers.items():
            spec = INSTRUMENTS.get(key)
            errors.add(
                key,
                "Not a recovery marker."
                if not spec or not spec.recovery_marker
                else score_problem(key, value),
            )
        errors.raise_if_any()
        with self._sessions.begin() as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound(f"Patient {patient_id} does not exist.")
            for key, value in markers.items():
                self._add_score(session, patient_id, None, visit_id, key, value, measured_on, "")

    # -- helpers ---------------------------------------------------------------------------
    def _add_score(
        self, session, patient_id, episode_id, visit_id, instrument, score, measured_on, detail
    ) -> None:
        if visit_id is not None:
            visit = session.get(m.Visit, visit_id)
            if visit is None or visit.patient_id != patient_id:
                raise NotFound(f"Visit {visit_id} is not this patient's.")
            if visit.status == "signed":
                raise v.FieldErrors(
                    {
                        "score": "This visit is signed: record the measure on its own or in "
                        "the next visit."
                    }
                )
        session.add(
            m.OutcomeMeasure(
                patient_id=patient_id,
                episode_id=episode_id,
                visit_id=visit_id,
                instrument=instrument,
                measured_on=measured_on or date.today(),
                score=float(score),
                detail=detail,
                created_by=self._actor.username,
                updated_by=self._actor.username,
            )
        )
        audit.record(
            session,
            self._actor,
            "create",
            patient_id=patient_id,
            entity="outcome_measure",
            detail=f"{instrument} {score:g}",
        )

    @staticmethod
    def _codes_into(errors: v.FieldErrors, diagnoses: list[str]) -> list[str]:
        try:
            return _check_codes(diagnoses)
        except v.FieldErrors as bad:
            errors.errors.update({k: e for k, e in bad.errors.items() if k not in errors.errors})
            return []

    @staticmethod
    def _episode(session: Session, episode_id: int) -> m.Episode:
        episode = session.get(m.Episode, episode_id)
        if episode is None:
            raise NotFound(f"Episode {episode_id} does not exist.")
        return episode

    def _audit(self, session: Session, episode: m.Episode, action: str, detail: str) -> None:
        audit.record(
            session,
            self._actor,
            action,
            patient_id=episode.patient_id,
            entity="episode",
            entity_id=episode.id,
            detail=detail,
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
