"""Gathering a treatment summary's content from an episode's (or a period's) signed visits.

Only signed visits are summarized: a draft may still change, a letter that left the
clinic may not. Everything is worded here once; the renderer only lays it out.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.documents import PatientLine
from sportacu_desktop.domain.episodes import Chronicity, DischargeReason
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.outcomes import (
    INSTRUMENTS,
    OUTCOME_MEASURES,
    RECOVERY_MARKERS,
    Score,
    Trend,
    measure_changes,
)
from sportacu_desktop.domain.permissions import Action, allows
from sportacu_desktop.domain.visits import VisitNote
from sportacu_desktop.reports.outcome_figure import outcome_figure
from sportacu_desktop.reports.summary_content import (
    ALL_SECTIONS,
    MeasureRow,
    Recipient,
    Section,
    Signer,
    SummaryContent,
    long_date,
    short_date,
    visit_dates_text,
)
from sportacu_desktop.services.clinic_setup import provider_of
from sportacu_desktop.services.documents import practice_header
from sportacu_desktop.services.episode_views import episode_view
from sportacu_desktop.services.signed_diagnoses import diagnoses_of_visit
from sportacu_desktop.services.summary_findings import findings_of
from sportacu_desktop.services.summary_visits import adverse_events, signed_notes, treatment_done
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.practice import CareContact

# Two panels keep a typical letter on two pages; the table below lists every measure.
FIGURE_SERIES_AT_MOST = 2
RECOVERY_LOOKBACK_DAYS = 14
CHRONICITY_WORDS = {
    Chronicity.ACUTE: "Acute (less than 4 weeks since onset)",
    Chronicity.SUBACUTE: "Subacute (4–12 weeks since onset)",
    Chronicity.CHRONIC: "Chronic (more than 12 weeks since onset, or recurring)",
    Chronicity.MAINTENANCE: "Maintenance care (periodic sessions every 2–6 weeks)",
}


class NothingToSummarize(InvalidInput):
    """No signed visit in what was asked for: there is nothing a letter could say."""


@dataclass(frozen=True)
class SummaryRequest:
    patient_id: int
    episode_id: int | None = None  # None: the period from start to end
    start: date | None = None
    end: date | None = None
    recipient_id: int | None = None
    sections: frozenset[Section] = ALL_SECTIONS
    personal_note: str = ""


def recipient_of(contact: CareContact | None) -> Recipient | None:
    if contact is None:
        return None
    return Recipient(
        contact.name,
        contact.role,
        contact.practice_name,
        contact.phone,
        contact.fax,
        contact.email,
    )


def _visits(session: Session, request: SummaryRequest, who: str) -> tuple[list[m.Visit], str]:
    query = select(m.Visit).where(
        m.Visit.patient_id == request.patient_id, m.Visit.status == "signed"
    )
    if request.episode_id is not None:
        episode = session.get(m.Episode, request.episode_id)
        if episode is None or episode.patient_id != request.patient_id:
            raise NotFound(f"Episode {request.episode_id} is not an episode of {who}.")
        query = query.where(m.Visit.episode_id == episode.id)
        subject = episode.title
    else:
        if request.start is None or request.end is None or request.start > request.end:
            raise InvalidInput("Choose an episode, or a period whose start is not after its end.")
        query = query.where(m.Visit.visit_date >= request.start, m.Visit.visit_date <= request.end)
        subject = f"Care from {long_date(request.start)} to {long_date(request.end)}"
    visits = list(session.scalars(query.order_by(m.Visit.visit_date, m.Visit.id)))
    if not visits:
        where = f"episode “{subject}”" if request.episode_id is not None else "that period"
        raise NothingToSummarize(
            f"Nothing to summarize: {who} has no signed visit in {where}. "
            "Sign the visit notes first."
        )
    return visits, subject


def _measure_rows(scores: list[Score], keys: tuple[str, ...]) -> list[MeasureRow]:
    """First, latest and change of each measure recorded; the verdict against its MCID."""
    changes = {c.instrument: c for c in measure_changes(scores)}
    rows = []
    for key in keys:
        series = sorted((s for s in scores if s.instrument == key), key=lambda s: s.measured_on)
        if not series:
            continue
        spec = INSTRUMENTS[key]
        unit = spec.unit if spec.unit.startswith("/") or spec.unit == "%" else f" {spec.unit}"

        def shown(s: Score, unit: str = unit) -> str:
            return f"{s.score:g}{unit} ({short_date(s.measured_on)})"

        first, latest = series[0], series[-1]
        change = ""
        if len(series) > 1:
            change = f"{latest.score - first.score:+g}".replace("-", "−")
        verdict = ""
        c = changes.get(key)
        if c is not None and spec.mcid is not None and c.trend is not Trend.MISSING:
            verdict = {
                Trend.IMPROVED: f"Improved beyond MCID ({spec.mcid:g})",
                Trend.STALLED: f"Within MCID ({spec.mcid:g})",
                Trend.WORSENED: f"Worse beyond MCID ({spec.mcid:g})",
            }[c.trend]
        rows.append(
            MeasureRow(
                spec.label, shown(first), shown(latest) if len(series) > 1 else "", change, verdict
            )
        )
    return rows


def _signer(session: Session, actor_user_id: int | None, notes: list[VisitNote]) -> Signer | None:
    """Whoever writes the letter signs it; from the command line, the treating practitioner."""
    candidates = [actor_user_id] + [n.provider_id for n in reversed(notes)]
    for user_id in candidates:
        user = session.get(m.User, user_id) if user_id else None
        if user is None:
            continue
        details = provider_of(user)
        # Whoever may sign notes is a licensed practitioner and may sign the letter.
        if not allows(Action.SIGN_NOTE, details.roles):
            continue
        name = (
            f"{details.display_name}, {details.credentials}"
            if details.credentials
            else details.display_name
        )
        license_text = (
            f"{details.license_number} ({details.license_state})" if details.license_number else ""
        )
        return Signer(name, license_text, details.npi, details.signature_name)
    return None


def gather_summary(
    session: Session, request: SummaryRequest, *, actor_user_id: int | None, today: date
) -> SummaryContent:
    patient = session.get(m.Patient, request.patient_id)
    if patient is None:
        raise NotFound(f"Patient {request.patient_id} does not exist.")
    who = f"{patient.first_name} {patient.last_name} ({patient.chart_number})"
    visits, subject = _visits(session, request, who)
    notes = signed_notes(session, visits)
    first_day, last_day = visits[0].visit_date, visits[-1].visit_date
    if request.episode_id is not None:
        view = episode_view(session, session.get_one(m.Episode, request.episode_id), today)
        diagnoses, onset = view.diagnoses, view.onset_date
        band = CHRONICITY_WORDS[view.chronicity]
        scores = [s for s in view.scores if first_day - timedelta(days=14) <= s.measured_on]
        next_step = _next_step(view)
    else:
        diagnoses = tuple(dict.fromkeys(d for v in visits for d in diagnoses_of_visit(session, v)))
        onset, band, next_step = None, "", ("", "")
        scores = _period_scores(session, request.patient_id, first_day, last_day, OUTCOME_MEASURES)
    markers = _period_scores(
        session,
        request.patient_id,
        first_day - timedelta(days=RECOVERY_LOOKBACK_DAYS),
        last_day,
        RECOVERY_MARKERS,
    )
    figure = None
    if scores:
        counts = Counter(s.instrument for s in scores)
        # The most often measured are the most telling curves (pain, usually).
        keys = sorted(counts, key=lambda k: (-counts[k], OUTCOME_MEASURES.index(k)))
        plotted = [s for s in scores if s.instrument in keys[:FIGURE_SERIES_AT_MOST]]
        figure = outcome_figure(
            "Outcome measures over the episode", plotted, [v.visit_date for v in visits], []
        )
    contact = session.get(CareContact, request.recipient_id) if request.recipient_id else None
    if request.recipient_id and contact is None:
        raise NotFound(f"There is no care-team contact {request.recipient_id}.")
    latest = notes[-1].content
    fax = session.scalar(select(m.Practice.fax).order_by(m.Practice.id).limit(1)) or ""
    return SummaryContent(
        number="",
        issued_on=today,
        practice=practice_header(session),
        practice_fax=fax,
        recipient=recipient_of(contact),
        patient=PatientLine(
            f"{patient.first_name} {patient.last_name}",
            patient.date_of_birth,
            patient.chart_number,
            patient.sex,
        ),
        subject=subject,
        period=(first_day, last_day),
        diagnoses=diagnoses,
        onset=onset,
        chronicity=band,
        visit_count=len(visits),
        visit_dates=visit_dates_text([v.visit_date for v in visits]),
        findings=findings_of(notes),
        treatment=treatment_done(notes),
        adverse_events=adverse_events(notes),
        figure=figure,
        measures=tuple(_measure_rows(scores, OUTCOME_MEASURES)),
        recovery=tuple(_measure_rows(markers, RECOVERY_MARKERS)),
        response=_response(notes, scores),
        recommendations=latest.recommendations.strip(),
        # Once discharged, the last visit's plan is history: the discharge says what stands.
        plan="" if next_step[1] else latest.plan.strip(),
        next_reassessment=next_step[0],
        discharged=next_step[1],
        personal_note=request.personal_note.strip(),
        signer=_signer(session, actor_user_id, notes),
        sections=request.sections,
    )


def _period_scores(session, patient_id, start, end, keys) -> list[Score]:
    return [
        Score(o.instrument, o.measured_on, o.score)
        for o in session.scalars(
            select(m.OutcomeMeasure)
            .where(
                m.OutcomeMeasure.patient_id == patient_id,
                m.OutcomeMeasure.instrument.in_(keys),
                m.OutcomeMeasure.measured_on >= start,
                m.OutcomeMeasure.measured_on <= end,
            )
            .order_by(m.OutcomeMeasure.measured_on, m.OutcomeMeasure.id)
        )
    ]


def _response(notes: list[VisitNote], scores: list[Score]) -> tuple[str, ...]:
    lines = [c.describe() + "." for c in measure_changes(scores) if c.trend is not Trend.MISSING]
    latest = notes[-1].content
    measured_pain = any(s.instrument == "NPRS" for s in scores)
    first_pain = notes[0].content.pain_nrs
    if not measured_pain and None not in (first_pain, latest.pain_nrs) and len(notes) > 1:
        lines.append(
            f"Reported pain {first_pain}/10 at the first visit, {latest.pain_nrs}/10 at the latest."
        )
    if latest.response_to_last.strip():
        lines.append(f"After the latest sessions: {latest.response_to_last.strip()}")
    if latest.assessment.strip():
        lines.append(f"Latest assessment: {latest.assessment.strip()}")
    return tuple(lines)


def _next_step(view) -> tuple[str, str]:
    """(next reassessment, discharged): an open episode's next step, or how it ended."""
    if not view.is_open:
        reason = view.discharge_reason
        if reason in set(DischargeReason):
            reason = DischargeReason(reason).label.lower()
        when = long_date(view.end_date) if view.end_date else "Closed"
        return "", f"{when}{f': {reason}' if reason else ''}."
    parts = []
    if view.reassess:
        parts.append(view.reassess)
    if view.next_visit is not None:
        parts.append(
            f"Next visit suggested {long_date(view.next_visit.on)}: {view.next_visit.reason}"
        )
    return " ".join(p if p.endswith(".") else p + "." for p in parts), ""
