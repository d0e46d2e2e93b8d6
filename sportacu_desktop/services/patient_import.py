"""Import patients from another system's CSV export: all or nothing, every problem named."""

import csv
import io
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

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
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.identifiers import chart_number
from sportacu_desktop.domain.patient_rules import clean_insurance, clean_patient
from sportacu_desktop.domain.patients import InsuranceInput, PatientInput
from sportacu_desktop.domain.text import fold
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.patient_records import REGISTRATION_ROLES
from sportacu_desktop.storage.base import UTCDateTime
from sportacu_desktop.storage.engine import WRITE_OPTION
from sportacu_desktop.storage.patients import Insurance, Patient
from sportacu_desktop.storage.search import patient_search_key

PATIENT_COLUMNS = (
    "last_name",
    "first_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
)
INSURANCE_COLUMNS = ("payer", "member_id", "group_number")
REQUIRED_COLUMNS = ("last_name", "first_name", "date_of_birth")
MAX_ROWS = 100_000
# 100,000 patients with every column filled take about 25 MB.
MAX_FILE_BYTES = 50 * 1024 * 1024


class ImportFileError(UserError, ValueError):
    """The file as a whole cannot be read as a patient list."""


def _check_import_file(path: Path, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise ImportFileError(f"{path} is not a file that can be imported.")
    if status.st_size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{path.name} is {status.st_size / 1e6:.0f} MB; a patient file can be at most "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Split it and import the parts."
        )


def read_import_file(path: Path | str) -> bytes:
    """The bytes of a patient file, refused before reading when it is no ordinary file
    (a device such as /dev/zero, a pipe, a folder) or larger than MAX_FILE_BYTES."""
    path = Path(path)
    try:
        # Checked before opening too: opening a pipe would wait for a writer.
        _check_import_file(path, os.stat(path))
        with open(path, "rb") as handle:
            _check_import_file(path, os.fstat(handle.fileno()))
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise ImportFileError(f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    return data


class ImportCancelled(Exception):
    pass


@dataclass(frozen=True)
class RowNote:
    row: int  # line number in the file; the header is row 1
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[RowNote] = field(default_factory=list)
    duplicates: list[RowNote] = field(default_factory=list)
    ready: list[tuple[int, dict, dict | None]] = field(default_factory=list, repr=False)
    created: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {exc.start + 1}); save it as CSV UTF-8 and retry."
        ) from None
    if "\x00" in text:
        raise ImportFileError("The file contains NUL bytes: it is not a CSV text file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty: it needs a header row and patients.") from None
    except csv.Error as exc:
        raise ImportFileError(f"The header row cannot be read as CSV: {exc}.") from None
    names = [fold(name.strip()).replace(" ", "_") for name in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise ImportFileError(
            "The header row lacks the column(s) "
            + ", ".join(missing)
            + "; it needs at least "
            + ", ".join(REQUIRED_COLUMNS)
            + "."
        )
    rows = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS} rows; split it.")
            values = {
                name: (record[i] if i < len(record) else "") for i, name in enumerate(names) if name
            }
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num} cannot be read as CSV: {exc}.") from None
    return rows


def _check_row(values: dict[str, str], today: date) -> tuple[dict, dict | None]:
    patient = clean_patient(PatientInput(**{c: values.get(c, "") for c in PATIENT_COLUMNS}), today)
    coverage = None
    payer_given = values.get("payer", "").strip()
    if payer_given:
        coverage = clean_insurance(
            InsuranceInput(**{c: values.get(c, "") for c in INSURANCE_COLUMNS}), today
        )
    elif values.get("member_id", "").strip() or values.get("group_number", "").strip():
        raise v.FieldErrors({"payer": "A member ID or group number is given without a payer."})
    return patient, coverage


def _identity(values: dict) -> tuple[str, str, date]:
    return fold(values["first_name"]), fold(values["last_name"]), values["date_of_birth"]


def _existing(session: Session) -> dict[tuple[str, str, date], str]:
    rows = session.execute(
        select(Patient.first_name, Patient.last_name, Patient.date_of_birth, Patient.chart_number)
    )
    return {(fold(f), fold(last), dob): chart for f, last, dob, chart in rows}


def import_patients(
    session_factory: sessionmaker[Session],
    actor: Actor,
    data: bytes,
    *,
    dry_run: bool = False,
    today: date | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> ImportReport:
    """Check every row; write them all, all or nothing, only if none is bad."""
    require(actor, *REGISTRATION_ROLES)
    today = today or date.today()
    rows = read_rows(data)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    with session_factory() as session:
        known = _existing(session)
    seen: dict[tuple[str, str, date], int] = {}
    for line, values in rows:
        try:
            patient, coverage = _check_row(values, today)
        except v.FieldErrors as errors:
            report.problems.append(RowNote(line, " ".join(errors.errors.values())))
            continue
        key = _identity(patient)
        if key in known:
            report.duplicates.append(
                RowNote(
                    line,
                    f"{patient['first_name']} {patient['last_name']} is already registered "
                    f"as {known[key]}; not imported again",
                )
            )
        elif key in seen:
            report.duplicates.append(
                RowNote(line, f"same patient as row {seen[key]}; imported once")
            )
        else:
            seen[key] = line
            report.ready.append((line, patient, coverage))
    if report.problems or dry_run or not report.ready:
        return report
    _write(session_factory, actor, report, progress)
    return report


# -- writing: staged outside the write lock, published in one short transaction ------------

BATCH_ROWS = 5_000
# A patient registered elsewhere while the file was staged takes the chart numbers the
# staged rows were given: they are numbered again, at most this many times.
NUMBERING_ATTEMPTS = 5
_TRACKED = ("id", "created_at", "created_by", "updated_at", "updated_by", "version")
_PATIENT_COLUMNS = [c.name for c in Patient.__table__.columns if c.name not in _TRACKED]
_COVERAGE_COLUMNS = ("payer", "member_id", "group_number")
# Rows wait here, in the importing connection's own temporary table, until published: a
# temporary table takes no lock on the clinic database, and vanishes with the connection.
_STAGED = Table(
    "patient_import_staged",
    MetaData(),
    Column("seq", Integer, primary_key=True),
    *(Column(c.name, c.type) for c in Patient.__table__.columns if c.name in _PATIENT_COLUMNS),
    *(Column(name, String(200)) for name in _COVERAGE_COLUMNS),
    Column("insured", Boolean),
    prefixes=["TEMPORARY"],
)


class ImportBusy(UserError):
    """Other workstations kept registering patients while the file was being imported."""


def _write(session_factory, actor: Actor, report: ImportReport, progress) -> None:
    """All or nothing, without holding the clinic's write lock for the whole file.

    Every row is staged first, in batches, into a temporary table (other workstations
    keep writing meanwhile); then one short transaction copies them all into the patient
    and insurance tables with two INSERT … SELECT statements and records the audit event.
    A cancel, a crash or an error before that commit leaves the clinic as it was.
    """
    engine = session_factory.kw["bind"]
    with engine.connect() as connection:
        with connection.begin():
            _STAGED.create(connection)
        try:
            for _attempt in range(NUMBERING_ATTEMPTS):
                with connection.begin():
                    base = _chart_base(connection)
                _stage(connection, report.ready, base, progress)
                if _publish(connection, actor, report, base):
                    return
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


def _staged_row(seq: int, chart: str, values: dict, coverage: dict | None) -> dict:
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
    row.update({name: (coverage or {}).get(name, "") for name in _COVERAGE_COLUMNS})
    return row


def _stage(connection, ready, base: int, progress) -> None:
    total = len(ready)
    with connection.begin():
        connection.execute(_STAGED.delete())
    for start in range(0, total, BATCH_ROWS):
        batch = [
            _staged_row(seq, chart_number(base + seq), values, coverage)
            for seq, (_line, values, coverage) in enumerate(
                ready[start : start + BATCH_ROWS], start=start + 1
            )
        ]
        with connection.begin():
            connection.execute(insert(_STAGED), batch)
        done = start + len(batch)
        if progress and progress(done, total) is False:
            raise ImportCancelled("Import cancelled; no patient was imported.")


def _publish(connection, actor: Actor, report: ImportReport, base: int) -> bool:
    """The one short write: False (nothing written) if the staged chart numbers were
    taken meanwhile."""
    patient, insurance, staged = Patient.__table__, Insurance.__table__, _STAGED.c
    now = literal(datetime.now(UTC), UTCDateTime())
    who = literal(actor.username, String(120))
    stamps = (now, who, now, who, literal(1))
    connection.execution_options(**{WRITE_OPTION: True})  # BEGIN IMMEDIATE on SQLite
    try:
        with connection.begin():
            if _chart_base(connection) != base:
                return False
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
            coverage = ["patient_id", "rank", *_COVERAGE_COLUMNS, "relationship_to_subscriber"]
            coverage += ["subscriber_name", "subscriber_address", "active"]
            coverage += ["created_at", "created_by", "updated_at", "updated_by", "version"]
            connection.execute(
                insert(insurance).from_select(
                    coverage,
                    select(
                        patient.c.id,
                        literal(1),
                        *(staged[name] for name in _COVERAGE_COLUMNS),
                        literal("self"),
                        literal(""),
                        literal(""),
                        literal(True),
                        *stamps,
                    )
                    .join_from(_STAGED, patient, patient.c.chart_number == staged.chart_number)
                    .where(staged.insured.is_(True))
                    .order_by(staged.seq),
                )
            )
            total = len(report.ready)
            report.created = [chart_number(base + seq) for seq in range(1, total + 1)]
            with Session(bind=connection) as session:
                audit.record(
                    session,
                    actor,
                    "import",
                    entity="patient",
                    detail=f"{total} patients imported ({report.created[0]}–{report.created[-1]})",
                )
                session.flush()
    finally:
        connection.execution_options(**{WRITE_OPTION: False})
    return True
