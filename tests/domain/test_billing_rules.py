from hypothesis import given
from hypothesis import strategies as st

from sportacu_desktop.domain.billing import (
    BillingPolicy,
    ChartedWork,
    ProposedLine,
    propose_lines,
    timed_units,
)


def codes(work, policy=None):
    lines, _ = propose_lines(work, policy or BillingPolicy())
    return [(line.code, line.units) for line in lines]


def test_timed_units_follow_the_eight_minute_threshold():
    assert [timed_units(m) for m in (0, 7, 8, 15, 22, 23, 30, 37, 38)] == [
        0,
        0,
        1,
        1,
        1,
        2,
        2,
        2,
        3,
    ]


def test_manual_acupuncture_initial_then_add_on():
    assert codes(ChartedWork(contact_minutes=30)) == [("97810", 1), ("97811", 1)]


def test_electroacupuncture_uses_the_e_stim_codes():
    assert codes(ChartedWork(contact_minutes=45, electro_minutes=20)) == [
        ("97813", 1),
        ("97814", 1),
        ("97811", 1),
    ]


def test_dry_needling_code_depends_on_muscle_count():
    assert ("20560", 1) in codes(ChartedWork(contact_minutes=15, muscles_dry_needled=2))
    assert ("20561", 1) in codes(ChartedWork(contact_minutes=15, muscles_dry_needled=3))


def test_payer_rule_drops_dry_needling_with_a_warning():
    lines, warnings = propose_lines(
        ChartedWork(contact_minutes=15, muscles_dry_needled=3),
        BillingPolicy(dry_needling_with_acupuncture=False),
    )
    assert lines == [ProposedLine("97810", 1)]
    assert "20561" in warnings[0]


def test_cupping_goes_under_the_clinics_chosen_code():
    assert ("97140", 1) in codes(
        ChartedWork(contact_minutes=15, cupping_or_gua_sha=True), BillingPolicy("97140")
    )


def test_too_short_contact_bills_no_timed_unit_and_says_why():
    lines, warnings = propose_lines(ChartedWork(contact_minutes=5))
    assert lines == []
    assert "5 minutes" in warnings[0]


@given(st.integers(0, 240), st.integers(0, 240))
def test_one_initial_code_and_units_match_contact_time(contact, electro):
    lines, _ = propose_lines(ChartedWork(contact_minutes=contact, electro_minutes=electro))
    initial = [line for line in lines if line.code in ("97810", "97813")]
    assert len(initial) == (1 if timed_units(contact) else 0)
    assert sum(line.units for line in lines) == timed_units(contact)
