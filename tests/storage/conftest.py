"""Fixtures for storage tests: raw engines on each backend and a way around the triggers."""

from datetime import date

import pytest
from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from sportacu_desktop.services.context import Actor
from sportacu_desktop.storage.engine import make_engine
from sportacu_desktop.storage.patients import Patient

ACTOR = Actor("frontdesk", "Front Desk", frozenset())


def backend_of(url: str) -> str:
    return make_url(url).get_backend_name()


@pytest.fixture
def engine(db_url):
    """An engine on the empty database behind ``db_url``, nothing migrated yet."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def actor() -> Actor:
    return ACTOR


def new_patient(chart: str = "C0001", **fields) -> Patient:
    values = {
        "chart_number": chart,
        "first_name": "Maya",
        "last_name": "Okafor",
        "date_of_birth": date(1988, 4, 17),
        "created_by": ACTOR.username,
        "updated_by": ACTOR.username,
    }
    values.update(fields)
    return Patient(**values)


def drop_audit_triggers(connection: Connection) -> None:
    """What someone holding the database file (or a superuser) can always do."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        connection.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
    else:
        connection.exec_driver_sql("DROP TRIGGER audit_event_append_only ON audit_event")
