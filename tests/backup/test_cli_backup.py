"""`sportacu backup` and `sportacu restore`, the real command line in a subprocess."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.backup.helpers import assert_same_data, corrupt_table, dump, one_line_error, run_cli


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-backup") / "clinic.db"
    result = run_cli("demo", "--db", str(path), "--patients", "15", "--seed", "4")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def clinic_file(demo_file, tmp_path):
    path = tmp_path / "clinic.db"
    shutil.copyfile(demo_file, path)
    return path


def test_backup_then_restore_with_yes(clinic_file, tmp_path):
    out = tmp_path / "backups" / "today.db"
    made = run_cli("backup", "--db", str(clinic_file), "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "verified" in made.stdout and str(out) in made.stdout
    backed_up = dump(out)

    with sqlite3.connect(clinic_file) as connection:
        connection.execute("UPDATE patient SET phone = '555-0000'")
    connection.close()
    assert dump(clinic_file)["patient"] != backed_up["patient"]
    restored = run_cli("restore", "--db", str(clinic_file), "--from", str(out), "--yes")
    assert restored.returncode == 0, restored.stderr
    safety = [line for line in restored.stdout.splitlines() if "kept at" in line]
    assert len(safety) == 1
    safety_path = safety[0].rsplit(" ", 1)[1]
    assert "before-restore" in safety_path and Path(safety_path).exists()
    now = dump(clinic_file)
    assert_same_data(
        {k: v for k, v in now.items() if k != "audit_event"},
        {k: v for k, v in backed_up.items() if k != "audit_event"},
    )
    checked = run_cli("check", "--db", str(clinic_file))
    assert checked.returncode == 0, checked.stdout


def test_restore_without_a_terminal_needs_yes_and_changes_nothing(clinic_file, tmp_path):
    out = tmp_path / "b.db"
    assert run_cli("backup", "--db", str(clinic_file), "--out", str(out)).returncode == 0
    before = clinic_file.read_bytes()
    refused = run_cli("restore", "--db", str(clinic_file), "--from", str(out))
    assert refused.returncode == 2
    assert "--yes" in one_line_error(refused)
    assert clinic_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "b.db.sha256.json", "clinic.db"]


def test_backup_refuses_to_overwrite_unless_asked(clinic_file, tmp_path):
    out = tmp_path / "b.db"
    out.write_text("something else")
    refused = run_cli("backup", "--db", str(clinic_file), "--out", str(out))
    assert refused.returncode == 2 and "already exists" in one_line_error(refused)
    assert out.read_text() == "something else"
    again = run_cli("backup", "--db", str(clinic_file), "--out", str(out), "--overwrite")
    assert again.returncode == 0, again.stderr


def test_bad_backup_files_get_one_line_and_exit_2(clinic_file, tmp_path):
    text_file = tmp_path / "notes.db"
    text_file.write_text("not a database\n" * 400)
    damaged = tmp_path / "damaged.db"
    assert run_cli("backup", "--db", str(clinic_file), "--out", str(damaged)).returncode == 0
    corrupt_table(damaged)
    before = clinic_file.read_bytes()
    for source, reason in (
        (tmp_path / "missing.db", "no backup file"),
        (text_file, "not a SportAcu backup"),
        (damaged, "damaged"),
    ):
        result = run_cli("restore", "--db", str(clinic_file), "--from", str(source), "--yes")
        assert result.returncode == 2, result.stderr
        assert reason in one_line_error(result)
    assert clinic_file.read_bytes() == before


def test_backup_of_a_missing_database_or_a_server_is_refused(tmp_path):
    missing = run_cli("backup", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "b"))
    assert missing.returncode == 2 and "no clinic database" in one_line_error(missing)
    server = "postgresql+psycopg://clinic@db.example.invalid/sportacu"
    for args in (("backup", "--out", str(tmp_path / "b.db")), ("restore", "--from", "x.db")):
        result = run_cli(*args, "--db", server)
        assert result.returncode == 2 and "pg_dump" in one_line_error(result)


def test_restore_refuses_a_changed_backup_and_takes_one_without_checksum_only_if_asked(
    clinic_file, tmp_path
):
    out = tmp_path / "b.db"
    assert run_cli("backup", "--db", str(clinic_file), "--out", str(out)).returncode == 0
    before = clinic_file.read_bytes()
    with sqlite3.connect(out) as raw:
        plan = raw.execute("SELECT plan FROM visit WHERE length(plan) > 20").fetchone()[0]
    raw.close()
    data = bytearray(out.read_bytes())
    where = data.index(plan.encode())
    data[where : where + 16] = b"0123456789abcdef"  # inside a record: SQLite sees nothing
    out.write_bytes(bytes(data))
    refused = run_cli("restore", "--db", str(clinic_file), "--from", str(out), "--yes")
    assert refused.returncode == 2
    assert "changed or damaged after it was made" in one_line_error(refused)
    assert clinic_file.read_bytes() == before

    again = run_cli("backup", "--db", str(clinic_file), "--out", str(out), "--overwrite")
    assert again.returncode == 0
    Path(f"{out}.sha256.json").unlink()
    refused = run_cli("restore", "--db", str(clinic_file), "--from", str(out), "--yes")
    assert refused.returncode == 2 and "--no-checksum" in one_line_error(refused)
    taken = run_cli(
        "restore", "--db", str(clinic_file), "--from", str(out), "--yes", "--no-checksum"
    )
    assert taken.returncode == 0, taken.stderr
    assert "no checksum to verify" in taken.stdout
