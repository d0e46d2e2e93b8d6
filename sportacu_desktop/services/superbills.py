"""Issuing superbills: refused while anything required is missing; once issued, fixed.

An issued superbill is stored with its number, content hash, who, when and a copy of its
lines; a reprint returns the stored bytes. Correcting one means reopening it (with a
reason) and issuing a new superbill that names the one it replaces.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.disclosures import DisclosedTo, default_for
from sportacu_desktop.domain.errors import NotFound, UserError
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.reports.superbill import render_superbill
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.disclosures import log_disclosure
from sportacu_desktop.services.documents import store_document
from sportacu_desktop.services.superbill_builder import gather
from sportacu_desktop.storage import models as m


class SuperbillRefused(UserError):
    """Something a superbill needs is missing; ``missing`` says what and where to fix it."""

    def __init__(self, who: str, missing: tuple[str, ...]):
        self.who = who
        self.missing = missing
        super().__init__(f"No superbill for {who}: " + " ".join(missing))


@dataclass(frozen=True)
class IssuedSuperbill:
    number: str
    patient_id: int
    patient_name: str
    chart_number: str
    issued_at: datetime
    content: bytes
    sha256: str
    total_cents: int
    paid_cents: int
    replaces: str
    reprint: bool
    document_id: int = 0


@dataclass(frozen=True)
class DayResult:
    patient_id: int
    patient_name: str
    chart_number: str
    superbill: IssuedSuperbill | None
    missing: tuple[str, ...]


class Superbills:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def issue(
        self,
        patient_id: int,
        *,
        visit_id: int | None = None,
        start: date | None = None,
        end: date | None = None,
        today: date | None = None,
        disclosed_to: DisclosedTo | None = None,
    ) -> IssuedSuperbill:
        """One visit, or every visit of the patient from ``start`` to ``end``.

        Issuing or reprinting hands the superbill over: it is logged as a disclosure to
        ``disclosed_to`` (by default the patient, for insurance reimbursement)."""
        require(self._actor, Action.ISSUE_SUPERBILLS)
        to = disclosed_to or default_for("superbill")
        with self._sessions.begin() as session:
            issued = self._issue(session, patient_id, visit_id, start, end, today or date.today())
            log_disclosure(
                session,
                self._actor,
                patient_id=patient_id,
                what="superbill",
                recipient=to.recipient,
                purpose=to.purpose,
                document_id=issued.document_id,
                description=f"Superbill {issued.number}" + (" (reprint)" if issued.reprint else ""),
            )
            return issued

    def missing(
        self, patient_id: int, *, start: date, end: date, today: date | None = None
    ) -> tuple[str, ...]:
        """What keeps the patient's superbill for the period from issuing (nothing stored)."""
        require(self._actor, Action.ISSUE_SUPERBILLS)
        with self._sessions() as session:
            visits = session.scalars(
                select(m.Visit)
                .where(
                    m.Visit.patient_id == patient_id,
                    m.Visit.visit_date >= start,
                    m.Visit.visit_date <= end,
                )
                .order_by(m.Visit.visit_date, m.Visit.id)
            ).all()
            return gather(session, patient_id, list(visits), today or date.today()).missing

    def reopen(self, number: str, reason: str) -> None:
        """Let the lines of an issued superbill be corrected; it stays stored as it was."""
        require(self._actor, Action.ISSUE_SUPERBILLS)
        if not reason.strip():
            raise UserError("Say why the superbill is reopened (e.g. wrong diagnosis pointer).")
        with self._sessions.begin() as session:
            document = session.scalar(
                select(m.IssuedDocument).where(
                    m.IssuedDocument.number == number, m.IssuedDocument.kind == "superbill"
                )
            )
            if document is None:
                raise UserError(f"There is no superbill {number}.")
            if session.scalar(
                select(m.SuperbillReopening.id).where(
                    m.SuperbillReopening.document_id == document.id
                )
            ):
                raise UserError(f"Superbill {number} is already reopened.")
            session.add(
                m.SuperbillReopening(
                    document_id=document.id,
                    reopened_at=datetime.now(UTC),
                    reopened_by=self._actor.username,
                    reason=reason.strip()[:300],
                )
            )
            audit.record(
                session,
                self._actor,
                "reopen",
                patient_id=document.patient_id,
                entity="superbill",
                entity_id=document.id,
                detail=f"{number}: {reason.strip()[:200]}",
            )

    def patients_seen(self, day: date) -> list[int]:
        require(self._actor, Action.ISSUE_SUPERBILLS)
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(m.Visit.patient_id)
                    .where(m.Visit.visit_date == day)
                    .distinct()
                    .order_by(m.Visit.patient_id)
                )
            )

    def for_day(
        self,
        day: date,
        progress: Callable[[int, int], bool] | None = None,
        disclosed_to: DisclosedTo | None = None,
    ) -> list[DayResult]:
        """A superbill for every patient seen on ``day``; each patient is its own unit of
        work, so one refusal never stops the others. ``progress`` returning False cancels."""
        patients = self.patients_seen(day)
        results = []
        for done, patient_id in enumerate(patients):
            if progress is not None and progress(done, len(patients)) is False:
                break
            try:
                issued = self.issue(patient_id, start=day, end=day, disclosed_to=disclosed_to)
                results.append(
                    DayResult(patient_id, issued.patient_name, issued.chart_number, issued, ())
                )
            except SuperbillRefused as refused:
                name, chart = self._who(patient_id)
                results.append(DayResult(patient_id, name, chart, None, refused.missing))
        else:
            if progress is not None:
                progress(len(patients), len(patients))
        return results

    def who(self, patient_id: int) -> tuple[str, str]:
        """(name, chart number) for messages about a patient."""
        require(self._actor, Action.ISSUE_SUPERBILLS)
        return self._who(patient_id)

    # -- helpers ---------------------------------------------------------------------------
    def _who(self, patient_id: int) -> tuple[str, str]:
        with self._sessions() as session:
            p = session.get(m.Patient, patient_id)
            if p is None:
                raise NotFound(f"Patient {patient_id} does not exist.")
            return f"{p.first_name} {p.last_name}", p.chart_number

    def _issue(self, session, patient_id, visit_id, start, end, today) -> IssuedSuperbill:
        patient = session.get(m.Patient, patient_id)
        if patient is None:
            raise UserError(f"There is no patient {patient_id}.")
        query = select(m.Visit).where(m.Visit.patient_id == patient_id)
        if visit_id is not None:
            query = query.where(m.Visit.id == visit_id)
        else:
            if start is None or end is None or start > end:
                raise UserError("Give one visit, or a period whose start is not after its end.")
            query = query.where(m.Visit.visit_date >= start, m.Visit.visit_date <= end)
        visits = session.scalars(query.order_by(m.Visit.visit_date, m.Visit.id)).all()
        if visit_id is not None and not visits:
            raise UserError(f"Visit {visit_id} is not a visit of this patient.")
        gathered = gather(session, patient_id, list(visits), today)
        who = f"{patient.first_name} {patient.last_name} ({patient.chart_number})"
        if gathered.missing:
            raise SuperbillRefused(who, gathered.missing)
        earlier = self._same_superbill(session, gathered.billing_line_ids)
        if earlier is not None:
            audit.record(
                session,
                self._actor,
                "print",
                patient_id=patient_id,
                entity="superbill",
                entity_id=earlier.id,
                detail=f"{earlier.number} reprinted",
            )
            return self._result(session, earlier, patient, reprint=True)
        replaced = self._replaced(session, [v.id for v in visits])
        content = replace(gathered.content, replaces=replaced.number if replaced else "")
        stored = store_document(
            session,
            self._actor,
            kind="superbill",
            patient_id=patient_id,
            render=lambda number: render_superbill(replace(content, number=number)),
            description="visits " + ",".join(str(v.id) for v in visits),
            period_start=content.first_date,
            period_end=content.last_date,
            replaces_id=replaced.id if replaced else None,
            total_cents=content.total_cents,
            paid_cents=content.paid_cents,
        )
        document = session.scalar(
            select(m.IssuedDocument).where(m.IssuedDocument.number == stored.number)
        )
        rows = session.scalars(
            select(m.BillingLine).where(m.BillingLine.id.in_(gathered.billing_line_ids))
        ).all()
        by_id = {row.id: row for row in rows}
        for position, line_id in enumerate(gathered.billing_line_ids):
            row = by_id[line_id]
            session.add(
                m.SuperbillLine(
                    document_id=document.id,
                    billing_line_id=row.id,
                    visit_id=row.visit_id,
                    position=position,
                    service_date=row.service_date,
                    cpt_code=row.cpt_code,
                    modifiers=row.modifiers,
                    units=row.units,
                    charge_cents=row.charge_cents,
                    diagnosis_pointers=row.diagnosis_pointers,
                )
            )
        audit.record(
            session,
            self._actor,
            "issue",
            patient_id=patient_id,
            entity="superbill",
            entity_id=document.id,
            detail=f"{document.number}: {len(rows)} lines, {content.total_cents} cents"
            + (f", replaces {replaced.number}" if replaced else ""),
        )
        session.flush()
        return self._result(session, document, patient, reprint=False)

    def _same_superbill(self, session, line_ids: tuple[int, ...]) -> m.IssuedDocument | None:
        """A superbill still in force with exactly these lines: reprinting it is identical."""
        reopened = select(m.SuperbillReopening.document_id)
        candidates = session.scalars(
            select(m.SuperbillLine.document_id)
            .where(
                m.SuperbillLine.billing_line_id.in_(line_ids),
                m.SuperbillLine.document_id.not_in(reopened),
            )
            .distinct()
        ).all()
        for document_id in sorted(candidates, reverse=True):
            lines = session.scalars(
                select(m.SuperbillLine.billing_line_id).where(
                    m.SuperbillLine.document_id == document_id
                )
            ).all()
            if sorted(lines) == sorted(line_ids):
                return session.get(m.IssuedDocument, document_id)
        return None

    def _replaced(self, session, visit_ids: list[int]) -> m.IssuedDocument | None:
        """The latest reopened superbill of these visits that no later one replaced yet."""
        already = select(m.IssuedDocument.replaces_id).where(
            m.IssuedDocument.replaces_id.is_not(None)
        )
        return session.scalar(
            select(m.IssuedDocument)
            .join(m.SuperbillReopening, m.SuperbillReopening.document_id == m.IssuedDocument.id)
            .join(m.SuperbillLine, m.SuperbillLine.document_id == m.IssuedDocument.id)
            .where(m.SuperbillLine.visit_id.in_(visit_ids), m.IssuedDocument.id.not_in(already))
            .order_by(m.IssuedDocument.id.desc())
            .limit(1)
        )

    def _result(self, session, document, patient, *, reprint: bool) -> IssuedSuperbill:
        replaces = (
            session.scalar(
                select(m.IssuedDocument.number).where(m.IssuedDocument.id == document.replaces_id)
            )
            if document.replaces_id
            else ""
        )
        return IssuedSuperbill(
            number=document.number,
            patient_id=patient.id,
            patient_name=f"{patient.first_name} {patient.last_name}",
            chart_number=patient.chart_number,
            issued_at=document.issued_at,
            content=document.content,
            sha256=document.sha256,
            total_cents=document.total_cents,
            paid_cents=document.paid_cents,
            replaces=replaces or "",
            reprint=reprint,
            document_id=document.id,
        )
