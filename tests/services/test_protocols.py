from sportacu_desktop.domain.visit_rules import content_problems
from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.protocols import Protocols, apply_protocol, diagnoses_for


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
