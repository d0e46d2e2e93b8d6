"""Every needle counts once: points, EA leads and dry needling in one rule."""

from hypothesis import given
from hypothesis import strategies as st

from sportacu_desktop.domain.needling import needles_placed
from sportacu_desktop.domain.visits import (
    DryNeedlingEntry,
    ElectroEntry,
    PointRow,
    VisitContent,
)

LIMB_POINTS = ("GB31", "GB33", "ST36", "SP6", "LI4", "BL57", "KI3")
MIDLINE_POINTS = ("GV20", "CV6", "EX-HN3")


def test_an_ea_pair_alone_places_its_needles():
    note = VisitContent(electro=(ElectroEntry("GB31-R", "GB33-R"),))
    assert note.needles_placed == 2


def test_an_ea_pair_on_points_already_listed_adds_nothing():
    listed = VisitContent(points=(PointRow("GB31", "R"), PointRow("GB33", "R")))
    with_ea = VisitContent(points=listed.points, electro=(ElectroEntry("GB31-R", "GB33-R"),))
    assert listed.needles_placed == with_ea.needles_placed == 2


def test_a_lead_on_one_side_of_a_bilateral_point_is_one_of_its_two_needles():
    note = VisitContent(
        points=(PointRow("ST36", "B"), PointRow("SP6", "B")),
        electro=(ElectroEntry("ST36-R", "SP6-R"),),
    )
    assert note.needles_placed == 4


def test_a_lead_without_a_side_is_on_both_sides_and_midline_points_are_one_needle():
    assert VisitContent(electro=(ElectroEntry("ST36", "SP6"),)).needles_placed == 4
    assert VisitContent(points=(PointRow("GV20", "M"),)).needles_placed == 1
    assert VisitContent(electro=(ElectroEntry("GV20", "EX-HN3"),)).needles_placed == 2


def test_dry_needling_adds_its_needles():
    note = VisitContent(
        points=(PointRow("LI4", "B"),),
        electro=(ElectroEntry("GB31-L", "GB33-L"),),
        dry_needling=(DryNeedlingEntry("Soleus", "L", needles=3),),
    )
    assert note.needles_placed == 2 + 2 + 3


sides = st.sampled_from(("L", "R", "B"))
limb_point = st.tuples(st.sampled_from(LIMB_POINTS), sides)
midline_point = st.tuples(st.sampled_from(MIDLINE_POINTS), st.just("M"))
charted_point = st.one_of(limb_point, midline_point)
lead = st.one_of(
    st.tuples(st.sampled_from(LIMB_POINTS), st.sampled_from(("-L", "-R", ""))).map("".join),
    st.sampled_from(MIDLINE_POINTS),
)


def needles_by_hand(points, leads) -> int:
    """Count each body site by listing them, the way one counts needles out of a patient."""
    sites = set()
    for code, side in points:
        sites.update((code, s) for s in ({"B": "LR", "M": "M"}.get(side, side)))
    for text in leads:
        code, _, side = text.partition("-") if not text.startswith("EX-") else (text, "", "")
        if code in MIDLINE_POINTS:
            sites.add((code, "M"))
        else:
            sites.update((code, s) for s in (side or "LR"))
    return len(sites)


@given(
    st.lists(charted_point, max_size=8),
    st.lists(st.tuples(lead, lead), max_size=4),
    st.lists(st.integers(1, 5), max_size=3),
)
def test_each_needle_counts_once_whatever_is_charted(points, pairs, dry):
    leads = [lead for pair in pairs for lead in pair]
    counted = needles_placed(points, leads, dry)
    assert counted == needles_by_hand(points, leads) + sum(dry)
    # Charting an EA pair's points in the points list as well changes nothing.
    from_leads = [
        (text.removesuffix("-L").removesuffix("-R"), "L") for text in leads if "-L" in text
    ]
    assert needles_placed(points + from_leads, leads, dry) == counted
    # Nothing charted twice is counted twice.
    assert needles_placed(points * 2, leads * 2, dry) == counted
