"""`sportacu superbill` and `superbills` in a subprocess: files written, or exit 2 and none."""

import sqlite3
import stat

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("billing-cli") / "clinic.db"
    result = run("demo", "--db", str(path), "--patients", "30", "--seed", "5")
    assert result.returncode == 0, result.stderr
    return path


def busiest_day(db) -> tuple[str, int]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT visit_date, COUNT(DISTINCT patient_id) FROM visit "
            "GROUP BY visit_date ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchone()


def test_superbills_for_a_busy_day_one_pdf_per_patient(demo_db, tmp_path):
    day, patients = busiest_day(demo_db)
    out = tmp_path / "day"
    result = run("superbills", "--db", str(demo_db), "--date", day, "--out", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.pdf"))
    assert len(files) == patients >= 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        text = PdfReader(file).pages[0].extract_text()
        assert "SUPERBILL" in text and file.name.split("_")[1] in text
    again = run("superbills", "--db", str(demo_db), "--date", day, "--out", str(tmp_path / "b"))
    assert again.returncode == 0
    # A second run reprints the same superbills: same numbers, same bytes.
    assert [f.read_bytes() for f in files] == [
        f.read_bytes() for f in sorted((tmp_path / "b").glob("*.pdf"))
    ]


def test_superbill_for_one_patient_and_a_range(demo_db, tmp_path):
    with sqlite3.connect(demo_db) as connection:
        chart, first, last = connection.execute(
            "SELECT p.chart_number, MIN(v.visit_date), MAX(v.visit_date) FROM visit v "
            "JOIN patient p ON p.id = v.patient_id GROUP BY p.id ORDER BY p.id LIMIT 1"
        ).fetchone()
    out = tmp_path / "range.pdf"
    result = run(
        "superbill",
        "--db",
        str(demo_db),
        "--patient",
        chart,
        "--from",
        first,
        "--to",
        last,
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_an_empty_clinic_refuses_with_what_is_missing_and_writes_nothing(tmp_path):
    db = tmp_path / "empty.db"
    assert run("init", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO patient (chart_number, first_name, last_name, preferred_name, "
            "date_of_birth, sex, phone, email, address_line1, address_line2, city, state, "
            "postal_code, emergency_name, emergency_phone, emergency_relation, notes, "
            "search_key, created_at, created_by, updated_at, updated_by, version) VALUES "
            "('SA-000001', 'Ada', 'Lee', '', '1990-01-01', 'F', '', '', '', '', '', '', '', "
            "'', '', '', '', '', '2026-01-01', '', '2026-01-01', '', 1)"
        )
    out = tmp_path / "sb.pdf"
    result = run(
        "superbill",
        "--db",
        str(db),
        "--patient",
        "SA-000001",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--out",
        str(out),
    )
    assert result.returncode == 2
    assert "Admin ▸ Clinic ▸ Practice" in result.stderr and "Nothing to bill" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    day = run("superbills", "--db", str(db), "--date", "2026-01-05", "--out", str(tmp_path / "d"))
    assert day.returncode == 2 and "nothing to bill" in day.stderr
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("superbill", "--patient", "SA-000001", "--out", "x.pdf"),
        (
            "superbill",
            "--patient",
            "SA-000001",
            "--visit",
            "1",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
            "--out",
            "x.pdf",
        ),
        ("superbill", "--patient", "NOPE", "--visit", "1", "--out", "x.pdf"),
        ("superbills", "--date", "yesterday", "--out", "d"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(demo_db, tmp_path, args):
    result = run(*args, "--db", str(demo_db))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()
