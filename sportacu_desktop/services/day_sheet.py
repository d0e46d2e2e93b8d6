"""The front desk's day sheet: every visit of a date with what it billed, paid and owes."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage import models as m


@dataclass(frozen=True)
class DayRow:
    visit_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    practitioner: str
    signed: bool
    billed_cents: int
    paid_cents: int
    superbill: str  # number of the superbill in force, "" when none

    @property
    def balance_cents(self) -> int:
        return self.billed_cents - self.paid_cents

    @property
    def superbill_status(self) -> str:
        if not self.signed:
            return "Note not signed"
        return f"Issued {self.superbill}" if self.superbill else "Not issued"


class DaySheet:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def rows(self, day: date) -> list[DayRow]:
        require(self._actor, Action.READ_BILLING)
        with self._sessions() as session:
            billed = (
                select(m.BillingLine.visit_id, func.sum(m.BillingLine.charge_cents).label("c"))
                .group_by(m.BillingLine.visit_id)
                .subquery()
            )
            paid = (
                select(m.Payment.visit_id, func.sum(m.Payment.amount_cents).label("c"))
                .where(m.Payment.visit_id.is_not(None))
                .group_by(m.Payment.visit_id)
                .subquery()
            )
            reopened = select(m.SuperbillReopening.document_id)
            superbill = (
                select(m.SuperbillLine.visit_id, func.max(m.IssuedDocument.number).label("n"))
                .join(m.IssuedDocument, m.IssuedDocument.id == m.SuperbillLine.document_id)
                .where(m.IssuedDocument.id.not_in(reopened))
                .group_by(m.SuperbillLine.visit_id)
                .subquery()
            )
            rows = session.execute(
                select(
                    m.Visit.id,
                    m.Visit.patient_id,
                    m.Patient.first_name,
                    m.Patient.last_name,
                    m.Patient.chart_number,
                    m.User.display_name,
                    m.Visit.status,
                    func.coalesce(billed.c.c, 0),
                    func.coalesce(paid.c.c, 0),
                    func.coalesce(superbill.c.n, ""),
                )
                .join(m.Patient, m.Patient.id == m.Visit.patient_id)
                .join(m.User, m.User.id == m.Visit.provider_id, isouter=True)
                .join(billed, billed.c.visit_id == m.Visit.id, isouter=True)
                .join(paid, paid.c.visit_id == m.Visit.id, isouter=True)
                .join(superbill, superbill.c.visit_id == m.Visit.id, isouter=True)
                .where(m.Visit.visit_date == day)
                .order_by(m.Patient.last_name, m.Patient.first_name, m.Visit.id)
            )
            return [
                DayRow(
                    visit_id,
                    patient_id,
                    f"{last}, {first}",
                    chart,
                    provider or "",
                    status == "signed",
                    int(billed_cents),
                    int(paid_cents),
                    number,
                )
                for (
                    visit_id,
                    patient_id,
                    first,
                    last,
                    chart,
                    provider,
                    status,
                    billed_cents,
                    paid_cents,
                    number,
                ) in rows
            ]
