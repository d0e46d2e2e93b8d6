"""Import patients from another system's CSV export: all or nothing, every problem named."""

import csv
import io
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.domain.patients import InsuranceInput, PatientInput
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.text import fold
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.patient_import_staging import (  # noqa: F401 (re-exported)
    ImportBusy,
    ImportCancelled,
    write_patients,
)
from sportacu_desktop.services.registration import (
    CheckedRegistration,
    Registration,
    check_registration,
)
from sportacu_desktop.storage.patients import Patient

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


class ImportFileError(InvalidInput):
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
    ready: list[tuple[int, CheckedRegistration]] = field(default_factory=list, repr=False)
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
    rows: list[tuple[int, dict[str, str]]] = []
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


def _check_row(values: dict[str, str], today: date) -> CheckedRegistration:
    """The row as a new patient's registration, checked the way the patient form is."""
    patient = PatientInput(**{c: values.get(c, "") for c in PATIENT_COLUMNS})
    coverage = InsuranceInput(**{c: values.get(c, "") for c in INSURANCE_COLUMNS})
    orphan = not coverage.payer.strip() and bool(
        coverage.member_id.strip() or coverage.group_number.strip()
    )
    typed = bool(coverage.payer.strip())
    registration = Registration(details=patient, insurance={1: coverage} if typed else {})
    problems = v.FieldErrors()
    if orphan:
        problems.add("payer", "A member ID or group number is given without a payer.")
    try:
        checked = check_registration(registration, today)
    except v.FieldErrors as errors:
        problems.errors.update(errors.errors)
    problems.raise_if_any()
    return checked


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
    require(actor, Action.REGISTER_PATIENT)
    today = today or date.today()
    rows = read_rows(data)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    with session_factory() as session:
        known = _existing(session)
    seen: dict[tuple[str, str, date], int] = {}
    for line, values in rows:
        try:
            checked = _check_row(values, today)
        except v.FieldErrors as errors:
            report.problems.append(RowNote(line, " ".join(errors.errors.values())))
            continue
        patient = checked.details
        if patient is None:
            raise ValueError("an import row always carries the patient's details")
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
            report.ready.append((line, checked))
    if report.problems or dry_run or not report.ready:
        return report
    report.created = write_patients(session_factory, actor, report.ready, progress)
    return report
