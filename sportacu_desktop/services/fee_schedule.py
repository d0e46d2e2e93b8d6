"""The fee schedule and the billing settings: administrators change them, all audited."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.billing import (
    CPT_PATTERN,
    CUPPING_CODE_CHOICES,
    BillingPolicy,
    format_money,
)
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.validation import storable_problem
from sportacu_desktop.services import audit
from sportacu_desktop.services.billing_proposal import (
    CUPPING_CODE_KEY,
    DRY_NEEDLING_KEY,
    billing_policy,
)
from sportacu_desktop.services.context import Actor, require
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
        require(self._actor, Role.ADMIN)
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
        require(self._actor, Role.ADMIN)
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
        require(self._actor, Role.ADMIN)
        if policy.cupping_code not in CUPPING_CODE_CHOICES:
            raise UserError(
                "Cupping and gua sha go under one of " + ", ".join(CUPPING_CODE_CHOICES) + "."
            )
        rule = "billed" if policy.dry_needling_with_acupuncture else "left off"
        with self._sessions.begin() as session:
            for key, value in (
                (CUPPING_CODE_KEY, policy.cupping_code),
                (DRY_NEEDLING_KEY, policy.dry_needling_with_acupuncture),
            ):
                setting = session.get(m.Setting, key)
                if setting is None:
                    session.add(m.Setting(key=key, value=value))
                else:
                    setting.value = value
            audit.record(
                session,
                self._actor,
                "change",
                entity="setting",
                detail=f"cupping/gua sha billed as {policy.cupping_code}; dry needling with "
                f"timed acupuncture {rule}",
            )
