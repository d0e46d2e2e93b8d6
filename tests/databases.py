"""The database backends every storage and service test runs on."""

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("TEST_PG_URL")


def fresh_pg_database() -> tuple[str, callable]:
    admin_url = make_url(PG_URL)
    name = f"sportacu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
