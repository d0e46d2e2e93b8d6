"""The charting safety rules, each at its edges, as tables of cases."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from sportacu_desktop.domain.enums import FlagKind, Modality
from sportacu_desktop.domain.safety import (
    Finding,
    Level,
    PlannedTreatment,
    UpcomingRace,
    check_treatment,
    needle_count_problem,
    race_timing,
    split_lead,
)

RACE_DAY = date(2026, 6, 14)
RACE_START = datetime.combine(RACE_DAY, time(7), tzinfo=UTC)  # races are taken to start at 7
ALL_CONSENTS = {m.value for m in Modality}
POINTS_ONLY = PlannedTreatment(points=(("ST36", "B"),))
DRY_NEEDLING = PlannedTreatment(muscles_dry_needled=1)
LEG_EA = PlannedTreatment(electro_pairs=(("GB31-R", "GB33-R"),))


def findings(plan: PlannedTreatment, *, flags=(), consents=ALL_CONSENTS) -> list[Finding]:
    return check_treatment(
        plan,
        flags=set(flags),
        consents=set(consents),
        races=[],
        at=datetime(2026, 6, 1, 9, tzinfo=UTC),
    )


def levels(found: list[Finding]) -> list[Level]:
    return [f.level for f in found]


def race(priority: str, day: date = RACE_DAY) -> UpcomingRace:
    return UpcomingRace("Harbor Marathon", day, priority)


# --- dry needling before a race: 72 hours, A and B races only ---------------------------


@pytest.mark.parametrize(
    ("hours_before", "priority", "warned"),
    [
        (73, "A", False),
        (72, "A", True),
        (48, "A", True),
        (47, "A", True),
        (1, "A", True),
        (0, "A", True),
        (-1, "A", False),  # the race has started
        (73, "B", False),
        (72, "B", True),
        (48, "B", True),
        (47, "B", True),
        (72, "C", False),
        (48, "C", False),
        (47, "C", False),
    ],
)
def test_dry_needling_warning_in_the_72_hours_before_an_a_or_b_race(hours_before, priority, warned):
    at = RACE_START - timedelta(hours=hours_before)
    found = race_timing(DRY_NEEDLING, [race(priority)], at)
    warnings = [f for f in found if f.level is Level.WARN]
    assert bool(warnings) is warned
    if warned:
        (warning,) = warnings
        assert warning.message.startswith(f"Dry needling {hours_before} h before Harbor Marathon")
        assert f"({priority} race)" in warning.message


@pytest.mark.parametrize("hours_before", [72, 48, 47])
def test_no_race_warning_without_dry_needling(hours_before):
    at = RACE_START - timedelta(hours=hours_before)
    plan = PlannedTreatment(points=(("ST36", "B"),), electro_pairs=(("GB31-R", "GB33-R"),))
    assert [f for f in race_timing(plan, [race("A")], at) if f.level is Level.WARN] == []


@pytest.mark.parametrize(
    ("days_to_race", "expected"),
    [
        (11, None),
        (10, "in 10 days: a good time for a pre-race session without excessive soreness"),
        (7, "in 7 days: a good time for a pre-race session without excessive soreness"),
        (6, None),
        (-2, None),
        (-3, "was 3 days ago: a post-race recovery session fits now"),
        (-5, "was 5 days ago: a post-race recovery session fits now"),
        (-6, None),
    ],
)
@pytest.mark.parametrize("priority", ["A", "B", "C"])
def test_pre_race_sessions_for_a_races_and_post_race_for_a_and_b(days_to_race, expected, priority):
    at = datetime.combine(RACE_DAY - timedelta(days=days_to_race), time(9), tzinfo=UTC)
    found = race_timing(POINTS_ONLY, [race(priority)], at)
    # The seed's windows: a pre-race session before an A race; recovery after an A or B race.
    if expected is not None and priority not in ("A" if days_to_race > 0 else "AB"):
        expected = None
    if expected is None:
        assert found == []
    else:
        (info,) = found
        assert info.level is Level.INFO
        assert info.message == f"Harbor Marathon ({priority} race) {expected}."


@pytest.mark.parametrize(("muscles", "advised"), [(0, False), (2, False), (3, True), (8, True)])
def test_lighter_training_advised_after_three_or_more_muscles(muscles, advised):
    plan = PlannedTreatment(muscles_dry_needled=muscles)
    found = race_timing(plan, [], datetime(2026, 6, 1, 9, tzinfo=UTC))
    assert (
        Finding(Level.INFO, "Substantial dry needling: advise lighter training for the next 24 h.")
        in found
    ) is advised


# --- electroacupuncture ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "blocked"),
    [
        (LEG_EA, True),
        (POINTS_ONLY, False),
        (DRY_NEEDLING, False),
        (PlannedTreatment(cupping_or_gua_sha=True), False),
    ],
)
def test_a_pacemaker_blocks_electroacupuncture_and_nothing_else(plan, blocked):
    found = findings(plan, flags={FlagKind.PACEMAKER_ICD})
    blocks = [f for f in found if f.level is Level.BLOCK]
    assert bool(blocks) is blocked
    if blocked:
        assert blocks[0].message.startswith("Electroacupuncture is not allowed")


def test_without_a_pacemaker_nothing_blocks_electroacupuncture():
    every_other_flag = {k for k in FlagKind} - {FlagKind.PACEMAKER_ICD}
    assert Level.BLOCK not in levels(findings(LEG_EA, flags=every_other_flag))


@pytest.mark.parametrize(
    ("pair", "warning"),
    [
        (("GB31-R", "GB33-R"), None),  # same leg
        (("GB31-L", "GB33-L"), None),
        (("GB34-L", "GB34-R"), "runs current from one side of the body to the other"),
        (("LI4-R", "LI4-L"), "runs current from one side of the body to the other"),
        (("BL23-L", "BL23-R"), "runs current from one side of the body to the other"),
        (("ST18-L", "ST36-L"), "is over the chest"),
        (("CV17", "ST36-R"), "is over the chest"),
        (("BL15-R", "BL17-R"), "is over the chest"),  # upper back: thorax before spine
        (("GV4", "GV3"), "is over the spine"),
        (("EX-B2-L", "BL25-L"), "is over the spine"),
        (("BL25-R", "BL26-R"), "is over the spine"),
        (("BL36-R", "BL37-R"), None),  # below the spine's points
        (("GB31", "GB33"), None),  # no side given: midline or both, not across
        (("GB31-B", "GB33-R"), None),
    ],
)
def test_ea_pairs_across_the_body_over_the_chest_or_over_the_spine(pair, warning):
    found = findings(PlannedTreatment(electro_pairs=(pair,)))
    pair_warnings = [f.message for f in found if f.message.startswith("EA pair")]
    if warning is None:
        assert pair_warnings == []
    else:
        (message,) = pair_warnings
        assert message.startswith(f"EA pair {pair[0]}–{pair[1]} {warning}")


@pytest.mark.parametrize(
    ("lead", "split"),
    [
        ("GB31-L", ("GB31", "L")),
        (" gb31-r ", ("GB31", "R")),
        ("EX-B2-R", ("EX-B2", "R")),
        ("EX-B2", ("EX-B2", "")),
        ("CV17", ("CV17", "")),
        ("ST36-B", ("ST36", "B")),
    ],
)
def test_lead_sides(lead, split):
    assert split_lead(lead) == split


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        (FlagKind.EPILEPSY, "Epilepsy: use electroacupuncture with caution."),
        (
            FlagKind.METAL_IMPLANT,
            "Metal implant: keep electroacupuncture leads away from the implant site.",
        ),
    ],
)
def test_epilepsy_and_implants_warn_only_with_electroacupuncture(flag, message):
    assert Finding(Level.WARN, message) in findings(LEG_EA, flags={flag})
    assert Finding(Level.WARN, message) not in findings(POINTS_ONLY, flags={flag})


# --- needling over the thorax -----------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "named"),
    [
        (("ST36", "LI4", "GV20"), None),
        (("GB21",), "GB21"),
        (("LU1", "ST36"), "LU1"),
        (("CV17", "BL13", "ST36"), "BL13, CV17"),
        (("BL21",), "BL21"),
        (("BL22",), None),  # below the ribs
        (("SI11", "HT1"), "HT1, SI11"),
    ],
)
def test_needling_over_the_thorax_warns_and_names_the_points(points, named):
    plan = PlannedTreatment(points=tuple((code, "R") for code in points))
    thorax = [f for f in findings(plan) if f.message.startswith("Needling over the thorax")]
    if named is None:
        assert thorax == []
    else:
        (warning,) = thorax
        assert warning.level is Level.WARN
        assert warning.message.startswith(f"Needling over the thorax ({named}): pneumothorax")


# --- bleeding risk and pregnancy --------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "warned"),
    [
        (POINTS_ONLY, True),
        (DRY_NEEDLING, True),
        (LEG_EA, True),
        (PlannedTreatment(cupping_or_gua_sha=True), True),
        (PlannedTreatment(), False),
    ],
)
@pytest.mark.parametrize(
    ("flag", "what"),
    [
        (FlagKind.ANTICOAGULANTS, "anticoagulants"),
        (FlagKind.BLEEDING_DISORDER, "a bleeding disorder"),
    ],
)
def test_anticoagulants_and_bleeding_disorders_warn_for_any_needling_or_cupping(
    plan, warned, flag, what
):
    expected = Finding(
        Level.WARN,
        f"Patient on {what}: expect bruising; press needle sites and avoid strong cupping.",
    )
    assert (expected in findings(plan, flags={flag})) is warned


def test_anticoagulants_are_named_when_both_bleeding_flags_are_set():
    found = findings(POINTS_ONLY, flags={FlagKind.ANTICOAGULANTS, FlagKind.BLEEDING_DISORDER})
    bruising = [f.message for f in found if "bruising" in f.message]
    assert bruising == [
        "Patient on anticoagulants: expect bruising; press needle sites and avoid strong cupping."
    ]


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (PlannedTreatment(), None),
        (PlannedTreatment(points=(("ST36", "B"),)), "Patient is pregnant."),
        (
            PlannedTreatment(points=(("SP6", "B"), ("LI4", "B"), ("ST36", "B"))),
            "Patient is pregnant. Points traditionally avoided in pregnancy: LI4, SP6.",
        ),
        (
            PlannedTreatment(points=(("BL67", "R"),), electro_pairs=(("GB31-R", "GB33-R"),)),
            "Patient is pregnant. Points traditionally avoided in pregnancy: BL67. "
            "Avoid electroacupuncture.",
        ),
        (DRY_NEEDLING, "Patient is pregnant."),
        (PlannedTreatment(cupping_or_gua_sha=True), "Patient is pregnant."),
    ],
)
def test_pregnancy_warns_and_names_the_points_traditionally_avoided(plan, expected):
    found = [f for f in findings(plan, flags={FlagKind.PREGNANCY}) if "pregnant" in f.message]
    assert found == ([] if expected is None else [Finding(Level.WARN, expected)])


def test_no_pregnancy_warning_without_the_flag():
    plan = PlannedTreatment(points=(("SP6", "B"), ("LI4", "B")))
    assert not [f for f in findings(plan) if "pregnan" in f.message]


# --- consents and the needle count ------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "missing"),
    [
        (POINTS_ONLY, ["acupuncture"]),
        (DRY_NEEDLING, ["dry needling"]),
        (LEG_EA, ["electroacupuncture"]),
        (PlannedTreatment(cupping_or_gua_sha=True), ["cupping"]),
        (PlannedTreatment(), []),
    ],
)
def test_each_modality_used_without_consent_is_named(plan, missing):
    found = findings(plan, consents=set())
    named = [
        f.message.removeprefix("No signed consent on file for ").removesuffix(".")
        for f in found
        if f.message.startswith("No signed consent")
    ]
    assert named == missing
    assert not [f for f in findings(plan) if f.message.startswith("No signed consent")]


@pytest.mark.parametrize(
    ("needles_in", "needles_out", "exception", "blocks"),
    [
        (12, 12, "", False),
        (12, 11, "", True),
        (11, 12, "", True),
        (12, 11, "One needle bent; removed with forceps and discarded", False),
        (12, 11, "   ", True),
        (0, 0, "", False),
    ],
)
def test_needles_in_and_out_must_match_or_be_explained(needles_in, needles_out, exception, blocks):
    problem = needle_count_problem(needles_in, needles_out, exception)
    assert (problem is not None) is blocks
    if blocks:
        assert problem.startswith(f"{needles_in} needles in but {needles_out} out")
