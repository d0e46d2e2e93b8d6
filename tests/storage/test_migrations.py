"""Alembic migrations: a new database, a first-release database with data, drift, the future."""

import sqlite3
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, MetaData, String, inspect, select, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.services import audit
from sportacu_desktop.storage.clinical import Visit
from sportacu_desktop.storage.engine import make_session_factory, sqlite_path
from sportacu_desktop.storage.errors import DatabaseTooNew
from sportacu_desktop.storage.models import Base
from sportacu_desktop.storage.patients import Patient
from sportacu_desktop.storage.practice import Practice
from sportacu_desktop.storage.schema import (
    MIGRATIONS,
    current_revision,
    ensure_schema,
    head_revision,
    upgrade,
)
from tests.storage.conftest import ACTOR, backend_of

FIRST_RELEASE = "0001"
WRITTEN_AT = datetime(2026, 3, 2, 14, 30, 5, 123456, tzinfo=UTC)


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def _schema_diff(connection: Connection, metadata: MetaData) -> list:
    from sportacu_desktop.storage.search import is_search_index

    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            # The search index lives beside the models, made and kept by its migration.
            "include_object": lambda obj, name, *_: not is_search_index(name),
        },
    )
    return compare_metadata(context, metadata)


def test_migration_history_is_one_line():
    script = ScriptDirectory(str(MIGRATIONS))
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    assert [rev.revision for rev in script.walk_revisions()][-1] == FIRST_RELEASE


def test_empty_database_is_upgraded_to_head_with_every_table(engine, tmp_path):
    before = _files(tmp_path)

    saved = ensure_schema(engine)

    assert saved is None, "an empty database has nothing worth copying aside"
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    missing = set(Base.metadata.tables) - tables
    assert not missing, f"tables not created by the migrations: {sorted(missing)}"
    assert "alembic_version" in tables
    if backend_of(str(engine.url)) == "sqlite":
        assert not [n for n in _files(tmp_path) if n not in before and "before-upgrade" in n]


def test_database_at_head_is_left_alone(engine, tmp_path):
    ensure_schema(engine)
    before = _files(tmp_path)

    assert ensure_schema(engine) is None
    assert _files(tmp_path) == before
    assert current_revision(engine) == head_revision()


def test_migrated_schema_matches_the_models(engine):
    ensure_schema(engine)
    with engine.connect() as connection:
        diff = _schema_diff(connection, Base.metadata)
    assert diff == [], "models and migrations disagree; write a migration:\n" + "\n".join(
        map(repr, diff)
    )


def test_schema_comparison_notices_a_model_change(engine):
    """Guards the test above: the comparison must see a column the migrations lack."""
    ensure_schema(engine)
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["patient"].append_column(Column("nickname", String(40), nullable=True))
    with engine.connect() as connection:
        diff = _schema_diff(connection, changed)
    added = [(d[2], d[3].name) for d in diff if d[0] == "add_column"]
    assert added == [("patient", "nickname")]


def _fill_like_the_first_release(connection: Connection) -> None:
    """Rows written with the first release's own tables, not with today's models."""
    tables = MetaData()
    tables.reflect(connection, only=["practice", "app_user", "patient", "visit"])
    tracked = {
        "created_at": WRITTEN_AT,
        "created_by": "frontdesk",
        "updated_at": WRITTEN_AT,
        "updated_by": "frontdesk",
        "version": 1,
    }
    connection.execute(
        tables.tables["practice"].insert(),
        {
            "id": 1,
            "name": "Tempo Sports Acupuncture",
            "address_line1": "12 Track Lane",
            "address_line2": "",
            "city": "Boulder",
            "state": "CO",
            "postal_code": "80302",
            "phone": "303-555-0100",
            "ein": "12-3456789",
            "npi": "1234567893",
            "taxonomy": "171100000X",
            "place_of_service": "11",
            **tracked,
        },
    )
    connection.execute(
        tables.tables["app_user"].insert(),
        {
            "id": 1,
            "username": "lchen",
            "display_name": "Lin Chen",
            "credentials": "L.Ac.",
            "roles": "practitioner",
            "password_hash": None,
            "npi": "1245319599",
            "license_number": "AC-1234",
            "license_state": "CO",
            "taxonomy": "171100000X",
            "active": True,
            "failed_logins": 0,
            "locked_until": None,
            **tracked,
        },
    )
    connection.execute(
        tables.tables["patient"].insert(),
        {
            "id": 1,
            "chart_number": "C0001",
            "first_name": "Maya",
            "last_name": "Okafor",
            "preferred_name": "",
            "date_of_birth": date(1988, 4, 17),
            "sex": "F",
            "phone": "720-555-0142",
            "email": "",
            "address_line1": "",
            "address_line2": "",
            "city": "",
            "state": "",
            "postal_code": "",
            "emergency_name": "",
            "emergency_phone": "",
            "emergency_relation": "",
            "notes": "Trail ultras; left Achilles since March.",
            "search_key": "okafor maya c0001 1988-04-17 7205550142",
            "archived_at": None,
            **tracked,
        },
    )
    connection.execute(
        tables.tables["visit"].insert(),
        {
            "id": 1,
            "patient_id": 1,
            "episode_id": None,
            "provider_id": 1,
            "visit_date": date(2026, 3, 2),
            "status": "signed",
            "pain_nrs": 6,
            "response_to_last": "",
            "training_since": "40 km, one long run",
            "subjective": "Achilles stiff in the morning.",
            "objective": "",
            "palpation": "",
            "assessment": "",
            "plan": "",
            "recommendations": "",
            "contact_minutes": 45,
            "needles_in": 12,
            "needles_out": 12,
            "needle_count_exception": "",
            "signed_at": WRITTEN_AT,
            "signed_by_id": 1,
            **tracked,
        },
    )


def test_first_release_database_upgrades_with_its_data(engine, tmp_path):
    upgrade(engine, FIRST_RELEASE)
    assert current_revision(engine) == FIRST_RELEASE
    with engine.begin() as connection:
        _fill_like_the_first_release(connection)

    saved = ensure_schema(engine)

    assert current_revision(engine) == head_revision()
    with make_session_factory(engine)() as session:
        practice = session.get(Practice, 1)
        patient = session.get(Patient, 1)
        visit = session.get(Visit, 1)
        assert practice.name == "Tempo Sports Acupuncture"
        assert (patient.chart_number, patient.last_name) == ("C0001", "Okafor")
        assert patient.date_of_birth == date(1988, 4, 17)
        assert patient.notes == "Trail ultras; left Achilles since March."
        assert patient.created_at == WRITTEN_AT
        assert patient.version == 1
        assert (visit.patient_id, visit.needles_in, visit.signed_at) == (1, 12, WRITTEN_AT)
        assert visit.subjective == "Achilles stiff in the morning."

    if backend_of(str(engine.url)) == "sqlite":
        _assert_is_first_release_copy(saved, tmp_path)

    # The upgrade brought the audit trail's append-only triggers with it.
    with make_session_factory(engine).begin() as session:
        audit.record(session, ACTOR, "view", patient_id=1, entity="patient", entity_id=1)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET detail = 'x'"))
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event"))


def _assert_is_first_release_copy(saved, folder) -> None:
    assert saved is not None, "an older SQLite database must be copied aside before upgrading"
    assert saved.exists()
    assert saved.parent == folder
    assert saved != sqlite_path(f"sqlite:///{folder / 'clinic.db'}")
    assert "0001" in saved.name
    copy = sqlite3.connect(saved)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT chart_number, last_name FROM patient").fetchall() == [
            ("C0001", "Okafor")
        ]
        assert copy.execute("SELECT patient_id, needles_out FROM visit").fetchall() == [(1, 12)]
        assert copy.execute("SELECT name FROM practice").fetchall() == [
            ("Tempo Sports Acupuncture",)
        ]
    finally:
        copy.close()


def test_database_from_a_newer_app_is_refused_untouched(engine, tmp_path):
    ensure_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    before = _files(tmp_path)

    with pytest.raises(DatabaseTooNew, match="newer SportAcu Desktop"):
        ensure_schema(engine)

    assert current_revision(engine) == "9999_future"
    assert _files(tmp_path) == before, "nothing is copied or created for a refused database"
    with engine.connect() as connection:
        assert connection.execute(select(Base.metadata.tables["patient"].c.id)).all() == []


def test_head_constant_matches_the_migration_scripts():
    """Start-up compares against the constant instead of importing Alembic."""
    from sportacu_desktop.storage.schema import HEAD_REVISION

    assert head_revision() == HEAD_REVISION
