"""Rebuild a clinic from its own CSV export, into a new and empty database.

Every row comes back with its id, in one transaction: an import that fails or is
cancelled leaves the new database empty. The rows of signed notes, issued documents and
the audit trail are written as they were, so the database's guards are suspended while
the rows go in (inside the transaction nobody else sees) and put back, exactly as the
migrations made them, before it commits: signed notes are locked again, their seals
still match, and the audit trail's hash chain continues with one event for the import.
"""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, exists, select, text
from sqlalchemy.exc import IntegrityError

from sportacu_desktop.domain.errors import Conflict, InvalidInput
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.clinic_csv_format import (
    BadCell,
    decoder,
    exported_tables,
)
from sportacu_desktop.services.clinic_manifest import ExportManifest, read_manifest
from sportacu_desktop.services.context import Actor, Clinic, require
from sportacu_desktop.storage.search import is_search_index

Progress = Callable[[int, int], bool]
BATCH = 2000
# A note's text can be long; the csv module's default cap is 128 KiB per cell.
MAX_CELL = 1 << 30


class TargetNotEmpty(Conflict, ValueError):
    """The database already holds records: a clinic is only rebuilt into a new one."""


class ImportCancelled(Exception):
    """The user stopped the import; nothing was written."""


@dataclass(frozen=True)
class ClinicImportResult:
    tables: int
    rows: int
    exported_at: str
    schema_revision: str


def import_clinic(
    clinic: Clinic, folder: Path, actor: Actor, *, progress: Progress | None = None
) -> ClinicImportResult:
    """Write the export in ``folder`` into ``clinic``, which must hold no records."""
    require(actor, Action.IMPORT_CLINIC)
    manifest = read_manifest(Path(folder), exported_tables())
    csv.field_size_limit(MAX_CELL)
    with clinic.session_factory.begin() as session:
        connection = session.connection()
        _require_empty(connection)
        total = sum(entry.rows for entry in manifest.entries.values())
        done = 0
        if progress is not None and progress(0, total) is False:
            raise ImportCancelled("The import was cancelled; nothing was written.")
        suspended = _suspend_guards(connection)
        try:
            for table in exported_tables():
                if table.name not in manifest.entries:
                    continue
                for written in _load_table(connection, table, manifest):
                    done += written
                    if progress is not None and progress(done, total) is False:
                        raise ImportCancelled("The import was cancelled; nothing was written.")
            _restore_guards(connection, suspended)
            _move_sequences(connection)
            _check_references(connection)
        except IntegrityError as exc:
            raise InvalidInput(
                f"The export's records do not fit together ({exc.orig}); nothing was imported."
            ) from None
        audit.record(
            session,
            actor,
            "import",
            entity="clinic",
            detail=(
                f"clinic rebuilt from its CSV export of {manifest.exported_at} "
                f"({done} rows in {len(manifest.entries)} tables, schema "
                f"{manifest.schema_revision}); passwords are set anew"
            ),
        )
    return ClinicImportResult(
        len(manifest.entries), done, manifest.exported_at, manifest.schema_revision
    )


def _require_empty(connection: Connection) -> None:
    for table in exported_tables():
        if connection.scalar(select(exists().select_from(table))):
            raise TargetNotEmpty(
                f"The target database already holds records ({table.name}); a clinic is "
                "imported only into a new, empty database."
            )


class _HashingReader(io.RawIOBase):
    """The file's bytes as read, fed to a digest on the way (one pass over the file)."""

    def __init__(self, raw, digest):
        self._raw, self._digest = raw, digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._raw.readinto(buffer)
        if count:
            self._digest.update(memoryview(buffer)[:count])
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def _load_table(connection: Connection, table: Table, manifest: ExportManifest):
    """Insert the table's rows in batches; yields how many each batch wrote."""
    entry = manifest.entries[table.name]
    path = manifest.folder / entry.file
    digest = hashlib.sha256()
    raw = _HashingReader(open(path, "rb"), digest)  # noqa: SIM115 - closed by the wrapper
    with io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = next(reader, None)
        if header is None or tuple(header) != entry.columns:
            raise InvalidInput(
                f"{entry.file}: the header row is not the one {manifest.name} lists."
            )
        columns = [table.c[name] for name in header]
        names = [column.name for column in columns]
        decoders = [decoder(column, manifest.folder) for column in columns]
        batch: list[dict] = []
        count = 0
        for number, row in enumerate(reader, start=2):
            if len(row) != len(columns):
                raise InvalidInput(
                    f"{entry.file}, line {number}: {len(row)} cells, expected {len(columns)}."
                )
            try:
                values = [decode(cell) for decode, cell in zip(decoders, row, strict=True)]
            except BadCell as exc:
                raise InvalidInput(f"{entry.file}, line {number}: {exc}.") from None
            batch.append(dict(zip(names, values, strict=True)))
            if len(batch) >= BATCH:
                connection.execute(table.insert(), batch)
                count += len(batch)
                yield len(batch)
                batch = []
        if batch:
            connection.execute(table.insert(), batch)
            count += len(batch)
            yield len(batch)
    if digest.hexdigest() != entry.sha256 or count != entry.rows:
        raise InvalidInput(
            f"{entry.file} is not the file that was exported (it was changed or cut short); "
            "nothing was imported."
        )


def _suspend_guards(connection: Connection) -> list[tuple[str, str]]:
    """Take the guard triggers off for this transaction; returns what puts them back.

    SQLite: the triggers are dropped and later created again from their own stored
    definitions. PostgreSQL: they are disabled and later enabled. Either way ``sportacu
    check`` finds them exactly as the migrations made them. The search index's triggers
    keep running, so the index fills as patients go in.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).all()
        suspended = [(name, sql) for name, sql in rows if not is_search_index(name)]
        for name, _sql in suspended:
            connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        return suspended
    rows = connection.execute(
        text(
            "SELECT t.tgname, c.relname FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND t.tgenabled = 'O' AND n.nspname = current_schema() "
            "ORDER BY t.tgname"
        )
    ).all()
    suspended = [(name, table) for name, table in rows if not is_search_index(name)]
    for name, table in suspended:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"')
    return suspended


def _restore_guards(connection: Connection, suspended: list[tuple[str, str]]) -> None:
    if connection.dialect.name == "sqlite":
        for _name, sql in suspended:
            connection.exec_driver_sql(sql)
        return
    for name, table in suspended:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER "{name}"')


def _move_sequences(connection: Connection) -> None:
    """PostgreSQL's id sequences past the imported ids (SQLite follows the largest id)."""
    if connection.dialect.name != "postgresql":
        return
    for table in exported_tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        connection.execute(
            text(
                "SELECT setval(seq, (SELECT max({key}) FROM {table})) "
                "FROM (SELECT pg_get_serial_sequence(:table, :key) AS seq) s "
                "WHERE seq IS NOT NULL AND EXISTS (SELECT 1 FROM {table})".format(
                    key=f'"{keys[0].name}"', table=f'"{table.name}"'
                )
            ),
            {"table": table.name, "key": keys[0].name},
        )


def _check_references(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL checked every reference as the rows went in
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = ", ".join(sorted({row[0] for row in broken}))
        raise InvalidInput(
            f"The export's records do not fit together: {len(broken)} rows (in {tables}) "
            "refer to records that are not in it; nothing was imported."
        )
