from dataclasses import replace

import pytest

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.domain.needling import NeedleDetails
from sportacu_desktop.domain.settings import (
    CUSTOM_PROTOCOLS,
    NEEDLE_GAUGE,
    NEEDLE_RETENTION_MINUTES,
)
from sportacu_desktop.domain.visit_rules import content_problems
from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.protocols import Protocols, apply_protocol, diagnoses_for
from sportacu_desktop.services.settings import ClinicSettings


def test_every_seed_condition_has_a_template_that_prefills_a_valid_note(clinic):
    protocols = Protocols(clinic.session_factory, command_line_actor())
    names = {p.name for p in protocols.all()}
    assert {
        "IT band syndrome",
        "Plantar fasciitis",
        "Achilles tendinopathy",
        "Shin splints (MTSS)",
        "Hip flexor tightness",
        "Proximal hamstring tendinopathy",
        "Stress fracture return to running",
        "Overtraining / autonomic recovery",
        "Pre-race taper session",
        "Post-race recovery",
    } <= names
    for protocol in protocols.all():
        for side in protocol.sides:
            note = apply_protocol(protocol, side, VisitContent())
            assert note.points and not content_problems(note).errors, protocol.key
            assert diagnoses_for(protocol, side)


def test_applying_keeps_what_was_charted_and_sides_the_template(clinic):
    itbs = Protocols(clinic.session_factory, command_line_actor()).get("itbs")
    mine = VisitContent(points=(PointRow("GB34", "L"),), assessment="Lateral knee pain")
    note = apply_protocol(itbs, "R", mine)
    assert note.points[0] == PointRow("GB34", "L")
    assert [p.code for p in note.points].count("GB34") == 1
    assert note.assessment == "Lateral knee pain"
    assert note.electro[0].point_a == "GB31-R" and note.dry_needling[0].side == "R"
    assert [code for code, _ in diagnoses_for(itbs, "R")] == ["M76.31"]


def test_clinic_saves_its_own_template(clinic):
    protocols = Protocols(clinic.session_factory, command_line_actor())
    itbs = protocols.get("itbs")
    note = apply_protocol(itbs, "L", VisitContent())
    saved = protocols.save_from_note("ITBS (our way)", note, diagnoses=["M76.32"])
    again = protocols.get(saved.key)
    assert not again.builtin and again.electro[0]["a"] == "GB31"
    assert apply_protocol(again, "B", VisitContent()).points


def sides_of(note) -> dict[str, str]:
    return {p.code: p.side for p in note.points}


def test_a_right_sided_template_sides_only_the_affected_points(clinic):
    protocols = Protocols(clinic.session_factory, command_line_actor())
    itbs = sides_of(apply_protocol(protocols.get("itbs"), "R", VisitContent()))
    assert {itbs[c] for c in ("GB30", "GB31", "GB33", "GB34", "BL40")} == {"R"}
    assert {itbs[c] for c in ("LI4", "LR3", "ST36", "SP6")} == {"B"}
    plantar = sides_of(apply_protocol(protocols.get("plantar"), "L", VisitContent()))
    assert plantar["KI1"] == "L" and plantar["PC7"] == "R"  # the opposite wrist
    overtraining = sides_of(apply_protocol(protocols.get("overtraining"), "B", VisitContent()))
    assert overtraining["CV6"] == overtraining["EX-HN3"] == "M" and overtraining["HT7"] == "B"


def test_template_points_carry_real_needle_details_from_template_and_clinic(clinic):
    settings = ClinicSettings(clinic.session_factory, command_line_actor())
    settings.set(NEEDLE_GAUGE, "0.20")
    settings.set(NEEDLE_RETENTION_MINUTES, 25)
    protocols = Protocols(clinic.session_factory, command_line_actor())
    clinic_needle = protocols.needle_defaults()
    assert clinic_needle == NeedleDetails("even", "0.20", 40, 25)
    note = apply_protocol(protocols.get("itbs"), "R", VisitContent(), clinic_needle)
    by_code = {p.code: p for p in note.points}
    assert by_code["GB30"] == PointRow("GB30", "R", "reduce", "0.20", 75, 25)
    assert by_code["ST36"] == PointRow("ST36", "B", "even", "0.20", 40, 25)
    assert all(p.technique and p.gauge and p.length_mm and p.retention_minutes for p in note.points)


def test_a_template_with_an_unknown_side_is_a_clear_error(clinic):
    settings = ClinicSettings(clinic.session_factory, command_line_actor())
    broken = {
        "key": "custom-knee",
        "name": "Knee",
        "diagnoses": {"B": []},
        "tests": [],
        "muscles": [],
        "points": [{"code": "ST36", "side": "sideways"}],
        "electro": [],
    }
    settings.set(CUSTOM_PROTOCOLS, [broken])
    with pytest.raises(InvalidInput) as refused:
        Protocols(clinic.session_factory, command_line_actor()).all()
    assert str(refused.value) == (
        "Template “Knee”, point ST36: side must be one of affected, opposite, both, midline, "
        "not “sideways”."
    )


def test_a_clinic_template_keeps_sides_relative_to_the_problem(clinic):
    protocols = Protocols(clinic.session_factory, command_line_actor())
    charted = VisitContent(
        points=(
            PointRow("GB34", "R", "reduce", "0.30", 50, 20),
            PointRow("GB39", "R"),
            PointRow("LI4", "B"),
            PointRow("TE5", "L"),
            PointRow("GV20", "M"),
        )
    )
    saved = protocols.save_from_note("Lateral knee", charted)
    assert saved.sides == ["B", "L", "R"]
    left = sides_of(apply_protocol(protocols.get(saved.key), "L", VisitContent()))
    assert left == {"GB34": "L", "GB39": "L", "LI4": "B", "TE5": "R", "GV20": "M"}
    again = apply_protocol(protocols.get(saved.key), "L", VisitContent())
    assert again.points[0] == PointRow("GB34", "L", "reduce", "0.30", 50, 20)


def test_older_clinic_templates_still_apply(clinic):
    settings = ClinicSettings(clinic.session_factory, command_line_actor())
    old = {
        "key": "custom-old",
        "name": "Old way",
        "diagnoses": {"B": []},
        "tests": [],
        "muscles": [],
        "points": "GB34 ST36 GV20",
        "electro": [],
    }
    settings.set(CUSTOM_PROTOCOLS, [old])
    template = Protocols(clinic.session_factory, command_line_actor()).get("custom-old")
    assert sides_of(apply_protocol(template, "R", VisitContent())) == {
        "GB34": "R",
        "ST36": "R",
        "GV20": "M",
    }


def test_template_needle_details_are_signed_and_printed(clinic, tmp_path):
    from sportacu_desktop.services.charting import Charting
    from sportacu_desktop.services.demo import create_demo_clinic
    from sportacu_desktop.services.documents import Documents
    from tests.services.test_documents import TODAY, pdf_text

    actor = command_line_actor()
    create_demo_clinic(clinic, actor, patients=2, seed=3, today=TODAY)
    protocols = Protocols(clinic.session_factory, actor)
    note = apply_protocol(
        protocols.get("achilles"), "L", VisitContent(pain_nrs=5), protocols.needle_defaults()
    )
    note = replace(note, needles_in=note.needles_placed, needles_out=note.needles_placed)
    chart = Charting(clinic.session_factory, actor)
    visit = chart.start_visit(1, on=TODAY)
    chart.sign(visit.id, note, visit.version)
    stored = chart.get(visit.id).content.points
    assert stored == note.points
    assert {(p.code, p.side, p.technique) for p in stored} >= {
        ("BL57", "L", "reduce"),
        ("SP6", "B", "even"),
    }
    text = pdf_text(
        Documents(clinic.session_factory, actor).visit_note_pdf(visit.id).content, tmp_path
    )
    bl57 = next(line for line in text.splitlines() if "BL57" in line)
    assert "Left" in bl57 and "reduce" in bl57 and "0.25" in bl57 and "40" in bl57
    assert "20" in bl57
