"""The fee schedule and the billing settings: administrators change them, all audited."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.billing import (
    CPT_PATTERN,
    BillingPolicy,
    format_money,
)
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.settings import (
    CUPPING_CODE,
    DRY_NEEDLING_WITH_ACUPUNCTURE,
    SettingRefused,
)
from sportacu_desktop.domain.validation import storable_problem
from sportacu_desktop.services import audit
from sportacu_desktop.services.billing_proposal import billing_policy
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.settings import write_setting
from sportacu_desktop.storage import models as m

MAX_FEE_CENTS = 10_000_00


@dataclass(frozen=True)
class Fee:
    code: str
    label: str
    charge_cents: int


class FeeSchedule:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def fees(self) -> list[Fee]:
        with self._sessions() as session:
            rows = session.scalars(select(m.FeeScheduleItem).order_by(m.FeeScheduleItem.code))
            return [Fee(r.code, r.label, r.charge_cents) for r in rows]

    def set_fee(self, code: str, label: str, charge_cents: int) -> Fee:
        require(self._actor, Action.MANAGE_CLINIC)
        code, label = code.strip().upper(), label.strip()
        if not CPT_PATTERN.match(code):
            raise UserError(f"“{code}” is not a CPT code: five characters such as 97810.")
        if not label:
            raise UserError("Give the fee a label of your own (not the AMA description).")
        problem = storable_problem(label, "label")
        if problem or len(label) > 120:
            raise UserError(problem or "A label is at most 120 characters.")
        if not isinstance(charge_cents, int) or not 0 < charge_cents <= MAX_FEE_CENTS:
            raise UserError("A fee is above $0.00 and at most $10,000.00.")
        with self._sessions.begin() as session:
            row = session.get(m.FeeScheduleItem, code)
            before = format_money(row.charge_cents) if row else "none"
            if row is None:
                row = m.FeeScheduleItem(code=code, created_by=self._actor.username)
                session.add(row)
            row.label, row.charge_cents = label, charge_cents
            row.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "change",
                entity="fee_schedule",
                detail=f"{code} {label!r}: {before} → {format_money(charge_cents)}",
            )
        return Fee(code, label, charge_cents)

    def remove_fee(self, code: str) -> None:
        require(self._actor, Action.MANAGE_CLINIC)
        with self._sessions.begin() as session:
            row = session.get(m.FeeScheduleItem, code)
            if row is None:
                return
            session.delete(row)
            audit.record(
                session,
                self._actor,
                "delete",
                entity="fee_schedule",
                detail=f"{code} {row.label!r} ({format_money(row.charge_cents)}) removed",
            )

    def policy(self) -> BillingPolicy:
        with self._sessions() as session:
            return billing_policy(session)

    def set_policy(self, policy: BillingPolicy) -> None:
        """Both billing settings in one change, each through its declaration (audited)."""
        try:
            with self._sessions.begin() as session:
                write_setting(session, self._actor, CUPPING_CODE, policy.cupping_code)
                write_setting(
                    session,
                    self._actor,
                    DRY_NEEDLING_WITH_ACUPUNCTURE,
                    policy.dry_needling_with_acupuncture,
                )
        except SettingRefused as exc:
            raise UserError(str(exc)) from None
