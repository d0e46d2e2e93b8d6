"""The front desk's billing of a visit: billable facts, lines, payments, balances.

The front desk sees what a visit bills, never the note text: ``VisitBilling`` carries the
billable facts only. Money is integer cents.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.billing import (
    PAYMENT_METHODS,
    date_problems,
    distinct_muscles,
    line_problems,
    parse_list,
)
from sportacu_desktop.domain.errors import NotFound, UserError
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.billing_proposal import (
    charted_work,
    diagnosis_count,
    proposal,
    write_proposed_lines,
)
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage import models as m

MAX_PAYMENT_CENTS = 10_000_000


class BillingLocked(UserError):
    """The visit is on an issued superbill: reopen that superbill to correct it."""


@dataclass(frozen=True)
class LineInput:
    code: str
    units: int
    modifiers: tuple[str, ...]
    pointers: tuple[str, ...]
    charge_cents: int
    description: str = ""


@dataclass(frozen=True)
class BillingLineView(LineInput):
    id: int = 0
    service_date: date | None = None


@dataclass(frozen=True)
class DiagnosisView:
    letter: str
    code: str
    description: str


@dataclass(frozen=True)
class PaymentView:
    id: int
    visit_id: int | None
    received_on: date
    amount_cents: int
    method: str
    reference: str


@dataclass(frozen=True)
class VisitBilling:
    """What the billing screen shows for one visit: billable facts, never the note."""

    visit_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    visit_date: date
    practitioner: str
    signed: bool
    contact_minutes: int
    estim_first_block: bool
    reinsertions: str  # "E M E"
    muscles_dry_needled: int
    cupping_or_gua_sha: bool
    separate_evaluation: bool
    diagnoses: tuple[DiagnosisView, ...]
    lines: tuple[BillingLineView, ...]
    warnings: tuple[str, ...]
    payments: tuple[PaymentView, ...]
    superbill: str  # "" or the number of the superbill that covers the visit
    locked: bool

    @property
    def billed_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.payments)

    @property
    def balance_cents(self) -> int:
        return self.billed_cents - self.paid_cents


def current_superbill(session: Session, visit_id: int) -> str:
    """The number of the superbill that covers the visit and was not reopened, or ""."""
    reopened = select(m.SuperbillReopening.document_id)
    return (
        session.scalar(
            select(m.IssuedDocument.number)
            .join(m.SuperbillLine, m.SuperbillLine.document_id == m.IssuedDocument.id)
            .where(m.SuperbillLine.visit_id == visit_id, m.IssuedDocument.id.not_in(reopened))
            .order_by(m.IssuedDocument.id.desc())
            .limit(1)
        )
        or ""
    )


def diagnoses_of(session: Session, episode_id: int | None) -> tuple[DiagnosisView, ...]:
    if episode_id is None:
        return ()
    rows = session.execute(
        select(m.Diagnosis.code, m.Diagnosis.description)
        .where(m.Diagnosis.episode_id == episode_id)
        .order_by(m.Diagnosis.rank, m.Diagnosis.id)
        .limit(12)
    )
    return tuple(DiagnosisView("ABCDEFGHIJKL"[i], c, d) for i, (c, d) in enumerate(rows))


def lines_of(session: Session, visit_id: int) -> tuple[BillingLineView, ...]:
    rows = session.scalars(
        select(m.BillingLine)
        .where(m.BillingLine.visit_id == visit_id)
        .order_by(m.BillingLine.position, m.BillingLine.id)
    )
    return tuple(
        BillingLineView(
            code=r.cpt_code,
            units=r.units,
            modifiers=parse_list(r.modifiers),
            pointers=parse_list(r.diagnosis_pointers),
            charge_cents=r.charge_cents,
            description=r.description,
            id=r.id,
            service_date=r.service_date,
        )
        for r in rows
    )


class Billing:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    # -- reading ---------------------------------------------------------------------------
    def visit(self, visit_id: int) -> VisitBilling:
        require(self._actor, Action.READ_BILLING)
        with self._sessions() as session:
            return self._view(session, self._visit(session, visit_id))

    def patient_balance_cents(self, patient_id: int) -> int:
        require(self._actor, Action.READ_BILLING)
        with self._sessions() as session:
            return patient_balance(session, patient_id)

    # -- writing ---------------------------------------------------------------------------
    def save_lines(self, visit_id: int, lines: list[LineInput]) -> VisitBilling:
        """Replace the visit's lines; every problem of every line is reported at once."""
        require(self._actor, Action.BILL_VISITS)
        with self._sessions.begin() as session:
            visit = self._visit(session, visit_id)
            self._unlocked(session, visit)
            count = diagnosis_count(session, visit.episode_id)
            problems = []
            for number, line in enumerate(lines, 1):
                for problem in line_problems(
                    line.code, line.units, line.modifiers, line.pointers, line.charge_cents, count
                ):
                    problems.append(f"Line {number}: {problem}")
            other_codes = session.scalars(
                select(m.BillingLine.cpt_code)
                .join(m.Visit, m.Visit.id == m.BillingLine.visit_id)
                .where(
                    m.Visit.patient_id == visit.patient_id,
                    m.Visit.visit_date == visit.visit_date,
                    m.Visit.id != visit.id,
                )
            ).all()
            problems += date_problems(
                {visit.visit_date: [*other_codes, *(line.code for line in lines)]}
            )
            if problems:
                raise UserError("Not saved. " + " ".join(problems))
            before = lines_of(session, visit_id)
            for row in session.scalars(
                select(m.BillingLine).where(m.BillingLine.visit_id == visit_id)
            ):
                session.delete(row)
            session.flush()
            for position, line in enumerate(lines):
                session.add(
                    m.BillingLine(
                        visit_id=visit_id,
                        position=position,
                        service_date=visit.visit_date,
                        cpt_code=line.code.strip().upper(),
                        modifiers=",".join(line.modifiers),
                        units=line.units,
                        charge_cents=line.charge_cents,
                        diagnosis_pointers=",".join(line.pointers),
                        description=line.description[:200],
                        created_by=self._actor.username,
                        updated_by=self._actor.username,
                    )
                )
            audit.record(
                session,
                self._actor,
                "change",
                patient_id=visit.patient_id,
                entity="billing",
                entity_id=visit_id,
                detail=f"lines {_summary(before)} → {_summary(lines)}",
            )
            session.flush()
            return self._view(session, visit)

    def propose_again(self, visit_id: int) -> VisitBilling:
        """Throw away the adjustments and start again from what the chart implies."""
        require(self._actor, Action.BILL_VISITS)
        with self._sessions.begin() as session:
            visit = self._visit(session, visit_id)
            self._unlocked(session, visit)
            write_proposed_lines(session, visit, self._actor.username)
            audit.record(
                session,
                self._actor,
                "change",
                patient_id=visit.patient_id,
                entity="billing",
                entity_id=visit_id,
                detail="lines proposed again from the chart",
            )
            session.flush()
            return self._view(session, visit)

    def record_payment(
        self,
        patient_id: int,
        amount_cents: int,
        method: str,
        *,
        visit_id: int | None = None,
        received_on: date | None = None,
        reference: str = "",
    ) -> PaymentView:
        require(self._actor, Action.TAKE_PAYMENTS)
        if not isinstance(amount_cents, int) or not 0 < amount_cents <= MAX_PAYMENT_CENTS:
            raise UserError("A payment is an amount above $0.00 and at most $100,000.00.")
        if method not in PAYMENT_METHODS:
            raise UserError("Choose how it was paid: cash, card, check or HSA/FSA.")
        if len(reference) > 60:
            raise UserError("The reference is at most 60 characters (a check or card number).")
        with self._sessions.begin() as session:
            if session.get(m.Patient, patient_id) is None:
                raise NotFound(f"Patient {patient_id} does not exist.")
            if visit_id is not None:
                visit = session.get(m.Visit, visit_id)
                if visit is None or visit.patient_id != patient_id:
                    raise UserError("That visit is not this patient's.")
            payment = m.Payment(
                patient_id=patient_id,
                visit_id=visit_id,
                received_on=received_on or date.today(),
                amount_cents=amount_cents,
                method=method,
                reference=reference.strip(),
                created_by=self._actor.username,
                updated_by=self._actor.username,
            )
            session.add(payment)
            session.flush()
            audit.record(
                session,
                self._actor,
                "create",
                patient_id=patient_id,
                entity="payment",
                entity_id=payment.id,
                detail=f"{amount_cents} cents by {method}"
                + (f" for visit {visit_id}" if visit_id else ""),
            )
            return _payment_view(payment)

    # -- helpers ---------------------------------------------------------------------------
    def _visit(self, session: Session, visit_id: int) -> m.Visit:
        visit = session.get(m.Visit, visit_id)
        if visit is None:
            raise NotFound(f"Visit {visit_id} does not exist.")
        return visit

    def _unlocked(self, session: Session, visit: m.Visit) -> None:
        number = current_superbill(session, visit.id)
        if number:
            raise BillingLocked(
                f"This visit is on superbill {number}, already issued. Reopen that superbill "
                "for a correction before changing its lines."
            )

    def _view(self, session: Session, visit: m.Visit) -> VisitBilling:
        patient = session.get(m.Patient, visit.patient_id)
        if patient is None:
            raise NotFound(f"Patient {visit.patient_id} does not exist.")
        provider = session.get(m.User, visit.provider_id)
        work = charted_work(session, visit)
        _lines, warnings = proposal(session, visit)
        payments = session.scalars(
            select(m.Payment).where(m.Payment.visit_id == visit.id).order_by(m.Payment.id)
        )
        number = current_superbill(session, visit.id)
        return VisitBilling(
            visit_id=visit.id,
            patient_id=visit.patient_id,
            patient_name=f"{patient.first_name} {patient.last_name}",
            chart_number=patient.chart_number,
            visit_date=visit.visit_date,
            practitioner=provider.display_name if provider else "",
            signed=visit.status == "signed",
            contact_minutes=visit.contact_minutes,
            estim_first_block=visit.estim_first_block,
            reinsertions=" ".join(visit.needle_reinsertions),
            muscles_dry_needled=distinct_muscles(work.muscles_dry_needled),
            cupping_or_gua_sha=work.cupping_or_gua_sha,
            separate_evaluation=visit.separate_evaluation,
            diagnoses=diagnoses_of(session, visit.episode_id),
            lines=lines_of(session, visit.id),
            warnings=tuple(warnings),
            payments=tuple(_payment_view(p) for p in payments),
            superbill=number,
            locked=bool(number),
        )


def patient_balance(session: Session, patient_id: int) -> int:
    # An aggregate without GROUP BY gives exactly one row, and coalesce makes it a number.
    billed = session.execute(
        select(func.coalesce(func.sum(m.BillingLine.charge_cents), 0))
        .join(m.Visit, m.Visit.id == m.BillingLine.visit_id)
        .where(m.Visit.patient_id == patient_id, m.Visit.status == "signed")
    ).scalar_one()
    paid = session.execute(
        select(func.coalesce(func.sum(m.Payment.amount_cents), 0)).where(
            m.Payment.patient_id == patient_id
        )
    ).scalar_one()
    return int(billed) - int(paid)


def _payment_view(p: m.Payment) -> PaymentView:
    return PaymentView(p.id, p.visit_id, p.received_on, p.amount_cents, p.method, p.reference)


def _summary(lines) -> str:
    return ", ".join(f"{line.code}×{line.units}" for line in lines) or "none"
