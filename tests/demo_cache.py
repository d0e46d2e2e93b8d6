"""Demo clinics built once per test process and copied into each test's own database.

``create_demo_clinic`` on the test's empty clinic, the first time a kind (backend,
patients, seed, day) is asked for; then the database is kept as a template, and the next
test asking for the same kind gets a copy of it in its own database: the same rows,
without generating them again. Every ``clinic`` fixture is a copy of one migrated
database (``tests.databases``), so a template and the clinic it is copied into share
their identity; the audit anchor of the copy is written as the demo would have left it.
"""

import atexit
import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from sportacu_desktop.services import anchor
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.storage.audit import AuditEvent
from tests.databases import PG_URL

_templates: dict[tuple, tuple[str, Any]] = {}
_folder = Path(tempfile.mkdtemp(prefix="sportacu-demo-templates-"))


def demo_clinic(
    clinic: Clinic, actor: Actor, *, patients: int, seed: int, today: date | None = None
):
    """Like ``create_demo_clinic(clinic, actor, ...)``, from a copy when one was built."""
    key = (clinic.engine.dialect.name, patients, seed, today)
    if key in _templates:
        template, summary = _templates[key]
        _copy_into(clinic, template)
        return summary
    summary = create_demo_clinic(clinic, actor, patients=patients, seed=seed, today=today)
    _templates[key] = (_keep(clinic), summary)
    return summary


def _sqlite_path(clinic: Clinic) -> Path:
    database = make_url(clinic.url).database
    assert database, "a demo template needs a database file"
    return Path(database)


def _keep(clinic: Clinic) -> str:
    if clinic.is_sqlite:
        with clinic.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        clinic.engine.dispose()
        kept = _folder / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(_sqlite_path(clinic), kept)
        return str(kept)
    clinic.engine.dispose()  # a template database may have no open connection
    name = f"sportacu_demo_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(clinic.url).database}"')
    atexit.register(_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return name


def _copy_into(clinic: Clinic, template: str) -> None:
    clinic.engine.dispose()
    if clinic.is_sqlite:
        path = _sqlite_path(clinic)
        for extra in ("-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        shutil.copyfile(template, path)
        path.chmod(0o600)
    else:
        name = make_url(clinic.url).database
        _admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    with clinic.session_factory() as session:
        head = session.execute(
            select(AuditEvent.id, AuditEvent.hash).where(
                AuditEvent.id == select(func.max(AuditEvent.id)).scalar_subquery()
            )
        ).one()
        identity = anchor.identity_of(session)
        assert identity is not None
        anchor.write_anchor(identity, head.id, head.hash, anchor.location_of(session), force=True)


def _admin(statement: str) -> None:
    admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()
