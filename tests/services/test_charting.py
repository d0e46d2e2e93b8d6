"""Charting a visit end to end on a real database, both backends."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.points import parse_points
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.domain.visits import (
    CuppingEntry,
    DryNeedlingEntry,
    ElectroEntry,
    PointRow,
    SpecialTestEntry,
    VisitContent,
)
from sportacu_desktop.services.charting import Charting, SigningRefused, VisitLocked, VisitStale
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.patient_details import PatientDetails
from sportacu_desktop.services.patient_records import PatientRecords
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def chart(clinic):
    demo_clinic(clinic, command_line_actor(), patients=6, seed=4, today=TODAY)
    return Charting(clinic.session_factory, command_line_actor())


def full_content() -> VisitContent:
    points = tuple(
        PointRow(p.code, p.side, "even", "0.25", 40, 25)
        for p in parse_points("LI4 ST36 GB34-R SP6-L GV20")
    )
    content = VisitContent(
        pain_nrs=5,
        assessment="ITBS right, improving",
        plan="Weekly x3",
        tests=(SpecialTestEntry("Ober test", "R", "positive"),),
        points=points,
        dry_needling=(DryNeedlingEntry("Tensor fasciae latae", "R", True, 2),),
        electro=(
            ElectroEntry(
                "GB31-R", "GB33-R", "dense-disperse", "2/100", "to tolerance", 20, "ITO ES-160"
            ),
        ),
        cupping=(CuppingEntry("Lateral thigh", "cupping", "plastic", "moving", 4, 8, "pink"),),
        contact_minutes=35,
    )
    needles = content.needles_placed
    return VisitContent(**{**content.__dict__, "needles_in": needles, "needles_out": needles})


def test_start_save_sign_and_read_back(chart):
    note = chart.start_visit(1, on=TODAY)
    assert note.status == "draft" and note.content == VisitContent()
    saved = chart.save(note.id, full_content(), note.version)
    signed = chart.sign(note.id, full_content(), saved.version, at=NOW)
    assert signed.signed and signed.signed_at == NOW and signed.signed_by
    again = chart.get(note.id)
    assert again.content == full_content()
    # LI4, ST36 both sides (4), GB34-R, SP6-L, GV20 (3), EA leads GB31-R, GB33-R (2), DN 2.
    assert again.content.needles_placed == 11


def test_signed_note_is_locked_in_the_service_and_the_database(chart, clinic):
    note = chart.start_visit(1, on=TODAY)
    chart.sign(note.id, full_content(), note.version, at=NOW)
    with pytest.raises(VisitLocked):
        chart.save(note.id, full_content(), note.version + 1)
    with pytest.raises(VisitLocked):
        chart.autosave(note.id, "{}")
    for statement in (
        f"UPDATE visit SET assessment = 'edited' WHERE id = {note.id}",
        f"DELETE FROM visit WHERE id = {note.id}",
        f"UPDATE point_treatment SET point_code = 'ST36' WHERE visit_id = {note.id}",
        f"DELETE FROM dry_needling WHERE visit_id = {note.id}",
        f"INSERT INTO point_treatment (visit_id, position, point_code, side, technique, gauge)"
        f" VALUES ({note.id}, 99, 'LR3', 'B', '', '')",
    ):
        with (
            pytest.raises(DBAPIError, match="signed visit notes cannot be changed"),
            clinic.engine.begin() as conn,
        ):
            conn.execute(text(statement))
    assert chart.get(note.id).content == full_content()


def test_needle_count_must_match_or_be_explained(chart):
    note = chart.start_visit(1, on=TODAY)
    short = VisitContent(**{**full_content().__dict__, "needles_out": 8})
    with pytest.raises(SigningRefused, match="11 needles in but 8 out"):
        chart.sign(note.id, short, note.version, at=NOW)
    explained = VisitContent(
        **{**short.__dict__, "needle_count_exception": "One needle bent; found and disposed"}
    )
    assert chart.sign(note.id, explained, note.version, at=NOW).signed


def test_electroacupuncture_is_refused_for_a_pacemaker(chart, clinic):
    PatientDetails(clinic.session_factory, command_line_actor()).add_flag(2, "pacemaker_icd")
    note = chart.start_visit(2, on=TODAY)
    findings = chart.safety(2, full_content(), NOW)
    assert any(f.level == "block" and "pacemaker" in f.message for f in findings)
    with pytest.raises(SigningRefused, match="pacemaker"):
        chart.sign(note.id, full_content(), note.version, at=NOW)


def test_dry_needling_before_an_a_race_warns_with_name_and_hours(chart, clinic):
    PatientDetails(clinic.session_factory, command_line_actor()).add_race(
        3, name="Casco Bay Half", race_date="2026-11-27", distance="Half", priority="A"
    )
    findings = chart.safety(3, full_content(), NOW)
    race = [f.message for f in findings if "Casco Bay Half" in f.message]
    assert race and "40 h before Casco Bay Half (A race)" in race[0]


def test_invalid_content_is_refused_with_every_problem(chart):
    note = chart.start_visit(1, on=TODAY)
    bad = VisitContent(
        pain_nrs=12,
        points=(PointRow("ZZ9"),),
        electro=(ElectroEntry("GB31", "XX1", "sine", "fast"),),
    )
    with pytest.raises(FieldErrors) as caught:
        chart.save(note.id, bad, note.version)
    assert set(caught.value.errors) == {"pain_nrs", "points.1", "electro.1"}


def test_copy_forward_takes_treatments_and_plan_never_findings(chart):
    first = chart.start_visit(4, on=TODAY)
    chart.sign(first.id, full_content(), first.version, at=NOW)
    today = chart.start_visit(4, on=TODAY, copy_forward=True)
    carried = today.content
    assert carried.points == full_content().points
    assert carried.electro == full_content().electro and carried.plan == "Weekly x3"
    assert carried.pain_nrs is None and carried.assessment == "" and carried.tests == ()
    assert carried.needles_in == 0 and today.signed_at is None


def test_autosave_keeps_typed_state_and_is_offered_back(chart):
    note = chart.start_visit(5, on=TODAY)
    chart.autosave(note.id, '{"assessment": "half-typed, pain 1"}')
    assert chart.draft_payload(note.id) == '{"assessment": "half-typed, pain 1"}'
    assert [d.id for d in chart.unsigned_drafts()] == [note.id]
    chart.save(note.id, VisitContent(assessment="done"), note.version)
    assert chart.draft_payload(note.id) is None and chart.unsigned_drafts() == []


def test_second_workstation_save_is_refused_not_overwritten(chart, clinic):
    note = chart.start_visit(1, on=TODAY)
    other = Charting(clinic.session_factory, command_line_actor())
    other.save(note.id, VisitContent(assessment="theirs"), note.version)
    with pytest.raises(VisitStale) as caught:
        chart.save(note.id, VisitContent(assessment="mine"), note.version)
    assert caught.value.current.content.assessment == "theirs"


def test_addenda_are_kept_under_the_signed_note(chart):
    note = chart.start_visit(1, on=TODAY)
    chart.sign(note.id, full_content(), note.version, at=NOW)
    with pytest.raises(ValueError):
        chart.add_addendum(note.id, "", "text")
    amended = chart.add_addendum(note.id, "Side corrected", "GB34 was left, not right.")
    assert [(a.reason, a.text) for a in amended.addenda] == [
        ("Side corrected", "GB34 was left, not right.")
    ]
    assert amended.content == full_content()


def test_most_used_points_come_from_this_patients_history(chart, clinic):
    records = PatientRecords(clinic.session_factory, command_line_actor())
    newcomer = records.create(
        PatientInput(first_name="Ida", last_name="Vale", date_of_birth="02/03/1991", sex="F"),
        today=TODAY,
    ).id
    assert chart.most_used_points(newcomer) == []
    for line in ("ST36 LI4", "ST36 GB34-R", "ST36 GB34-R LR3"):
        note = chart.start_visit(newcomer, on=TODAY)
        points = tuple(PointRow(p.code, p.side) for p in parse_points(line))
        chart.save(note.id, VisitContent(points=points), note.version)
    # Most used first, ties by code; other patients' visits never count.
    assert chart.most_used_points(newcomer) == ["ST36", "GB34", "LI4", "LR3"]
    assert chart.most_used_points(newcomer, limit=2) == ["ST36", "GB34"]


def test_a_note_without_findings_or_assessment_is_refused(chart):
    note = chart.start_visit(1, on=TODAY)
    with pytest.raises(SigningRefused) as refused:
        chart.sign(note.id, VisitContent(), note.version, at=NOW)
    assert "subjective or objective" in str(refused.value)
    assert "assessment" in str(refused.value)
    objective_only = VisitContent(objective="Tender over the lateral epicondyle")
    with pytest.raises(SigningRefused, match="assessment") as refused:
        chart.sign(note.id, objective_only, note.version, at=NOW)
    assert "subjective or objective" not in str(refused.value)
    assert not chart.get(note.id).signed
    signable = VisitContent(**{**objective_only.__dict__, "assessment": "Lateral epicondylalgia"})
    assert chart.sign(note.id, signable, note.version, at=NOW).signed
