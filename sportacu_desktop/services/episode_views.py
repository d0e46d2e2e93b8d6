"""What the chart shows about a patient's care: episodes with their bands and progress, the
outcome series, the race calendar and the next suggested visit. Read-only; plain objects."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.episodes import (
    Chronicity,
    SessionPlan,
    chronicity,
    reassessment_due,
    session_count_text,
    session_plan,
)
from sportacu_desktop.domain.outcomes import (
    RECOVERY_MARKERS,
    Progress,
    Score,
    overtraining_flag,
    progress,
)
from sportacu_desktop.domain.race_calendar import Race, SuggestedVisit, next_visit
from sportacu_desktop.storage import models as m


@dataclass(frozen=True)
class EpisodeView:
    id: int
    patient_id: int
    title: str
    onset_date: date | None
    start_date: date
    end_date: date | None
    status: str  # open or closed
    discharge_reason: str
    recurring: bool
    maintenance: bool
    diagnoses: tuple[tuple[str, str], ...]  # (code, description), primary first
    chronicity: Chronicity
    plan: SessionPlan
    sessions: int  # signed visits in the episode
    visit_dates: tuple[date, ...]  # of those signed visits
    scores: tuple[Score, ...]
    progress: Progress
    reassess: str | None
    next_visit: SuggestedVisit | None

    @property
    def review(self) -> str | None:
        """The "reconsider the approach" message, when the seed's rule fires."""
        return self.progress.message

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def session_text(self) -> str:
        return session_count_text(self.plan, self.sessions)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "discharge_reason": self.discharge_reason or None,
            "onset_date": self.onset_date.isoformat() if self.onset_date else None,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "chronicity": self.chronicity.value,
            "expected_sessions": list(self.plan.expected) if self.plan.expected else None,
            "sessions": self.sessions,
            "diagnoses": [{"code": c, "description": d} for c, d in self.diagnoses],
            "reconsider": self.progress.reconsider,
            "reconsider_message": self.progress.message,
            "measures": [
                {"instrument": c.instrument, "trend": c.trend.value, "change": c.change}
                for c in self.progress.changes
            ],
            "reassess": self.reassess,
            "next_visit": self.next_visit.on.isoformat() if self.next_visit else None,
            "next_visit_reason": self.next_visit.reason if self.next_visit else None,
        }


@dataclass(frozen=True)
class CalendarRace:
    name: str
    race_date: date
    distance: str
    priority: str


@dataclass(frozen=True)
class PatientCare:
    """Everything the episode panel, the plots and the race calendar draw for one patient."""

    patient_id: int
    today: date
    training_phase: str
    episodes: tuple[EpisodeView, ...]  # open first, then the newest
    races: tuple[CalendarRace, ...]
    visit_dates: tuple[date, ...]  # every signed visit
    markers: tuple[Score, ...]  # recovery markers over time
    overtraining: str | None
    # Always one: the soonest of the open episodes' suggestions, else the general rule's.
    next_visit: SuggestedVisit

    @property
    def open_episodes(self) -> tuple[EpisodeView, ...]:
        return tuple(e for e in self.episodes if e.is_open)


@dataclass(frozen=True)
class _Context:
    phase: str
    races: tuple[CalendarRace, ...]
    last_visit: date | None


def _context(session: Session, patient_id: int) -> _Context:
    phase = session.scalar(
        select(m.AthleteProfile.training_phase).where(m.AthleteProfile.patient_id == patient_id)
    )
    races = tuple(
        CalendarRace(r.name, r.race_date, r.distance, r.priority)
        for r in session.scalars(
            select(m.Race)
            .where(m.Race.patient_id == patient_id, m.Race.archived.is_(False))
            .order_by(m.Race.race_date)
        )
    )
    last = session.scalar(
        select(func.max(m.Visit.visit_date)).where(
            m.Visit.patient_id == patient_id, m.Visit.status == "signed"
        )
    )
    return _Context(phase or "base", races, last)


def _suggest(context: _Context, today: date, band: Chronicity | None) -> SuggestedVisit:
    races = [Race(r.name, r.race_date, r.priority) for r in context.races]
    return next_visit(
        today, last_visit=context.last_visit, phase=context.phase, races=races, episode=band
    )


def episode_view(
    session: Session, episode: m.Episode, today: date, context: _Context | None = None
) -> EpisodeView:
    context = context or _context(session, episode.patient_id)
    diagnoses = tuple(
        (d.code, d.description)
        for d in session.scalars(
            select(m.Diagnosis)
            .where(m.Diagnosis.episode_id == episode.id)
            .order_by(m.Diagnosis.rank)
        )
    )
    visit_dates = tuple(
        session.scalars(
            select(m.Visit.visit_date)
            .where(m.Visit.episode_id == episode.id, m.Visit.status == "signed")
            .order_by(m.Visit.visit_date)
        )
    )
    scores = tuple(
        Score(o.instrument, o.measured_on, o.score)
        for o in session.scalars(
            select(m.OutcomeMeasure)
            .where(
                m.OutcomeMeasure.episode_id == episode.id,
                m.OutcomeMeasure.instrument.not_in(RECOVERY_MARKERS),
            )
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
    plan = session_plan(band)
    sessions = len(visit_dates)
    is_open = episode.status == "open"
    checked = progress(sessions, list(scores)) if band is not Chronicity.MAINTENANCE else None
    return EpisodeView(
        episode.id,
        episode.patient_id,
        episode.title,
        episode.onset_date,
        episode.start_date,
        episode.end_date,
        episode.status,
        episode.discharge_reason or "",
        episode.recurring,
        episode.maintenance,
        diagnoses,
        band,
        plan,
        sessions,
        visit_dates,
        scores,
        checked or progress(0, list(scores)),
        reassessment_due(plan, sessions) if is_open else None,
        _suggest(context, today, band) if is_open else None,
    )


def patient_care(session: Session, patient_id: int, today: date) -> PatientCare:
    context = _context(session, patient_id)
    episodes = session.scalars(
        select(m.Episode)
        .where(m.Episode.patient_id == patient_id)
        .order_by(
            (m.Episode.status == "open").desc(), m.Episode.start_date.desc(), m.Episode.id.desc()
        )
    ).all()
    views = tuple(episode_view(session, e, today, context) for e in episodes)
    markers = tuple(
        Score(o.instrument, o.measured_on, o.score)
        for o in session.scalars(
            select(m.OutcomeMeasure)
            .where(
                m.OutcomeMeasure.patient_id == patient_id,
                m.OutcomeMeasure.instrument.in_(RECOVERY_MARKERS),
            )
            .order_by(m.OutcomeMeasure.measured_on, m.OutcomeMeasure.id)
        )
    )
    visit_dates = tuple(
        session.scalars(
            select(m.Visit.visit_date)
            .where(m.Visit.patient_id == patient_id, m.Visit.status == "signed")
            .order_by(m.Visit.visit_date)
        )
    )
    suggestions = [e.next_visit for e in views if e.next_visit is not None]
    overall = (
        min(suggestions, key=lambda s: s.on) if suggestions else _suggest(context, today, None)
    )
    return PatientCare(
        patient_id,
        today,
        context.phase,
        views,
        context.races,
        visit_dates,
        markers,
        overtraining_flag(list(markers)),
        overall,
    )


def suggested_visit(session: Session, patient_id: int, today: date) -> SuggestedVisit:
    """The next suggested visit alone (for the chart header): open episodes first."""
    return patient_care(session, patient_id, today).next_visit
