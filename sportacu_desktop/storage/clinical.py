"""Episodes of care, diagnoses, visits (SOAP) and everything charted in a visit."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from sportacu_desktop.domain.enums import EpisodeStatus, VisitStatus
from sportacu_desktop.storage.base import Base, Tracked


class Episode(Tracked, Base):
    __tablename__ = "episode"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    onset_date: Mapped[date | None]
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    recurring: Mapped[bool] = mapped_column(default=False)
    maintenance: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default=EpisodeStatus.OPEN.value)
    # goals_met, referred_out, stopped, maintenance (domain.episodes.DischargeReason)
    discharge_reason: Mapped[str] = mapped_column(String(20), default="", server_default="")


class Diagnosis(Tracked, Base):
    __tablename__ = "diagnosis"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episode.id"), index=True)
    rank: Mapped[int] = mapped_column(default=1)  # 1 = primary
    code: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(300), default="")


class Visit(Tracked, Base):
    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episode.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    visit_date: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(10), default=VisitStatus.DRAFT.value)
    pain_nrs: Mapped[int | None]
    response_to_last: Mapped[str] = mapped_column(Text, default="")
    training_since: Mapped[str] = mapped_column(Text, default="")
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    palpation: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    contact_minutes: Mapped[int] = mapped_column(default=0)
    needles_in: Mapped[int] = mapped_column(default=0)
    needles_out: Mapped[int] = mapped_column(default=0)
    needle_count_exception: Mapped[str] = mapped_column(Text, default="")
    # Billable facts: e-stim in the first 15 minutes, each needle re-insertion in order
    # ("E" followed by e-stim, "M" without), a separately identifiable evaluation.
    estim_first_block: Mapped[bool] = mapped_column(default=False, server_default=false())
    needle_reinsertions: Mapped[str] = mapped_column(String(40), default="", server_default="")
    separate_evaluation: Mapped[bool] = mapped_column(default=False, server_default=false())
    signed_at: Mapped[datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    __table_args__ = (Index("ix_visit_patient_date", "patient_id", "visit_date"),)


class _VisitItem:
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)


class SpecialTestResult(_VisitItem, Base):
    __tablename__ = "special_test_result"

    region: Mapped[str] = mapped_column(String(40))
    test_name: Mapped[str] = mapped_column(String(80))
    side: Mapped[str] = mapped_column(String(1), default="B")
    result: Mapped[str] = mapped_column(String(20))  # positive / negative / equivocal
    note: Mapped[str] = mapped_column(Text, default="")


class RangeOfMotion(_VisitItem, Base):
    __tablename__ = "range_of_motion"

    joint: Mapped[str] = mapped_column(String(40))
    motion: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(1), default="B")
    degrees: Mapped[int]


class MuscleTest(_VisitItem, Base):
    __tablename__ = "muscle_test"

    muscle: Mapped[str] = mapped_column(String(80))
    side: Mapped[str] = mapped_column(String(1), default="B")
    grade: Mapped[int]  # 0–5


class PointTreatment(_VisitItem, Base):
    __tablename__ = "point_treatment"

    point_code: Mapped[str] = mapped_column(String(12))
    side: Mapped[str] = mapped_column(String(1), default="B")
    technique: Mapped[str] = mapped_column(String(60), default="")
    gauge: Mapped[str] = mapped_column(String(10), default="")
    length_mm: Mapped[int | None]
    retention_minutes: Mapped[int | None]


class DryNeedling(_VisitItem, Base):
    __tablename__ = "dry_needling"

    muscle: Mapped[str] = mapped_column(String(80))
    side: Mapped[str] = mapped_column(String(1), default="B")
    twitch_response: Mapped[bool] = mapped_column(default=False)
    needles: Mapped[int] = mapped_column(default=1)


class ElectroStim(_VisitItem, Base):
    __tablename__ = "electro_stim"

    point_a: Mapped[str] = mapped_column(String(12))
    point_b: Mapped[str] = mapped_column(String(12))
    waveform: Mapped[str] = mapped_column(String(20))
    frequency_hz: Mapped[str] = mapped_column(String(20))  # "2" or "2/100"
    intensity: Mapped[str] = mapped_column(String(30), default="to tolerance")
    minutes: Mapped[int]
    device: Mapped[str] = mapped_column(String(80), default="")


class CuppingTreatment(_VisitItem, Base):
    """Cupping or gua sha (``kind``); gua sha leaves cup fields empty."""

    __tablename__ = "cupping_treatment"

    kind: Mapped[str] = mapped_column(String(10), default="cupping")
    cup_type: Mapped[str] = mapped_column(String(40), default="")
    technique: Mapped[str] = mapped_column(String(10), default="")
    cups: Mapped[int | None]
    region: Mapped[str] = mapped_column(String(80))
    minutes: Mapped[int | None]
    marks: Mapped[str] = mapped_column(String(200), default="")


class AdverseEvent(_VisitItem, Base):
    __tablename__ = "adverse_event"

    kind: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    action_taken: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Addendum(Base):
    """A correction to a signed note: never an edit of it."""

    __tablename__ = "addendum"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)


class OutcomeMeasure(Tracked, Base):
    """A scored outcome instrument (NPRS, PSFS, LEFS, FAAM, VISA-A/P): totals only."""

    __tablename__ = "outcome_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episode.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    instrument: Mapped[str] = mapped_column(String(20))
    measured_on: Mapped[date]
    score: Mapped[float]
    # The PSFS activities as JSON ([["run downhill", 4], ...]); empty for totals-only scores.
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")


class SignedVisitDiagnosis(Base):
    """The diagnoses of a visit as they were when it was signed: the printed note reads these,
    so a later change of the episode's diagnoses never changes a signed note."""

    __tablename__ = "signed_visit_diagnosis"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    rank: Mapped[int]
    code: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(300))


class VisitDraft(Base):
    """The editor's latest typed state of an unsigned visit, saved every few seconds.

    Kept apart from the structured rows so that half-typed or not-yet-valid input (a pain
    score of "1" on its way to "10") is never lost and never rejected.
    """

    __tablename__ = "visit_draft"

    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime]
    saved_by: Mapped[str] = mapped_column(String(120))
