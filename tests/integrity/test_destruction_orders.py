"""Destruction orders are append-only, and every deletion must trace back to one."""

import sqlite3
from datetime import date

import pytest

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.retention import Retention
from tests.integrity.conftest import a_signed_visit, attacker, problems

FAR_FUTURE = date(2060, 1, 1)


def test_a_forged_destruction_order_does_not_pass_the_check(demo):
    with attacker(demo) as raw:
        visit_id, patient = a_signed_visit(raw)
        raw.execute(
            "INSERT INTO destruction_order (patient_id, chart_number, ordered_by, ordered_at, "
            "reason) VALUES (?, 'X', 'admin', '2026-05-01 10:00:00', 'retention')",
            (patient,),
        )
        # No trigger is touched: the order itself is what lets the deletes through.
        for table in (
            "point_treatment",
            "dry_needling",
            "electro_stim",
            "cupping_treatment",
            "special_test_result",
            "range_of_motion",
            "muscle_test",
            "adverse_event",
            "billing_line",
            "addendum",
            "visit_draft",
        ):
            raw.execute(f"DELETE FROM {table} WHERE visit_id = ?", (visit_id,))
        raw.execute("DELETE FROM visit WHERE id = ?", (visit_id,))
    found = problems(demo)
    assert "destruction orders were not made through the app" in found
    assert "signed notes were deleted without a destruction order" in found
    assert str(visit_id) in found


def test_destruction_orders_cannot_be_changed_or_removed(demo):
    actor = command_line_actor()
    retention = Retention(demo.session_factory, actor)
    [first, *_] = retention.eligible(FAR_FUTURE)
    retention.destroy(first.patient_id, "past retention", today=FAR_FUTURE)
    assert problems(demo) == ""
    for statement in (
        "DELETE FROM destruction_order",
        "UPDATE destruction_order SET reason = 'x'",
        "UPDATE destruction_order SET completed_at = NULL",
        "UPDATE destruction_order SET patient_id = patient_id + 1000",
    ):
        with (
            pytest.raises(sqlite3.IntegrityError, match="destruction orders"),
            attacker(demo) as raw,
        ):
            raw.execute(statement)


def test_a_patient_deleted_without_an_order_is_found(demo):
    with attacker(demo) as raw:
        # A raw connection does not enforce foreign keys unless asked to.
        patient = a_signed_visit(raw)[1:]
        raw.execute("DELETE FROM patient WHERE id = ?", (patient[0],))
    assert "were deleted without a destruction order" in problems(demo)


def test_a_destruction_through_the_app_takes_addenda_and_issued_documents_with_it(demo):
    from sportacu_desktop.services.charting import Charting
    from sportacu_desktop.services.documents import Documents

    actor = command_line_actor()
    with attacker(demo) as raw:
        visit_id, patient = a_signed_visit(raw)
    Charting(demo.session_factory, actor).add_addendum(visit_id, "typo", "Left, not right.")
    Documents(demo.session_factory, actor).visit_note_pdf(visit_id)
    Retention(demo.session_factory, actor).destroy(patient, "past retention", today=FAR_FUTURE)
    with attacker(demo) as raw:
        left = [
            raw.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (key,)).fetchone()[0]
            for table, column, key in (
                ("addendum", "visit_id", visit_id),
                ("issued_document", "patient_id", patient),
                ("visit", "patient_id", patient),
            )
        ]
    assert left == [0, 0, 0]
    assert problems(demo) == ""
