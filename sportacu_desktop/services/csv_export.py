"""Every record of the clinic as CSV files in one folder: the clinic's data, in an open format.

The export reads in one read-only transaction (the files agree with each other, and the
clinical data cannot change), writes into a hidden folder next to the one asked for, and
renames it into place only when everything is written: an export that fails or is
cancelled leaves nothing under the final name. Folders are 0700, files 0600. The format
is described in ``clinic_csv_format`` and, for whoever opens the folder, in its README.
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop import __version__
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.reports.csv_writer import csv_writer
from sportacu_desktop.services import audit
from sportacu_desktop.services.clinic_csv_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    README,
    blob_path,
    csv_name,
    encoder,
    exported_tables,
    is_binary,
    is_secret,
)
from sportacu_desktop.services.clinic_csv_readme import readme_text
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.csv_scope import Filter, patient_filters
from sportacu_desktop.services.exports import ExportNotWritten
from sportacu_desktop.storage.models import Patient
from sportacu_desktop.storage.private_files import FILE_MODE, make_private_folder
from sportacu_desktop.storage.schema import current_revision

Progress = Callable[[int, int], bool]
BATCH = 2000


class ExportCancelled(Exception):
    """The user stopped the export; nothing was written under the folder's name."""


@dataclass(frozen=True)
class CsvExportResult:
    folder: Path
    tables: int
    rows: int
    files: int  # binary values written as files (issued PDFs, the logo)
    bytes: int
    patient_id: int | None = None


def export_csv(
    session_factory: sessionmaker[Session],
    actor: Actor,
    out_dir: Path,
    *,
    patient_id: int | None = None,
    progress: Progress | None = None,
) -> CsvExportResult:
    """Write the clinic (or one patient's rows) into the new folder ``out_dir``."""
    require(actor, Action.EXPORT_CLINIC)
    out_dir = Path(out_dir)
    _check_target(out_dir)
    staging = _staging_folder(out_dir)
    try:
        with _read_only(session_factory) as connection:
            result = _write_all(connection, staging, out_dir, patient_id, progress)
        _fsync_folder(staging)
        _move_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with session_factory.begin() as session:
        scope = f"patient {patient_id}" if patient_id is not None else "whole clinic"
        audit.record(
            session,
            actor,
            "export",
            patient_id=patient_id,
            entity="clinic",
            detail=f"CSV export ({scope}): {result.tables} tables, {result.rows} rows",
        )
    return result


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise InvalidInput(
            f"{out_dir} already exists and is not an empty folder: choose a new folder "
            "name for the export."
        )


def _staging_folder(out_dir: Path) -> Path:
    try:
        make_private_folder(out_dir.parent)
        # mkdtemp makes the folder 0700 whatever the umask.
        return Path(
            tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".part", dir=out_dir.parent)
        )
    except OSError as exc:
        raise ExportNotWritten(
            f"Could not write the export in {out_dir.parent}: {exc.strerror or exc}."
        ) from None


def _move_into_place(staging: Path, out_dir: Path) -> None:
    try:
        if out_dir.is_dir():
            out_dir.rmdir()  # the empty folder the user chose
        os.rename(staging, out_dir)
    except OSError as exc:
        raise ExportNotWritten(f"Could not write {out_dir}: {exc.strerror or exc}.") from None


@contextmanager
def _read_only(session_factory: sessionmaker[Session]) -> Iterator[Connection]:
    """One snapshot of the database that this connection cannot change."""
    with session_factory() as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield connection
            return
        connection.exec_driver_sql("PRAGMA query_only = ON")
        try:
            yield connection
        finally:
            connection.exec_driver_sql("PRAGMA query_only = OFF")
            session.rollback()


class _Counter:
    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self._progress = 0, total, progress

    def add(self, rows: int) -> None:
        self.done += rows
        if self._progress is not None and self._progress(self.done, self.total) is False:
            raise ExportCancelled("The export was cancelled; no folder was written.")


def _write_all(
    connection: Connection,
    staging: Path,
    out_dir: Path,
    patient_id: int | None,
    progress: Progress | None,
) -> CsvExportResult:
    tables = exported_tables()
    scope = ""
    filters: dict[str, Filter] = {}
    if patient_id is not None:
        chart = connection.scalar(select(Patient.chart_number).where(Patient.id == patient_id))
        if chart is None:
            raise NotFound("That patient is not in this clinic.")
        filters = patient_filters(tables, patient_id)
        scope = f"one patient's record: chart {chart} (patient id {patient_id})"
    counts = {t.name: _count(connection, t, filters.get(t.name)) for t in tables}
    counter = _Counter(sum(counts.values()), progress)
    counter.add(0)
    entries, files, size = [], 0, 0
    for table in tables:
        entry, blobs, written = _write_table(
            connection, table, filters.get(table.name), staging, counter
        )
        entries.append(entry)
        files += blobs
        size += written
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": current_revision(connection.engine),
        "app_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scope": "patient" if patient_id is not None else "clinic",
        "patient_id": patient_id,
        "tables": entries,
    }
    readme = readme_text(tables, counts, scope).encode("utf-8")
    size += _write_file(staging / README, readme)
    size += _write_file(staging / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    return CsvExportResult(out_dir, len(tables), counter.done, files, size, patient_id)


def _count(connection: Connection, table: Table, where: Filter) -> int:
    query = select(func.count()).select_from(table)
    if where is not None:
        query = query.where(where)
    return connection.scalar(query) or 0


def _write_table(
    connection: Connection, table: Table, where: Filter, staging: Path, counter: _Counter
) -> tuple[dict, int, int]:
    columns = list(table.columns)
    # What each column's value becomes: None (an empty cell), a file, or a cell.
    kinds: list[str | Callable[[Any], Any]] = [
        "secret" if is_secret(table, c) else "file" if is_binary(c) else encoder(c) for c in columns
    ]
    keys = list(table.primary_key.columns)
    query = select(table).order_by(*keys)
    if where is not None:
        query = query.where(where)
    digest, rows, blobs, size = hashlib.sha256(), 0, 0, 0
    buffer = io.StringIO(newline="")
    writer = csv_writer(buffer)
    writer.writerow([column.name for column in columns])
    path = staging / csv_name(table)
    # A cancelled export closes the streaming cursor (on PostgreSQL a server-side one).
    with (
        _private_open(path) as out,
        connection.execution_options(yield_per=BATCH).execute(query) as result,
    ):
        for batch in result.partitions(BATCH):
            for row in batch:
                cells: list[Any] = []
                for column, kind, value in zip(columns, kinds, row, strict=True):
                    if value is None or kind == "secret":
                        cells.append(None)
                    elif kind == "file":
                        key = tuple(row._mapping[k.name] for k in keys)
                        relative = blob_path(table, column, key, value)
                        size += _write_file(staging / relative, value, make_folder=True)
                        blobs += 1
                        cells.append(str(relative))
                    elif callable(kind):
                        cells.append(kind(value))
                writer.writerow(cells)
            size += _flush(buffer, out, digest)
            rows += len(batch)
            counter.add(len(batch))
        size += _flush(buffer, out, digest)
    entry = {
        "name": table.name,
        "file": csv_name(table),
        "rows": rows,
        "columns": [column.name for column in columns],
        "sha256": digest.hexdigest(),
    }
    return entry, blobs, size


def _flush(buffer: io.StringIO, out, digest) -> int:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    digest.update(data)
    out.write(data)
    return len(data)


@contextmanager
def _private_open(path: Path):
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE
    )
    with os.fdopen(descriptor, "wb") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


def _write_file(path: Path, data: bytes, *, make_folder: bool = False) -> int:
    if make_folder:
        make_private_folder(path.parent)
    with _private_open(path) as out:
        out.write(data)
    return len(data)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
