"""Billing a visit: lines proposed at signing, front-desk adjustments, payments, balances."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.visits import DryNeedlingEntry, PointRow, VisitContent
from sportacu_desktop.services.billing import Billing, LineInput
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Actor, PermissionDenied, command_line_actor
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
DESK = Actor("frontdesk", "Jamie", frozenset({Role.FRONT_DESK}), None)
E, M = True, False


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=6, seed=4, today=TODAY)
    return clinic


def patient_with_diagnoses(clinic) -> int:
    with clinic.session_factory() as s:
        return s.scalar(
            select(m.Episode.patient_id)
            .join(m.Diagnosis, m.Diagnosis.episode_id == m.Episode.id)
            .where(m.Episode.status == "open")
            .order_by(m.Episode.patient_id)
            .limit(1)
        )


def sign_visit(clinic, content: VisitContent, on: date = TODAY) -> int:
    chart = Charting(clinic.session_factory, command_line_actor())
    note = chart.start_visit(patient_with_diagnoses(clinic), on=on)
    chart.sign(note.id, content, note.version, at=NOW)
    return note.id


def content(**kw) -> VisitContent:
    base = VisitContent(
        assessment="Secret clinical impression",
        objective="Tender lateral knee",
        points=(PointRow("LI4", "L"),),
        needles_in=1,
        needles_out=1,
        contact_minutes=38,
        estim_first_block=True,
        reinsertions=(M, E),
    )
    return replace(base, **kw)


def test_signing_proposes_lines_from_the_chart_with_fees(demo):
    visit_id = sign_visit(demo, content())
    billing = Billing(demo.session_factory, DESK).visit(visit_id)
    assert [(line.code, line.units) for line in billing.lines] == [
        ("97813", 1),
        ("97811", 1),
        ("97814", 1),
    ]
    assert billing.lines[0].charge_cents == 9500 and billing.lines[0].pointers[0] == "A"
    assert billing.billed_cents == 9500 + 4500 + 5000
    assert billing.reinsertions == "M E" and billing.estim_first_block


def test_front_desk_sees_billable_facts_never_the_note(demo):
    visit_id = sign_visit(demo, content(dry_needling=(DryNeedlingEntry("Soleus", "L"),)))
    billing = Billing(demo.session_factory, DESK).visit(visit_id)
    assert billing.muscles_dry_needled == 1 and billing.contact_minutes == 38
    assert "Secret" not in repr(billing)
    with pytest.raises(PermissionDenied):
        Charting(demo.session_factory, DESK).get(visit_id)


def test_adjusted_lines_are_validated_saved_and_audited(demo):
    visit_id = sign_visit(demo, content())
    desk = Billing(demo.session_factory, DESK)
    good = [
        LineInput("97813", 1, ("GP",), ("A",), 9500),
        LineInput("97814", 2, (), ("A",), 10000),
    ]
    saved = desk.save_lines(visit_id, good)
    assert [(line.code, line.units, line.modifiers) for line in saved.lines] == [
        ("97813", 1, ("GP",)),
        ("97814", 2, ()),
    ]
    with demo.session_factory() as s:
        detail = s.scalars(
            select(m.AuditEvent.detail).where(m.AuditEvent.entity == "billing")
        ).one()
        assert "97814×2" in detail


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (LineInput("97814", 1, ("25", "GP", "59", "XS", "KX"), ("A",), 100), "at most 4 modifiers"),
        (LineInput("97814", 1, (), ("A", "B", "C", "D", "E"), 100), "at most at 4"),
        (LineInput("97814", 1, (), ("M",), 100), "does not exist"),
        (LineInput("97814", 1, (), (), 100), "Point the line"),
        (LineInput("978", 1, (), ("A",), 100), "not a CPT code"),
    ],
)
def test_a_wrong_line_is_refused_and_nothing_changes(demo, line, words):
    visit_id = sign_visit(demo, content())
    desk = Billing(demo.session_factory, DESK)
    before = desk.visit(visit_id).lines
    with pytest.raises(UserError, match=words):
        desk.save_lines(visit_id, [LineInput("97813", 1, (), ("A",), 9500), line])
    assert desk.visit(visit_id).lines == before


def test_two_initial_codes_on_one_date_are_refused(demo):
    visit_id = sign_visit(demo, content())
    desk = Billing(demo.session_factory, DESK)
    with pytest.raises(UserError, match="only one initial"):
        desk.save_lines(
            visit_id,
            [LineInput("97810", 1, (), ("A",), 1), LineInput("97813", 1, (), ("A",), 1)],
        )
    with pytest.raises(UserError, match="add-on"):
        desk.save_lines(visit_id, [LineInput("97811", 1, (), ("A",), 1)])


def test_a_second_visit_the_same_day_is_proposed_add_ons_only(demo):
    first = sign_visit(demo, content(reinsertions=()))
    second = sign_visit(demo, content(contact_minutes=15, reinsertions=(M,)))
    desk = Billing(demo.session_factory, DESK)
    assert [line.code for line in desk.visit(first).lines] == ["97813"]
    assert [line.code for line in desk.visit(second).lines] == ["97811"]


def test_payments_by_every_method_lower_the_balances(demo):
    visit_id = sign_visit(demo, content())
    desk = Billing(demo.session_factory, DESK)
    billing = desk.visit(visit_id)
    before = desk.patient_balance_cents(billing.patient_id)
    for method, cents in (("cash", 1000), ("card", 2000), ("check", 3000), ("hsa_fsa", 4000)):
        desk.record_payment(billing.patient_id, cents, method, visit_id=visit_id, reference="x")
    after = desk.visit(visit_id)
    assert after.paid_cents == 10000 and after.balance_cents == after.billed_cents - 10000
    assert desk.patient_balance_cents(billing.patient_id) == before - 10000


@pytest.mark.parametrize(
    ("cents", "method", "words"),
    [(0, "cash", "above"), (-5, "card", "above"), (100, "bitcoin", "how it was paid")],
)
def test_a_wrong_payment_is_refused(demo, cents, method, words):
    visit_id = sign_visit(demo, content())
    desk = Billing(demo.session_factory, DESK)
    with pytest.raises(UserError, match=words):
        desk.record_payment(desk.visit(visit_id).patient_id, cents, method)


def test_practitioners_read_billing_but_do_not_change_it(demo):
    visit_id = sign_visit(demo, content())
    doctor = Actor("rokafor", "Ruth", frozenset({Role.PRACTITIONER}), None)
    assert Billing(demo.session_factory, doctor).visit(visit_id).lines
    with pytest.raises(PermissionDenied):
        Billing(demo.session_factory, doctor).save_lines(visit_id, [])
