"""The patient's home-care sheet from a signed visit: drafted, edited, issued and logged.

Issued like other documents (kind "homecare", numbered, exact bytes stored) so a reprint is
identical, and logged as a disclosure to the patient in the same unit of work.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.disclosures import DisclosedTo, default_for
from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.race_calendar import Race
from sportacu_desktop.domain.visits import VisitNote
from sportacu_desktop.reports.homecare import render_homecare
from sportacu_desktop.reports.homecare_content import (
    TEXT_MAX,
    HomecareFacts,
    NeedledArea,
    build_homecare,
    default_text,
)
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.documents import (
    IssuedDocument,
    practice_header,
    print_visit_document,
)
from sportacu_desktop.services.episode_views import suggested_visit
from sportacu_desktop.services.protocols import Protocol, all_protocols
from sportacu_desktop.services.signed_diagnoses import diagnoses_of_visit
from sportacu_desktop.services.visit_store import note_of
from sportacu_desktop.storage import models as m

PREVIEW_NUMBER = "Preview — not yet given"


@dataclass(frozen=True)
class HomecareDraft:
    visit_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    visit_date: date
    text: str  # the home-care text offered for editing


def _protocol_for(session: Session, visit: m.Visit, note: VisitNote) -> Protocol | None:
    """The template whose diagnoses the visit carries, else whose name the assessment says."""
    codes = {code for code, _text in diagnoses_of_visit(session, visit)}
    protocols = all_protocols(session)
    for protocol in protocols:
        if codes & {c for side in protocol.diagnoses.values() for c in side}:
            return protocol
    assessment = note.content.assessment.lower()
    for protocol in protocols:
        if protocol.name.lower() in assessment:
            return protocol
    return None


class Homecare:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    # -- reading ---------------------------------------------------------------------------
    def latest_signed_visit(self, patient_id: int) -> int:
        require(self._actor, Action.PRINT_HOMECARE_SHEET)
        with self._sessions() as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound("This patient is not in the clinic's records.")
            visit_id = session.scalar(
                select(m.Visit.id)
                .where(m.Visit.patient_id == patient_id, m.Visit.status == VisitStatus.SIGNED)
                .order_by(m.Visit.visit_date.desc(), m.Visit.id.desc())
                .limit(1)
            )
        if visit_id is None:
            raise InvalidInput("This patient has no signed visit yet: sign the note first.")
        return visit_id

    def draft(self, visit_id: int) -> HomecareDraft:
        require(self._actor, Action.PRINT_HOMECARE_SHEET)
        with self._sessions() as session:
            visit, note = self._signed(session, visit_id)
            patient = session.get_one(m.Patient, visit.patient_id)
            protocol = _protocol_for(session, visit, note)
            recommendations = note.content.recommendations
            if protocol and recommendations.strip() == protocol.recommendations.strip():
                recommendations = ""  # the template's, for the chart: its home text says it
            text = default_text(
                recommendations,
                note.content.plan,
                protocol.homecare if protocol else "",
            )
            return HomecareDraft(
                visit.id,
                visit.patient_id,
                f"{patient.first_name} {patient.last_name}",
                patient.chart_number,
                visit.visit_date,
                text[:TEXT_MAX],
            )

    def preview(self, visit_id: int, text: str) -> bytes:
        """The sheet as it would print, marked as a preview; nothing is stored or logged."""
        require(self._actor, Action.PRINT_HOMECARE_SHEET)
        with self._sessions() as session:
            facts = self._facts(session, visit_id)
        return render_homecare(build_homecare(facts, self._checked(text), PREVIEW_NUMBER))

    # -- issuing ---------------------------------------------------------------------------
    def issue(
        self,
        visit_id: int,
        text: str | None = None,
        disclosed_to: DisclosedTo | None = None,
        *,
        patient_id: int | None = None,
    ) -> IssuedDocument:
        """Issue the sheet (the drafted text unless ``text`` is given) and log it as given to
        ``disclosed_to`` (the patient by default). The same sheet again is a reprint. With
        ``patient_id``, a visit of anyone else is refused."""
        require(self._actor, Action.PRINT_HOMECARE_SHEET)
        if patient_id is not None:
            self._of_patient(visit_id, patient_id)
        chosen = self._checked(text if text is not None else self.draft(visit_id).text)
        to = disclosed_to or default_for("homecare")
        with self._sessions.begin() as session:
            facts = self._facts(session, visit_id)
            visit = session.get_one(m.Visit, visit_id)

            def render(number: str) -> bytes:
                return render_homecare(build_homecare(facts, chosen, number))

            return print_visit_document(
                session,
                self._actor,
                visit,
                kind="homecare",
                entity="homecare",
                label="Home-care sheet",
                render=render,
                disclosed_to=to,
            )

    # -- helpers ---------------------------------------------------------------------------
    def _of_patient(self, visit_id: int, patient_id: int) -> None:
        with self._sessions() as session:
            owner = session.scalar(select(m.Visit.patient_id).where(m.Visit.id == visit_id))
        if owner != patient_id:
            raise InvalidInput(f"Visit {visit_id} is not a visit of this patient.")

    @staticmethod
    def _checked(text: str) -> str:
        if len(text) > TEXT_MAX:
            raise InvalidInput(
                f"Keep the home-care text under {TEXT_MAX} characters so it fits one page."
            )
        return text

    @staticmethod
    def _signed(session: Session, visit_id: int) -> tuple[m.Visit, VisitNote]:
        visit = session.get(m.Visit, visit_id)
        if visit is None:
            raise NotFound(f"There is no visit {visit_id}.")
        if visit.status != VisitStatus.SIGNED:
            raise InvalidInput("A home-care sheet is printed from a signed visit: sign it first.")
        return visit, note_of(session, visit)

    def _facts(self, session: Session, visit_id: int) -> HomecareFacts:
        visit, note = self._signed(session, visit_id)
        content = note.content
        patient = session.get_one(m.Patient, visit.patient_id)
        practice = practice_header(session)
        protocol = _protocol_for(session, visit, note)
        regions = catalog.muscle_regions()
        races = tuple(
            Race(r.name, r.race_date, r.priority)
            for r in session.scalars(
                select(m.Race).where(
                    m.Race.patient_id == visit.patient_id, m.Race.archived.is_(False)
                )
            )
        )
        upcoming = suggested_visit(session, visit.patient_id, visit.visit_date)
        treated_at = (note.signed_at or datetime.now(UTC)).astimezone()
        return HomecareFacts(
            practice_name=practice.name,
            practice_phone=practice.phone,
            practice_lines=practice.address_lines,
            patient_name=f"{patient.first_name} {patient.last_name}",
            visit_date=visit.visit_date,
            treated_at=treated_at,
            practitioner=note.provider_name,
            condition=protocol.plain_name if protocol else "",
            acupuncture_needles=sum(2 if p.side == "B" else 1 for p in content.points),
            needled_areas=tuple(
                NeedledArea(regions.get(d.muscle, ""), d.side) for d in content.dry_needling
            ),
            electro=bool(content.electro),
            cupping_regions=tuple(c.region for c in content.cupping if c.kind != "gua_sha"),
            gua_sha_regions=tuple(c.region for c in content.cupping if c.kind == "gua_sha"),
            next_visit=upcoming.on if upcoming.on > visit.visit_date else None,
            next_visit_reason=upcoming.reason,
            races=races,
        )
