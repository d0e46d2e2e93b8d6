"""The disclosure log: entries written in the issuing unit of work, read back per patient,
and refused by the database itself when anyone tries to change or remove them."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import InvalidInput, PermissionDenied
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.disclosures import Disclosures, log_disclosure
from sportacu_desktop.services.integrity import check_clinic
from sportacu_desktop.services.retention import Retention
from tests.demo_cache import demo_clinic

TODAY = date(2026, 5, 4)
FAR_FUTURE = date(2060, 1, 1)
DESK = Actor("desk", "Dana Desk", frozenset({Role.FRONT_DESK}))


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=3, seed=5, today=TODAY)
    return clinic


def _log(clinic, patient_id, **fields):
    entry = {"what": "superbill", "recipient": "Patient", "purpose": "Insurance"} | fields
    with clinic.session_factory.begin() as session:
        log_disclosure(session, DESK, patient_id=patient_id, **entry)


def test_a_logged_disclosure_reads_back_for_its_patient_only(demo):
    at = datetime(2026, 5, 1, 15, 0, tzinfo=UTC)
    _log(demo, 1, what="visit_note", recipient="  Jo  Smith, PT ", purpose="Care", at=at)
    _log(demo, 2, recipient="Aetna", purpose="Claim")

    [row] = Disclosures(demo.session_factory, DESK).for_patient(1)
    assert (row.what, row.what_label, row.recipient, row.purpose) == (
        "visit_note",
        "Visit note",
        "Jo Smith, PT",
        "Care",
    )
    assert row.disclosed_at == at and row.patient_id == 1
    assert (row.disclosed_by, row.disclosed_by_name) == ("desk", "Dana Desk")
    [other] = Disclosures(demo.session_factory, DESK).for_patient(2)
    assert other.recipient == "Aetna"


def test_the_log_is_written_with_the_callers_unit_of_work_or_not_at_all(demo):
    with pytest.raises(RuntimeError), demo.session_factory.begin() as session:
        log_disclosure(session, DESK, patient_id=1, what="homecare", recipient="P", purpose="x")
        raise RuntimeError("the document failed to issue")
    assert Disclosures(demo.session_factory, DESK).for_patient(1) == []


def test_a_disclosure_without_recipient_or_purpose_is_refused_in_plain_words(demo):
    with pytest.raises(InvalidInput) as refused:
        _log(demo, 1, recipient=" ", purpose="")
    assert set(refused.value.problems) == {"recipient", "purpose"}
    assert "Say who receives it" in str(refused.value)
    assert Disclosures(demo.session_factory, DESK).for_patient(1) == []


def test_the_period_limits_what_is_read(demo):
    _log(demo, 1, at=datetime(2020, 1, 1, 9, tzinfo=UTC))
    _log(demo, 1, at=datetime(2026, 5, 4, 23, 59, tzinfo=UTC))
    rows = Disclosures(demo.session_factory, DESK).for_patient(
        1, start=date(2026, 1, 1), end=date(2026, 5, 4)
    )
    assert [r.disclosed_at.year for r in rows] == [2026]


def test_reading_the_log_follows_the_permission_table(demo):
    nobody = Actor("x", "Xavier", frozenset())
    with pytest.raises(PermissionDenied, match="disclosure log"):
        Disclosures(demo.session_factory, nobody).for_patient(1)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE disclosure SET recipient = 'someone else'", "DELETE FROM disclosure"],
)
def test_raw_sql_cannot_change_or_remove_a_disclosure(demo, statement):
    _log(demo, 1)
    with pytest.raises(DBAPIError, match="disclosure log cannot be"), demo.engine.begin() as c:
        c.execute(text(statement))
    [row] = Disclosures(demo.session_factory, DESK).for_patient(1)
    assert row.recipient == "Patient"


def test_truncate_is_refused_on_postgresql(demo):
    if demo.is_sqlite:
        pytest.skip("PostgreSQL only")
    _log(demo, 1)
    with pytest.raises(DBAPIError, match="cannot be emptied"), demo.engine.begin() as c:
        c.execute(text("TRUNCATE disclosure"))


def test_check_is_clean_and_notices_a_dropped_guard(demo):
    _log(demo, 1)
    assert check_clinic(demo).problems == []
    with demo.engine.begin() as connection:
        if demo.is_sqlite:
            connection.execute(text("DROP TRIGGER disclosure_no_delete"))
        else:
            connection.execute(text("DROP TRIGGER disclosure_append_only ON disclosure"))
    assert "disclosure" in "\n".join(check_clinic(demo).problems)


def test_a_destroyed_chart_keeps_its_accounting_of_disclosures(demo):
    actor = command_line_actor()
    retention = Retention(demo.session_factory, actor)
    gone = retention.eligible(FAR_FUTURE)[-1].patient_id
    _log(demo, gone, recipient="Dr. Lee", purpose="Continuity of care")

    retention.destroy(gone, "past retention", today=FAR_FUTURE)

    with demo.engine.connect() as connection:
        kept = connection.execute(
            text("SELECT recipient FROM disclosure WHERE patient_id = :p"), {"p": gone}
        ).scalars()
        assert list(kept) == ["Dr. Lee"]
    assert check_clinic(demo).problems == []


def test_a_clinic_from_before_the_log_is_upgraded_and_checks_clean(db_url):
    from sportacu_desktop.services.context import Clinic
    from sportacu_desktop.storage.engine import make_engine
    from sportacu_desktop.storage.schema import current_revision, upgrade

    engine = make_engine(db_url)
    upgrade(engine, "0007")
    assert "disclosure" not in text_tables(engine)
    engine.dispose()
    clinic = Clinic.open(db_url)
    try:
        create_demo_clinic(clinic, command_line_actor(), patients=2, seed=5, today=TODAY)
        assert current_revision(clinic.engine) == "0008"
        _log(clinic, 1)
        assert check_clinic(clinic).problems == []
    finally:
        clinic.close()


def text_tables(engine) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(engine).get_table_names())
