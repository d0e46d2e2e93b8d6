"""Reading a clinic database file back, table by table, plain or encrypted."""

from pathlib import Path

from sportacu_desktop.storage.encryption import connect_file
from sportacu_desktop.storage.sqlite_files import table_counts

PASSPHRASE = "correct horse battery staple"


def dump(path: Path, passphrase: str | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (and the schema itself), in rowid order."""
    connection = connect_file(path, passphrase)
    try:
        tables = {
            name: connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            for name in table_counts(connection)
        }
        tables["sqlite_master"] = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        return tables
    finally:
        connection.close()


def assert_same_data(first: dict[str, list[tuple]], second: dict[str, list[tuple]]) -> None:
    assert sorted(first) == sorted(second)
    for table in first:
        assert first[table] == second[table], f"table {table} differs"


def counts(path: Path, passphrase: str | None = None) -> dict[str, int]:
    connection = connect_file(path, passphrase)
    try:
        return table_counts(connection)
    finally:
        connection.close()


def a_patient_name(path: Path, passphrase: str | None = None) -> str:
    """A last name long enough that finding it in raw bytes cannot be chance."""
    connection = connect_file(path, passphrase)
    try:
        return connection.execute(
            "SELECT last_name FROM patient WHERE length(last_name) >= 6 ORDER BY id LIMIT 1"
        ).fetchone()[0]
    finally:
        connection.close()
