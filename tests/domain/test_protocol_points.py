"""A template point's side is relative to the problem; a template that says otherwise is
refused with the point and the reason."""

import pytest

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.needling import NeedleDetails
from sportacu_desktop.domain.protocol_points import (
    TemplatePoint,
    TemplateProblem,
    side_for,
    template_points,
)


@pytest.mark.parametrize(
    ("template_side", "problem", "charted"),
    [
        ("affected", "R", "R"),
        ("affected", "L", "L"),
        ("affected", "B", "B"),
        ("opposite", "R", "L"),
        ("opposite", "L", "R"),
        ("opposite", "B", "B"),
        ("both", "R", "B"),
        ("both", "L", "B"),
        ("midline", "R", "M"),
        ("midline", "B", "M"),
    ],
)
def test_the_chosen_side_applies_only_to_affected_and_opposite_points(
    template_side, problem, charted
):
    assert side_for(template_side, problem) == charted


def test_every_shipped_template_gives_every_point_a_side_and_a_technique():
    for data in catalog.protocols():
        points = template_points(data["points"], data["name"])
        assert points, data["key"]
        assert all(p.technique for p in points), data["key"]
    itbs = {p.code: p.side for p in template_points(catalog.protocols()[0]["points"], "itbs")}
    assert {itbs[c] for c in ("LI4", "LR3", "ST36", "SP6")} == {"both"}
    assert itbs["GB30"] == "affected"


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (
            {"code": "ST36", "side": "right"},
            "side must be one of affected, opposite, both, midline",
        ),
        ({"code": "ST36"}, "not “None”"),
        ({"code": "CV6", "side": "both"}, "CV6: it is on the midline"),
        ({"code": "LI4", "side": "midline"}, "LI4: it is not on the midline"),
        ({"code": "ST99", "side": "both"}, "ST99 is not a known point"),
        ({"code": "ST36", "side": "both", "technique": "twirl"}, "technique is one of even"),
        ({"code": "ST36", "side": "both", "gauge": "0.26"}, "gauge is one of"),
        ({"code": "ST36", "side": "both", "length_mm": 400}, "from 5 to 150"),
        ({"code": "ST36", "side": "both", "sides": "both"}, "unknown field sides"),
    ],
)
def test_a_template_point_that_cannot_be_applied_is_refused_in_words(entry, words):
    with pytest.raises(TemplateProblem) as refused:
        template_points([entry], "Knee pain")
    assert "Template “Knee pain”" in str(refused.value)
    assert words in str(refused.value)


def test_a_point_listed_twice_is_refused():
    with pytest.raises(TemplateProblem, match="ST36 is listed twice"):
        template_points([{"code": "ST36", "side": "both"}] * 2, "X")


def test_older_clinic_templates_written_as_a_line_of_codes_still_read():
    points = template_points("GB34 ST36 GV20", "Old")
    assert [(p.code, p.side) for p in points] == [
        ("GB34", "affected"),
        ("ST36", "affected"),
        ("GV20", "midline"),
    ]


def test_the_template_s_needle_wins_and_the_clinic_fills_the_rest():
    clinic = NeedleDetails("even", "0.20", 30, 25)
    point = TemplatePoint("GB30", "affected", technique="reduce", length_mm=75)
    assert point.details(clinic) == NeedleDetails("reduce", "0.20", 75, 25)
    assert TemplatePoint("LI4", "both").details(clinic) == clinic
