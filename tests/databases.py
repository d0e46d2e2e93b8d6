"""The database backends every storage and service test runs on."""

import atexit
import functools
import os
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("TEST_PG_URL")


def fresh_pg_database(template: str | None = None) -> tuple[str, callable]:
    """A new database on the test server (a copy of ``template`` if given) and its drop."""
    admin_url = make_url(PG_URL)
    name = f"sportacu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@functools.cache
def migrated_pg_template() -> str:
    """A database migrated to the newest schema, once per test process, for
    ``fresh_pg_database(template=...)``: copying it is cheaper than migrating anew."""
    from sportacu_desktop.services.context import Clinic

    url, drop = fresh_pg_database()
    Clinic.open(url).close()  # no connection may stay open on a template
    atexit.register(drop)
    return make_url(url).database


@functools.cache
def migrated_sqlite_template() -> Path:
    """The same for SQLite: a migrated file, copied per test."""
    from sportacu_desktop.services.context import Clinic

    path = Path(tempfile.mkdtemp(prefix="sportacu-template-")) / "clinic.db"
    Clinic.open(f"sqlite:///{path}").close()
    return path
