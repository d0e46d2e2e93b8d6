"""Writing an import all or nothing, without holding the clinic's write lock for long.

Every row is staged first, in batches, into a temporary table of the importing
connection (other workstations keep writing meanwhile: a temporary table takes no lock
on the clinic database, and vanishes with the connection); then one short transaction
copies them all into the patient and insurance tables with two INSERT … SELECT
statements and records the audit event. A cancel, a crash or an error before that
commit leaves the clinic as it was.
"""

from datetime import UTC, datetime
from typing import cast

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.identifiers import chart_number
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.registration import CheckedRegistration, insurance_columns
from sportacu_desktop.storage.base import UTCDateTime
from sportacu_desktop.storage.engine import WRITE_OPTION
from sportacu_desktop.storage.patients import Insurance, Patient
from sportacu_desktop.storage.search import patient_search_key

BATCH_ROWS = 5_000
# A patient registered elsewhere while the file was staged takes the chart numbers the
# staged rows were given: they are numbered again, at most this many times.
NUMBERING_ATTEMPTS = 5
PUBLISH_CACHE_KIB = 64 * 1024
_TRACKED = ("id", "created_at", "created_by", "updated_at", "updated_by", "version")
_PATIENT_COLUMNS = [c.name for c in Patient.__table__.columns if c.name not in _TRACKED]
_COVERAGE_COLUMNS = (
    "payer",
    "member_id",
    "group_number",
    "subscriber_name",
    "subscriber_dob",
    "subscriber_address",
    "relationship_to_subscriber",
)
_STAGED = Table(
    "patient_import_staged",
    MetaData(),
    Column("seq", Integer, primary_key=True),
    *(Column(c.name, c.type) for c in Patient.__table__.columns if c.name in _PATIENT_COLUMNS),
    *(Column(name, Insurance.__table__.c[name].type) for name in _COVERAGE_COLUMNS),
    Column("insured", Boolean),
    prefixes=["TEMPORARY"],
)


class ImportBusy(UserError, ValueError):
    """Other workstations kept registering patients while the file was being imported."""


class ImportCancelled(Exception):
    pass


def write_patients(
    session_factory, actor: Actor, ready: list[tuple[int, CheckedRegistration]], progress
) -> list[str]:
    """Register the checked rows ``ready`` (line, registration of a new patient with at
    most a primary insurance) all or nothing, as described above; returns their chart
    numbers in order. ``progress`` (done, total) follows the staging; its False cancels
    (ImportCancelled)."""
    engine = session_factory.kw["bind"]
    with engine.connect() as connection:
        with connection.begin():
            # A pooled connection may still hold the table of an import that failed.
            _STAGED.drop(connection, checkfirst=True)
            _STAGED.create(connection)
        try:
            for _attempt in range(NUMBERING_ATTEMPTS):
                with connection.begin():
                    base = _chart_base(connection)
                _stage(connection, ready, base, progress)
                created = _publish(connection, actor, len(ready), base)
                if created:
                    _merge_search_index(connection)
                    return created
            raise ImportBusy(
                "Other workstations kept registering patients during the import, so it was "
                "not finished; nothing was imported. Try again at a quieter moment."
            )
        finally:
            with connection.begin():
                _STAGED.drop(connection, checkfirst=True)


def _chart_base(connection) -> int:
    """The sequence number of the newest chart: imported charts follow it."""
    last = connection.scalar(select(func.max(Patient.chart_number)))
    return int(last.rsplit("-", 1)[1]) if last else 0


def _staged_row(seq: int, chart: str, checked: CheckedRegistration) -> dict:
    if checked.profile or checked.changes or checked.intake or set(checked.insurance) - {1}:
        raise ValueError("an import registers demographics and a primary insurance only")
    values, coverage = checked.details, checked.insurance.get(1)
    if values is None:
        raise ValueError("an import row always carries the patient's details")
    row = {name: values.get(name, "") for name in _PATIENT_COLUMNS}
    row.update(
        seq=seq,
        chart_number=chart,
        search_key=patient_search_key(
            first_name=values["first_name"],
            last_name=values["last_name"],
            preferred_name=values["preferred_name"],
            chart_number=chart,
            date_of_birth=values["date_of_birth"],
            phone=values["phone"],
        ),
        archived_at=None,
        insured=coverage is not None,
    )
    columns = insurance_columns(coverage) if coverage else {}
    row.update({name: columns.get(name) for name in _COVERAGE_COLUMNS})
    return row


def _stage(connection, ready, base: int, progress) -> None:
    total = len(ready)
    with connection.begin():
        connection.execute(_STAGED.delete())
    for start in range(0, total, BATCH_ROWS):
        batch = [
            _staged_row(seq, chart_number(base + seq), checked)
            for seq, (_line, checked) in enumerate(
                ready[start : start + BATCH_ROWS], start=start + 1
            )
        ]
        with connection.begin():
            connection.execute(insert(_STAGED), batch)
        done = start + len(batch)
        if progress and progress(done, total) is False:
            raise ImportCancelled("Import cancelled; no patient was imported.")


def _publish(connection, actor: Actor, total: int, base: int) -> list[str]:
    """The one short write; returns the new chart numbers, or none (nothing written) if
    the staged ones were taken meanwhile."""
    patient, insurance = cast(Table, Patient.__table__), cast(Table, Insurance.__table__)
    staged = _STAGED.c
    now = literal(datetime.now(UTC), UTCDateTime())
    who = literal(actor.username, String(120))
    stamps = (now, who, now, who, literal(1))
    cache = _larger_page_cache(connection)
    connection.execution_options(**{WRITE_OPTION: True})  # BEGIN IMMEDIATE on SQLite
    try:
        with connection.begin():
            if _chart_base(connection) != base:
                return []
            deferred = _defer_search_merges(connection)
            columns = [*_PATIENT_COLUMNS, "created_at", "created_by", "updated_at"]
            columns += ["updated_by", "version"]
            connection.execute(
                insert(patient).from_select(
                    columns,
                    select(*(staged[name] for name in _PATIENT_COLUMNS), *stamps).order_by(
                        staged.seq
                    ),
                )
            )
            coverage = ["patient_id", "rank", *_COVERAGE_COLUMNS, "active"]
            coverage += ["created_at", "created_by", "updated_at", "updated_by", "version"]
            connection.execute(
                insert(insurance).from_select(
                    coverage,
                    select(
                        patient.c.id,
                        literal(1),
                        *(staged[name] for name in _COVERAGE_COLUMNS),
                        literal(True),
                        *stamps,
                    )
                    .join_from(_STAGED, patient, patient.c.chart_number == staged.chart_number)
                    .where(staged.insured.is_(True))
                    .order_by(staged.seq),
                )
            )
            if deferred:
                _restore_search_merges(connection)
            created = [chart_number(base + seq) for seq in range(1, total + 1)]
            with Session(bind=connection) as session:
                audit.record(
                    session,
                    actor,
                    "import",
                    entity="patient",
                    detail=f"{total} patients imported ({created[0]}–{created[-1]})",
                )
                session.flush()
    finally:
        connection.execution_options(**{WRITE_OPTION: False})
        if cache is not None:
            with connection.begin():
                connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
    return created


def _larger_page_cache(connection) -> int | None:
    """Give SQLite 64 MiB of page cache for the publishing transaction, so that the new
    rows and index pages stay in memory until the commit instead of spilling to the WAL
    while the write lock is held (about a fifth of its time). Returns the size to put
    back; None on other databases."""
    if connection.dialect.name != "sqlite":
        return None
    with connection.begin():
        previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size = -{PUBLISH_CACHE_KIB}")
    return previous


# The SQLite patient search index (FTS5, migration 0012) is kept by triggers: each new
# patient adds its trigrams. Merging the index's segments as they pile up is most of that
# work; during the publish it is put off (the index is complete and correct unmerged) and
# done afterwards in small steps, each its own short transaction.
SEARCH_INDEX = "patient_search"
MERGE_STEP_PAGES = 200
MAX_MERGE_STEPS = 1000


def _has_search_index(connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SEARCH_INDEX,)
    )
    return found.first() is not None


def _search_command(connection, command: str, value: int) -> None:
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}, rank) VALUES (?, ?)", (command, value)
    )


def _defer_search_merges(connection) -> bool:
    if not _has_search_index(connection):
        return False
    _search_command(connection, "automerge", 0)
    _search_command(connection, "crisismerge", 1000)
    return True


def _restore_search_merges(connection) -> None:
    """FTS5's defaults, as the migration left them, before the publish commits."""
    _search_command(connection, "automerge", 4)
    _search_command(connection, "crisismerge", 16)


def _merge_search_index(connection) -> None:
    with connection.begin():
        present = _has_search_index(connection)
    if not present:
        return
    raw = connection.connection.driver_connection
    connection.execution_options(**{WRITE_OPTION: True})
    try:
        for _step in range(MAX_MERGE_STEPS):
            with connection.begin():
                before = raw.total_changes
                _search_command(connection, "merge", MERGE_STEP_PAGES)
                if raw.total_changes - before <= 1:  # nothing left to merge
                    return
    finally:
        connection.execution_options(**{WRITE_OPTION: False})
