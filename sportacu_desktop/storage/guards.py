"""The database's guard triggers: what is there, and what the migrations would create.

``sportacu check`` compares the two by exact definition, so a guard that was dropped,
replaced by one that does nothing, disabled (PostgreSQL) or joined by an extra trigger is
found. What the migrations create is learned by running them on a scratch database: an
in-memory SQLite one, or on PostgreSQL a scratch schema inside a transaction that is
rolled back.
"""

import re
from functools import cache

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import StaticPool

# Tables whose rows, once signed or issued, must never change. A table in this list that
# exists must carry at least one guard.
GUARDED_TABLES = (
    "visit",
    "audit_event",
    "point_treatment",
    "dry_needling",
    "electro_stim",
    "cupping_treatment",
    "special_test_result",
    "range_of_motion",
    "muscle_test",
    "adverse_event",
    "addendum",
    "issued_document",
    "superbill_line",
    "superbill_reopening",
    "billing_line",
    "destruction_order",
    "signed_visit_diagnosis",
    "outcome_measure",
    "disclosure",
)
_SPACE = re.compile(r"\s+")


def _normal(sql: str) -> str:
    return _SPACE.sub(" ", sql).strip().rstrip(";").strip()


def sqlite_triggers(connection: Connection) -> dict[str, tuple[str, str]]:
    """Trigger name -> (table, normalised definition)."""
    rows = connection.execute(
        text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
    )
    return {name: (table, _normal(sql or "")) for name, table, sql in rows}


def postgresql_triggers(connection: Connection, schema: str) -> dict[str, tuple[str, str]]:
    """Trigger name -> (table, normalised definition with its function's source)."""
    rows = connection.execute(
        text(
            "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid), t.tgenabled, "
            "p.proname, p.prosrc "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal AND n.nspname = :schema"
        ),
        {"schema": schema},
    )
    found = {}
    for name, table, definition, enabled, function, source in rows:
        definition = definition.replace(f"{schema}.", "")
        state = "enabled" if enabled == "O" else f"state {enabled}"
        found[name] = (table, _normal(f"{definition} [{state}] {function}: {source}"))
    return found


def triggers_of(connection: Connection) -> dict[str, tuple[str, str]]:
    if connection.dialect.name == "sqlite":
        return sqlite_triggers(connection)
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    return postgresql_triggers(connection, schema)


@cache
def _expected_sqlite(revision: str) -> dict[str, tuple[str, str]]:
    from sportacu_desktop.storage.schema import upgrade

    scratch = create_engine("sqlite://", poolclass=StaticPool)
    try:
        upgrade(scratch, revision)
        with scratch.connect() as connection:
            return sqlite_triggers(connection)
    finally:
        scratch.dispose()


def _expected_postgresql(connection: Connection, revision: str) -> dict[str, tuple[str, str]]:
    from alembic import command

    from sportacu_desktop.storage.schema import _config

    schema = "sportacu_expected_guards"
    # A connection of its own, in a transaction that is always rolled back: PostgreSQL
    # undoes the scratch schema, its tables and its triggers with it.
    with connection.engine.connect() as scratch:
        transaction = scratch.begin()
        try:
            scratch.execute(text(f"CREATE SCHEMA {schema}"))
            scratch.execute(text(f"SET LOCAL search_path TO {schema}"))
            config = _config()
            config.attributes["connection"] = scratch
            command.upgrade(config, revision)
            return postgresql_triggers(scratch, schema)
        finally:
            transaction.rollback()


def expected_triggers(connection: Connection, revision: str) -> dict[str, tuple[str, str]]:
    """The triggers the migrations up to ``revision`` create, as ``triggers_of`` reads them."""
    if connection.dialect.name == "sqlite":
        return _expected_sqlite(revision)
    return _expected_postgresql(connection, revision)


def existing_tables(connection: Connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(connection).get_table_names())
