import pytest
from hypothesis import given
from hypothesis import strategies as st

from sportacu_desktop.domain.billing import (
    BillingPolicy,
    ChartedWork,
    ProposedLine,
    date_problems,
    distinct_muscles,
    format_money,
    line_problems,
    parse_money,
    propose_lines,
    timed_units,
)

E, M = True, False  # a re-insertion with / without electrical stimulation


def codes(work, policy=None):
    lines, _ = propose_lines(work, policy or BillingPolicy())
    return [(line.code, line.units) for line in lines]


@pytest.mark.parametrize(
    ("minutes", "units"),
    [(0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (30, 2), (37, 2), (38, 3), (53, 4)],
)
def test_timed_units_follow_the_eight_minute_threshold(minutes, units):
    assert timed_units(minutes) == units


@pytest.mark.parametrize(
    ("minutes", "first_estim", "reinsertions", "expected"),
    [
        (7, False, (), []),
        (7, True, (E,), []),
        (8, False, (), [("97810", 1)]),
        (8, True, (), [("97813", 1)]),
        (15, False, (M,), [("97810", 1)]),
        (22, True, (E,), [("97813", 1)]),
        (23, False, (M,), [("97810", 1), ("97811", 1)]),
        (23, True, (E,), [("97813", 1), ("97814", 1)]),
        (30, False, (M,), [("97810", 1), ("97811", 1)]),
        (30, True, (E,), [("97813", 1), ("97814", 1)]),
        (38, False, (M, M), [("97810", 1), ("97811", 2)]),
        (38, True, (E, E), [("97813", 1), ("97814", 2)]),
        (53, True, (E, E, E), [("97813", 1), ("97814", 3)]),
        # manual and EA blocks in one visit, in the order charted
        (53, False, (E, M, E), [("97810", 1), ("97814", 1), ("97811", 1), ("97814", 1)]),
        (38, True, (M, E), [("97813", 1), ("97811", 1), ("97814", 1)]),
        # too few re-insertions: the blocks without one are not billed
        (53, False, (M,), [("97810", 1), ("97811", 1)]),
        (38, True, (), [("97813", 1)]),
        # more re-insertions than blocks: only the blocks are billed
        (23, False, (M, M, M), [("97810", 1), ("97811", 1)]),
    ],
)
def test_timed_codes_from_contact_time_and_reinsertions(
    minutes, first_estim, reinsertions, expected
):
    work = ChartedWork(minutes, estim_first_block=first_estim, reinsertions=reinsertions)
    assert codes(work) == expected


def test_ea_minutes_and_retention_never_make_units():
    # 15 minutes of contact with 40 minutes of needle retention under EA is one unit.
    assert codes(ChartedWork(15, estim_first_block=True, reinsertions=(E, E))) == [("97813", 1)]


def test_too_few_reinsertions_say_what_was_left_unbilled():
    _, warnings = propose_lines(ChartedWork(53, reinsertions=(M,)))
    assert "2 further 15-minute blocks" in warnings[0]


def test_second_visit_on_a_date_bills_add_ons_only():
    work = ChartedWork(30, reinsertions=(M, E), initial_billed_earlier_today=True)
    assert codes(work) == [("97811", 1), ("97814", 1)]


@pytest.mark.parametrize(
    ("muscles", "code"),
    [
        (("gastrocnemius",), "20560"),
        (("gastrocnemius", "soleus"), "20560"),
        (("gastrocnemius", "soleus", "tibialis anterior"), "20561"),
        # left and right of one muscle count as one muscle
        (("Gastrocnemius", "gastrocnemius ", "soleus"), "20560"),
    ],
)
def test_dry_needling_code_counts_distinct_muscles(muscles, code):
    assert (code, 1) in codes(ChartedWork(0, muscles_dry_needled=muscles))


def test_distinct_muscles_ignores_sides_and_blanks():
    assert distinct_muscles(["TFL", "tfl", "", "gluteus medius"]) == 2


def test_payer_rule_drops_dry_needling_with_a_warning():
    lines, warnings = propose_lines(
        ChartedWork(15, muscles_dry_needled=("a", "b", "c")),
        BillingPolicy(dry_needling_with_acupuncture=False),
    )
    assert lines == [ProposedLine("97810", 1)]
    assert "20561" in warnings[0]


def test_dry_needling_with_acupuncture_is_billed_with_a_warning_when_allowed():
    lines, warnings = propose_lines(ChartedWork(15, muscles_dry_needled=("a",)))
    assert ProposedLine("20560", 1) in lines
    assert "some payers" in warnings[0]


def test_dry_needling_alone_has_no_warning():
    _, warnings = propose_lines(ChartedWork(0, muscles_dry_needled=("a",)))
    assert warnings == []


def test_cupping_goes_under_the_clinics_chosen_code():
    assert ("97140", 1) in codes(ChartedWork(15, cupping_or_gua_sha=True), BillingPolicy("97140"))


def test_evaluation_with_modifier_25_only_when_marked():
    assert all(c[0] != "99213" for c in codes(ChartedWork(30, reinsertions=(M,))))
    lines, _ = propose_lines(ChartedWork(15, separate_evaluation=True))
    assert lines[0] == ProposedLine("99213", 1, ("25",))
    lines, _ = propose_lines(ChartedWork(15, separate_evaluation=True, new_patient=True))
    assert lines[0].code == "99203"


def test_too_short_contact_bills_no_timed_unit_and_says_why():
    lines, warnings = propose_lines(ChartedWork(5))
    assert lines == []
    assert "5 minutes" in warnings[0]


@given(
    st.integers(0, 240),
    st.booleans(),
    st.lists(st.booleans(), max_size=20),
)
def test_one_initial_code_and_units_never_exceed_contact_time(contact, first, reins):
    lines, _ = propose_lines(ChartedWork(contact, first, tuple(reins)))
    initial = [line for line in lines if line.code in ("97810", "97813")]
    assert len(initial) == (1 if timed_units(contact) else 0)
    assert sum(line.units for line in lines) <= timed_units(contact)
    assert date_problems({"d": [line.code for line in lines]}) == []


def test_date_rules_catch_two_initial_codes_and_orphan_add_ons():
    problems = date_problems({"2026-11-02": ["97810", "97813"], "2026-11-03": ["97811"]})
    assert "only one initial" in problems[0]
    assert "add-on" in problems[1]


def test_line_problems_in_plain_words():
    assert line_problems("97810", 1, ["25"], ["A"], 8500, 2) == []
    problems = line_problems("9781", 0, ["25", "GP", "59", "XS", "KX"], [], -1, 1)
    assert len(problems) == 5
    assert line_problems("97810", 1, [], ["A", "B", "C", "D", "E"], 0, 12)[0].startswith(
        "A line points at most"
    )
    assert "A to B" in line_problems("97810", 1, [], ["C"], 0, 2)[0]
    assert "no diagnosis" in line_problems("97810", 1, [], ["A"], 0, 0)[0]


@pytest.mark.parametrize(
    ("typed", "cents"), [("85", 8500), ("85.5", 8550), ("$1,085.07", 108507), ("0.99", 99)]
)
def test_money_is_parsed_to_integer_cents(typed, cents):
    assert parse_money(typed) == cents
    assert isinstance(parse_money(typed), int)


def test_money_refuses_what_is_not_an_amount():
    for typed in ("", "abc", "1.234", "-5", "1e3"):
        with pytest.raises(ValueError, match="not an amount"):
            parse_money(typed)
    assert format_money(108507) == "$1,085.07"
