"""Another program's SQLite file is refused by every command and left exactly as it was;
only ``init`` (and ``demo``) create a clinic, and an empty new file still works."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sportacu_desktop.services.context import Clinic
from sportacu_desktop.storage.clinic_file import APPLICATION_ID

REFUSED = "is not a SportAcu Desktop clinic database"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sportacu_desktop", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SPORTACU_PASSPHRASE": "correct horse battery staple"},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def foreign_database(path: Path, journal_mode: str) -> Path:
    """A small app's own database, with a ``patient`` table of a different shape."""
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode={journal_mode}")
    connection.execute("CREATE TABLE patient (pid TEXT PRIMARY KEY, owner TEXT, species TEXT)")
    connection.execute("INSERT INTO patient VALUES ('rex', 'Ana', 'dog')")
    connection.execute("CREATE TABLE visit (pid TEXT, day TEXT)")
    connection.commit()
    connection.close()
    return path


COMMANDS = [
    ["check"],
    ["patients", "--json"],
    ["init"],
    ["demo", "--patients", "2"],
    ["backup", "--out", "{folder}/copy.db"],
    ["encrypt", "--yes"],
    ["import", "patients", "{folder}/people.csv"],
]


@pytest.mark.parametrize(
    "command, journal_mode",
    [(command, "delete") for command in COMMANDS]
    # A WAL-mode file without -wal beside it: even a read-only open would create one.
    + [(["check"], "wal"), (["patients"], "wal")],
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_every_command_refuses_another_programs_file_and_leaves_it_untouched(
    tmp_path, command, journal_mode
):
    folder = tmp_path / "vetclinic"
    folder.mkdir()
    database = foreign_database(folder / "pets.sqlite", journal_mode)
    (folder / "people.csv").write_text("first_name,last_name,date_of_birth\nAna,Ruiz,1990-01-02\n")
    before = snapshot(folder)
    result = run(*(part.format(folder=folder) for part in command), "--db", str(database))
    assert result.returncode == 2, result.stderr
    assert REFUSED in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(folder) == before  # same bytes, same times, nothing added beside it


def test_read_only_commands_refuse_an_empty_file_that_init_then_fills(tmp_path):
    database = tmp_path / "new.db"
    database.touch()
    for command in (["check"], ["patients"]):
        result = run(*command, "--db", str(database))
        assert result.returncode == 2 and "sportacu init" in result.stderr
        assert database.read_bytes() == b""
    created = run("init", "--db", str(database))
    assert created.returncode == 0, created.stderr
    assert run("patients", "--db", str(database)).returncode == 0


def test_init_marks_the_database_and_an_older_clinic_gets_the_mark_when_opened(tmp_path):
    database = tmp_path / "clinic.db"
    assert run("init", "--db", str(database)).returncode == 0
    assert int.from_bytes(database.read_bytes()[68:72], "big") == APPLICATION_ID
    # As written by a version from before the mark.
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA application_id = 0")
    connection.close()
    result = run("patients", "--db", str(database))
    assert result.returncode == 0, result.stderr
    assert int.from_bytes(database.read_bytes()[68:72], "big") == APPLICATION_ID


def test_an_encrypted_clinic_keeps_its_mark_through_encrypt_and_decrypt(tmp_path):
    database = tmp_path / "clinic.db"
    assert run("init", "--db", str(database)).returncode == 0
    assert run("encrypt", "--db", str(database), "--yes").returncode == 0
    assert run("check", "--db", str(database)).returncode == 0
    assert run("decrypt", "--db", str(database), "--yes").returncode == 0
    assert int.from_bytes(database.read_bytes()[68:72], "big") == APPLICATION_ID


def test_services_refuse_it_too_with_the_same_words(tmp_path):
    database = foreign_database(tmp_path / "pets.sqlite", "delete")
    before = snapshot(tmp_path)
    with pytest.raises(Exception, match=REFUSED):
        Clinic.open(str(database))
    assert snapshot(tmp_path) == before


def test_importing_a_device_is_refused_in_one_line(tmp_path):
    database = tmp_path / "clinic.db"
    assert run("init", "--db", str(database)).returncode == 0
    result = run("import", "patients", "/dev/zero", "--db", str(database))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == "sportacu: /dev/zero is not a file that can be imported."


@pytest.mark.parametrize("url", ["mysql://clinic:secret@db.example.invalid/sportacu", "foo://x"])
def test_an_unsupported_database_url_is_refused_in_one_line(url):
    result = run("patients", "--db", url)
    assert result.returncode == 2, result.stderr
    assert "cannot use a" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "secret" not in result.stderr
