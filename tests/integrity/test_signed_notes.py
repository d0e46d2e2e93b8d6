"""Signed notes against the seals in their signing events, and the guards' exact text."""

import sqlite3

import pytest

from tests.integrity.conftest import a_signed_visit, attacker, problems, trigger_sql


def test_a_demo_clinic_carries_real_signing_events_and_passes(demo):
    assert problems(demo) == ""
    with attacker(demo) as raw:
        signed = raw.execute("SELECT count(*) FROM visit WHERE status = 'signed'").fetchone()[0]
        sealed = raw.execute(
            "SELECT count(DISTINCT entity_id) FROM audit_event "
            "WHERE action = 'sign' AND detail LIKE '%[sealed sha256 %'"
        ).fetchone()[0]
    assert signed > 10 and sealed == signed


def test_a_do_nothing_trigger_in_place_of_a_guard_is_found(demo):
    with attacker(demo) as raw:
        raw.execute("DROP TRIGGER visit_signed_no_update")
        raw.execute(
            "CREATE TRIGGER visit_signed_no_update BEFORE UPDATE ON visit "
            "WHEN 0 BEGIN SELECT RAISE(ABORT, 'x'); END"
        )
    assert "replaced by different definitions: visit_signed_no_update" in problems(demo)


def test_an_extra_trigger_is_found(demo):
    with attacker(demo) as raw:
        raw.execute("CREATE TRIGGER tidy AFTER INSERT ON audit_event BEGIN SELECT 1; END")
    assert "triggers the app did not create: tidy (on audit_event)" in problems(demo)


def test_an_edit_made_while_the_guard_was_dropped_is_found(demo):
    with attacker(demo) as raw:
        visit_id, _patient = a_signed_visit(raw)
        guard = trigger_sql(raw, "visit_signed_no_update")
        raw.execute("DROP TRIGGER visit_signed_no_update")
        raw.execute("UPDATE visit SET assessment = 'Much improved' WHERE id = ?", (visit_id,))
        raw.execute(guard)
    found = problems(demo)
    assert "guards" not in found  # the guard is back exactly as it was
    assert "changed after signing" in found and str(visit_id) in found


def test_a_treatment_row_changed_under_a_dropped_guard_is_found(demo):
    with attacker(demo) as raw:
        visit_id, _patient = a_signed_visit(raw)
        guard = trigger_sql(raw, "point_treatment_signed_no_update")
        raw.execute("DROP TRIGGER point_treatment_signed_no_update")
        raw.execute("UPDATE point_treatment SET point_code = 'LV3' WHERE visit_id = ?", (visit_id,))
        raw.execute(guard)
    assert "changed after signing" in problems(demo)


def test_a_note_moved_to_another_patient_is_found(demo):
    with attacker(demo) as raw:
        visit_id, patient = a_signed_visit(raw)
        other = raw.execute("SELECT id FROM patient WHERE id != ? LIMIT 1", (patient,)).fetchone()
        guard = trigger_sql(raw, "visit_signed_no_update")
        raw.execute("DROP TRIGGER visit_signed_no_update")
        raw.execute("UPDATE visit SET patient_id = ? WHERE id = ?", (other[0], visit_id))
        raw.execute(guard)
    assert "belong to another patient than the one they were signed for" in problems(demo)


def test_a_signed_visit_inserted_by_raw_sql_is_found(demo):
    with attacker(demo) as raw:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(visit)")]
        names = ", ".join(c for c in columns if c != "id")
        raw.execute(
            f"INSERT INTO visit ({names}) SELECT {names} FROM visit "
            "WHERE status = 'signed' ORDER BY id LIMIT 1"
        )
        forged = raw.execute("SELECT max(id) FROM visit").fetchone()[0]
    found = problems(demo)
    assert "never signed in the app (no signing event)" in found and str(forged) in found


def test_addenda_and_issued_documents_refuse_raw_changes(demo):
    from sportacu_desktop.services.charting import Charting
    from sportacu_desktop.services.context import command_line_actor
    from sportacu_desktop.services.documents import Documents

    with attacker(demo) as raw:
        visit_id, _patient = a_signed_visit(raw)
    actor = command_line_actor()
    Charting(demo.session_factory, actor).add_addendum(visit_id, "typo", "Left, not right.")
    Documents(demo.session_factory, actor).visit_note_pdf(visit_id)
    for statement in (
        "UPDATE addendum SET text = 'Right after all.'",
        "DELETE FROM addendum",
        "UPDATE issued_document SET content = x'00'",
        "DELETE FROM issued_document",
    ):
        with pytest.raises(sqlite3.IntegrityError), attacker(demo) as raw:
            raw.execute(statement)
    assert problems(demo) == ""


def test_an_addendum_slipped_in_by_raw_sql_is_found(demo):
    with attacker(demo) as raw:
        visit_id, _patient = a_signed_visit(raw)
        raw.execute(
            "INSERT INTO addendum (visit_id, author_id, created_at, reason, text) "
            "VALUES (?, 1, '2026-05-01 10:00:00', 'late entry', 'Was fine.')",
            (visit_id,),
        )
    assert f"addenda were added outside the app (no audit event) to visits {visit_id}" in (
        problems(demo)
    )
