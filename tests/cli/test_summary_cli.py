"""`sportacu summary` in a subprocess: a stored, logged letter, or exit 2 and no file."""

import sqlite3
import stat

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("summary-cli") / "clinic.db"
    result = run("demo", "--db", str(path), "--patients", "12", "--seed", "5")
    assert result.returncode == 0, result.stderr
    return path


def query(db, sql: str, *params):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def text_of(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_summary_of_the_latest_episode_is_issued_stored_and_logged(demo_db, tmp_path):
    chart, patient_id = query(
        demo_db,
        "SELECT p.chart_number, p.id FROM patient p JOIN visit v ON v.patient_id = p.id "
        "JOIN care_team_link l ON l.patient_id = p.id "
        "WHERE v.status = 'signed' AND v.episode_id IS NOT NULL ORDER BY p.id LIMIT 1",
    )[0]
    out = tmp_path / "letter.pdf"
    result = run("summary", "--db", str(demo_db), "--patient", chart, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    (number, content, recipient_id, document_id), *_ = query(
        demo_db,
        "SELECT number, content, recipient_contact_id, id FROM issued_document "
        "WHERE kind = 'summary' AND patient_id = ? ORDER BY id DESC",
        patient_id,
    )
    assert out.read_bytes() == content  # the file is the stored letter, byte for byte
    assert number in result.stderr and recipient_id is not None
    # The latest episode: the one with the most recent signed visit.
    (title,) = query(
        demo_db,
        "SELECT e.title FROM visit v JOIN episode e ON e.id = v.episode_id "
        "WHERE v.patient_id = ? AND v.status = 'signed' "
        "ORDER BY v.visit_date DESC, v.id DESC LIMIT 1",
        patient_id,
    )[0]
    letter = text_of(out)
    assert f"Re: {title}" in letter and chart in letter
    assert query(demo_db, "SELECT what FROM disclosure WHERE document_id = ?", document_id) == [
        ("summary",)
    ]


def test_summary_of_a_chosen_episode_to_a_chosen_contact(demo_db, tmp_path):
    episode_id, chart = query(
        demo_db,
        "SELECT e.id, p.chart_number FROM episode e JOIN patient p ON p.id = e.patient_id "
        "WHERE EXISTS (SELECT 1 FROM visit v WHERE v.episode_id = e.id AND v.status = 'signed')"
        " ORDER BY e.id DESC LIMIT 1",
    )[0]
    contact_id, name = query(demo_db, "SELECT id, name FROM care_contact ORDER BY id LIMIT 1")[0]
    out = tmp_path / "chosen.pdf"
    result = run(
        "summary",
        "--db",
        str(demo_db),
        "--patient",
        chart,
        "--episode",
        str(episode_id),
        "--to",
        str(contact_id),
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert name in text_of(out)


def refused(demo_db, tmp_path, *args: str) -> str:
    out = tmp_path / "refused.pdf"
    before = query(demo_db, "SELECT COUNT(*) FROM issued_document")
    result = run("summary", "--db", str(demo_db), *args, "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert not out.exists()
    assert query(demo_db, "SELECT COUNT(*) FROM issued_document") == before
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    return result.stderr


def test_unknown_patient_exits_2_and_writes_nothing(demo_db, tmp_path):
    assert "SA-999999" in refused(demo_db, tmp_path, "--patient", "SA-999999")


def test_patient_without_a_signed_visit_exits_2_and_writes_nothing(demo_db, tmp_path):
    query(
        demo_db,
        "INSERT INTO patient (chart_number, first_name, last_name, preferred_name, "
        "date_of_birth, sex, phone, email, address_line1, address_line2, city, state, "
        "postal_code, emergency_name, emergency_phone, emergency_relation, notes, "
        "search_key, created_at, created_by, updated_at, updated_by, version) VALUES "
        "('SA-777777', 'New', 'Runner', '', '1990-01-01', 'F', '', '', '', '', '', '', '', "
        "'', '', '', '', 'new runner', '2026-01-01', 't', '2026-01-01', 't', 1)",
    )
    assert "Nothing to summarize" in refused(demo_db, tmp_path, "--patient", "SA-777777")


def test_unknown_episode_or_contact_exits_2(demo_db, tmp_path):
    (chart,) = query(demo_db, "SELECT chart_number FROM patient ORDER BY id LIMIT 1")[0]
    assert "Episode 99999" in refused(demo_db, tmp_path, "--patient", chart, "--episode", "99999")
    (episode_id,) = query(
        demo_db,
        "SELECT e.id FROM episode e JOIN patient p ON p.id = e.patient_id "
        "WHERE p.chart_number = ? AND EXISTS (SELECT 1 FROM visit v "
        "WHERE v.episode_id = e.id AND v.status = 'signed') LIMIT 1",
        chart,
    )[0]
    assert "contact 99999" in refused(
        demo_db, tmp_path, "--patient", chart, "--episode", str(episode_id), "--to", "99999"
    )
