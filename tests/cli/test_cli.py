"""The real command line in a subprocess, as scripts and the front desk's cron jobs use it."""

import json
import os
import subprocess
import sys

import pytest

from tests.hang_guard import HANG_GUARD_S


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sportacu_desktop", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=HANG_GUARD_S,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "clinic.db"
    result = run("demo", "--db", str(path), "--patients", "40", "--seed", "7")
    assert result.returncode == 0, result.stderr
    return path


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip().startswith("sportacu ")


def test_demo_then_patients_lists_every_patient_once(demo_db):
    result = run("patients", "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    patients = json.loads(result.stdout)
    assert len(patients) == 40
    assert len({p["chart_number"] for p in patients}) == 40
    first = patients[0]
    assert {"chart_number", "first_name", "last_name", "date_of_birth"} <= first.keys()
    assert len(first["date_of_birth"]) == 10 and first["date_of_birth"][4] == "-"


def test_same_seed_gives_the_same_clinic(tmp_path, demo_db):
    again = tmp_path / "again.db"
    assert run("demo", "--db", str(again), "--patients", "40", "--seed", "7").returncode == 0
    first = run("patients", "--db", str(demo_db), "--json").stdout
    second = run("patients", "--db", str(again), "--json").stdout
    assert first == second
    other = tmp_path / "other.db"
    assert run("demo", "--db", str(other), "--patients", "40", "--seed", "8").returncode == 0
    assert run("patients", "--db", str(other), "--json").stdout != first


def test_check_passes_on_a_demo_clinic(demo_db):
    result = run("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hash chain intact" in result.stdout


def test_search_ignores_accents_and_finds_chart_numbers(demo_db):
    rows = json.loads(run("patients", "--db", str(demo_db), "--json").stdout)
    target = rows[len(rows) // 2]
    by_chart = json.loads(
        run("patients", "--db", str(demo_db), "--json", "--search", target["chart_number"]).stdout
    )
    assert [p["chart_number"] for p in by_chart] == [target["chart_number"]]
    import unicodedata

    plain = "".join(
        c
        for c in unicodedata.normalize("NFKD", target["last_name"])
        if not unicodedata.combining(c)
    ).lower()
    found = json.loads(run("patients", "--db", str(demo_db), "--json", "--search", plain).stdout)
    assert target["chart_number"] in {p["chart_number"] for p in found}


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--patients", "-3"],
        ["demo", "--patients", "many"],
        ["demo", "--seed", "x"],
        ["patients", "--bogus"],
        ["frobnicate"],
    ],
)
def test_bad_usage_exits_2_with_one_line_and_writes_nothing(tmp_path, args):
    db = tmp_path / "new.db"
    result = run(*args, "--db", str(db))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists()


def test_reading_commands_never_create_a_database(tmp_path):
    db = tmp_path / "missing.db"
    for command in ("patients", "check"):
        result = run(command, "--db", str(db))
        assert result.returncode == 2
        assert "sportacu init" in result.stderr
    assert not db.exists()


def test_demo_refuses_a_clinic_that_already_has_patients(demo_db):
    before = run("patients", "--db", str(demo_db), "--json").stdout
    result = run("demo", "--db", str(demo_db), "--patients", "5")
    assert result.returncode == 2
    assert "already holds a clinic" in result.stderr
    assert run("patients", "--db", str(demo_db), "--json").stdout == before


def test_sportacu_db_environment_variable_is_used(tmp_path):
    db = tmp_path / "env.db"
    assert run("init", env={"SPORTACU_DB": str(db)}).returncode == 0
    assert db.exists()
    result = run("patients", "--json", env={"SPORTACU_DB": str(db)})
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_check_reports_a_tampered_audit_trail(tmp_path):
    import sqlite3

    db = tmp_path / "tampered.db"
    assert run("demo", "--db", str(db), "--patients", "3").returncode == 0
    assert run("patients", "--db", str(db)).returncode == 0  # adds a second event
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("UPDATE audit_event SET detail = 'nothing to see' WHERE id = 1")
    result = run("check", "--db", str(db))
    assert result.returncode == 1
    assert "audit trail broken at event 1" in result.stdout


def test_import_patients_all_or_nothing(tmp_path):
    db = tmp_path / "import.db"
    assert run("init", "--db", str(db)).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "last_name,first_name,date_of_birth,phone\n"
        "Nguyễn,Zoë,1990-03-04,207-555-0101\n"
        "Smith,Al,02/30/1990,\n"
        "Jones,Bo,1980-01-01,555\n",
        encoding="utf-8",
    )
    result = run("import", "patients", str(bad), "--db", str(db))
    assert result.returncode == 2
    assert "row 3:" in result.stderr and "row 4:" in result.stderr
    assert "nothing was imported" in result.stderr
    assert json.loads(run("patients", "--db", str(db), "--json").stdout) == []

    good = tmp_path / "good.csv"
    good.write_text(
        "first_name,last_name,date_of_birth,payer,member_id,unknown_column\n"
        "Zoë,Nguyễn,1990-03-04,Aetna,W1,x\n"
        "Liam,O'Brien,12/01/1985,,,y\n",
        encoding="utf-8",
    )
    dry = run("import", "patients", str(good), "--dry-run", "--db", str(db))
    assert dry.returncode == 0 and "2 patients would be imported" in dry.stdout
    assert json.loads(run("patients", "--db", str(db), "--json").stdout) == []
    assert run("import", "patients", str(good), "--db", str(db)).returncode == 0
    again = run("import", "patients", str(good), "--db", str(db))
    assert again.returncode == 0 and "already registered" in again.stderr
    listed = json.loads(run("patients", "--db", str(db), "--json").stdout)
    assert sorted(p["last_name"] for p in listed) == ["Nguyễn", "O'Brien"]


def test_import_of_a_missing_file_is_bad_input(tmp_path):
    db = tmp_path / "import.db"
    assert run("init", "--db", str(db)).returncode == 0
    result = run("import", "patients", str(tmp_path / "nope.csv"), "--db", str(db))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_check_reports_a_dropped_signed_note_guard(tmp_path):
    import sqlite3

    db = tmp_path / "guards.db"
    assert run("demo", "--db", str(db), "--patients", "2").returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER point_treatment_signed_no_update")
        conn.execute("DROP TRIGGER point_treatment_signed_no_insert")
        conn.execute("DROP TRIGGER point_treatment_signed_no_delete")
    result = run("check", "--db", str(db))
    assert result.returncode == 1
    assert "guards removed" in result.stdout and "point_treatment" in result.stdout


def test_db_is_honoured_before_or_after_the_command(tmp_path):
    db = tmp_path / "where.db"
    assert run("--db", str(db), "init").returncode == 0
    assert db.exists()
    assert run("--db", str(db), "patients", "--json").stdout.strip() == "[]"
    assert run("patients", "--db", str(db), "--json").stdout.strip() == "[]"


def test_the_trail_names_the_real_os_account_whatever_logname_says(demo_db, tmp_path):
    import pwd

    from sportacu_desktop.services.audit_log import AuditFilter, AuditLog
    from sportacu_desktop.services.context import Clinic, command_line_actor

    spoof = {"LOGNAME": "mallory", "USER": "mallory", "LNAME": "mallory", "USERNAME": "mallory"}
    result = run("backup", "--db", str(demo_db), "--out", str(tmp_path / "b.db"), env=spoof)
    assert result.returncode == 0, result.stderr
    clinic = Clinic.open(str(demo_db))
    try:
        trail = AuditLog(clinic.session_factory, command_line_actor())
        [event] = trail.events(AuditFilter(action="backup"))[:1]
    finally:
        clinic.close()
    me = pwd.getpwuid(os.getuid()).pw_name
    assert event.actor == f"cli:{me} (uid {os.getuid()})"
    assert "mallory" not in event.actor


@pytest.mark.parametrize("command", [(), ("gui",)])
def test_without_a_display_the_app_says_so_in_one_line(tmp_path, command):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    db = tmp_path / "clinic.db"
    result = subprocess.run(
        [sys.executable, "-m", "sportacu_desktop", *command, "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "graphical session" in lines[0]
    assert "demo" in lines[0] and "backup" in lines[0] and "gui" not in lines[0].split(":")[-1]
    assert not db.exists()
