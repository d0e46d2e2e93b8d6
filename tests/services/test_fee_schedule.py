"""The fee schedule and billing settings: validated, audited, administrators only, used."""

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.billing import BillingPolicy
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.visits import CuppingEntry, DryNeedlingEntry
from sportacu_desktop.services.billing import Billing
from sportacu_desktop.services.context import Actor, PermissionDenied, command_line_actor
from sportacu_desktop.services.fee_schedule import FeeSchedule
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic
from tests.services.superbill_support import TODAY, insured_patient, signed_visit

DESK = Actor("frontdesk", "Jamie", frozenset({Role.FRONT_DESK}), None)


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=4, seed=4, today=TODAY)
    return clinic


def test_a_fee_change_is_saved_audited_and_prices_new_lines(demo):
    fees = FeeSchedule(demo.session_factory, command_line_actor())
    fees.set_fee("97813", "Electroacupuncture, first 15 minutes", 9900)
    assert [f for f in fees.fees() if f.code == "97813"][0].charge_cents == 9900
    with demo.session_factory() as s:
        detail = s.scalars(
            select(m.AuditEvent.detail).where(m.AuditEvent.entity == "fee_schedule")
        ).one()
        assert "$95.00 → $99.00" in detail
    visit = signed_visit(demo, insured_patient(demo))
    assert Billing(demo.session_factory, DESK).visit(visit).lines[0].charge_cents == 9900


@pytest.mark.parametrize(
    ("code", "label", "cents", "words"),
    [
        ("978", "x", 100, "not a CPT code"),
        ("97810", "", 100, "label"),
        ("97810", "x", 0, "above"),
        ("97810", "x", 1.5, "above"),
    ],
)
def test_a_wrong_fee_is_refused(demo, code, label, cents, words):
    with pytest.raises(UserError, match=words):
        FeeSchedule(demo.session_factory, command_line_actor()).set_fee(code, label, cents)


def test_the_cupping_code_and_dry_needling_rule_shape_the_proposal(demo):
    fees = FeeSchedule(demo.session_factory, command_line_actor())
    fees.set_fee("97140", "Manual therapy", 5500)
    fees.set_policy(BillingPolicy("97140", dry_needling_with_acupuncture=False))
    assert fees.policy() == BillingPolicy("97140", False)
    visit = signed_visit(
        demo,
        insured_patient(demo),
        cupping=(CuppingEntry("Calf"),),
        dry_needling=(DryNeedlingEntry("Soleus", "L"),),
    )
    billing = Billing(demo.session_factory, DESK).visit(visit)
    codes = [line.code for line in billing.lines]
    assert "97140" in codes and "20560" not in codes
    assert any("20560" in w and "left off" in w for w in billing.warnings)
    with pytest.raises(UserError):
        fees.set_policy(BillingPolicy("99999"))


def test_only_administrators_change_fees(demo):
    with pytest.raises(PermissionDenied):
        FeeSchedule(demo.session_factory, DESK).set_fee("97810", "x", 100)
    with pytest.raises(PermissionDenied):
        FeeSchedule(demo.session_factory, DESK).set_policy(BillingPolicy())
    assert FeeSchedule(demo.session_factory, DESK).fees()  # reading is fine
