"""The locks and their check on SQLite and PostgreSQL alike, driven through the engine."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.documents import Documents
from sportacu_desktop.services.integrity import check_clinic
from sportacu_desktop.services.retention import Retention
from tests.demo_cache import demo_clinic

FAR_FUTURE = date(2060, 1, 1)


@pytest.fixture
def filled(clinic):
    actor = command_line_actor()
    demo_clinic(clinic, actor, patients=3, seed=5, today=date(2026, 5, 4))
    retention = Retention(clinic.session_factory, actor)
    destroyed = retention.eligible(FAR_FUTURE)[-1].patient_id
    # The addendum and the printed note belong to a patient whose records stay.
    with clinic.engine.connect() as connection:
        visit_id = connection.execute(
            text("SELECT min(id) FROM visit WHERE status = 'signed' AND patient_id != :gone"),
            {"gone": destroyed},
        ).scalar()
    Charting(clinic.session_factory, actor).add_addendum(visit_id, "typo", "Left, not right.")
    Documents(clinic.session_factory, actor).visit_note_pdf(visit_id)
    retention.destroy(destroyed, "past", today=FAR_FUTURE)
    return clinic


def _problems(clinic) -> str:
    return "\n".join(check_clinic(clinic).problems)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE addendum SET text = 'changed'",
        "DELETE FROM addendum",
        "UPDATE issued_document SET description = 'changed'",
        "DELETE FROM issued_document",
        "UPDATE destruction_order SET reason = 'changed'",
        "DELETE FROM destruction_order",
        "UPDATE database_identity SET id = 'another'",
    ],
)
def test_issued_records_refuse_raw_sql(filled, statement):
    with pytest.raises(DBAPIError, match="cannot be"), filled.engine.begin() as connection:
        connection.execute(text(statement))
    assert _problems(filled) == ""


def _postgresql_only(clinic) -> None:
    if clinic.is_sqlite:
        pytest.skip("PostgreSQL only")


def test_truncate_is_refused_on_postgresql(filled):
    _postgresql_only(filled)
    for table in ("audit_event", "addendum", "destruction_order", "visit"):
        with pytest.raises(DBAPIError, match="cannot be emptied"), filled.engine.begin() as c:
            c.execute(text(f"TRUNCATE {table} CASCADE"))


def test_a_disabled_guard_is_found_on_postgresql(filled):
    _postgresql_only(filled)
    with filled.engine.begin() as connection:
        connection.execute(text("ALTER TABLE visit DISABLE TRIGGER visit_signed_immutable"))
    assert "replaced by different definitions: visit_signed_immutable" in _problems(filled)


def test_a_guard_function_that_does_nothing_is_found_on_postgresql(filled):
    _postgresql_only(filled)
    with filled.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE OR REPLACE FUNCTION addendum_immutable() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$"
            )
        )
    assert "replaced by different definitions: addendum_immutable" in _problems(filled)
