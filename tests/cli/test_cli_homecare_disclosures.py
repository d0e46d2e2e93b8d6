"""`sportacu homecare` and `sportacu disclosures`, run for real in a subprocess."""

import json
import shutil
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.storage import models as m
from tests.cli.test_cli import run
from tests.reports.homecare_support import codes_in, sheet_text, type_sizes


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("homecare") / "clinic.db"
    result = run("demo", "--db", str(path), "--patients", "12", "--seed", "3")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "clinic.db"
    shutil.copyfile(demo_template, path)
    return path


NEW_CHART = "SA-900001"


def charts(db) -> tuple[str, int, int]:
    """(a chart with signed visits, its latest signed visit, a visit of someone else); and a
    new patient, NEW_CHART, whose only visit is an unsigned draft."""
    clinic = Clinic.open(str(db))
    try:
        with clinic.session_factory.begin() as s:
            signed = select(m.Visit.patient_id).where(m.Visit.status == "signed")
            seen = s.scalars(select(m.Patient).where(m.Patient.id.in_(signed))).first()
            latest = s.scalar(
                select(m.Visit.id)
                .where(m.Visit.patient_id == seen.id, m.Visit.status == "signed")
                .order_by(m.Visit.visit_date.desc(), m.Visit.id.desc())
            )
            other = s.scalar(
                select(m.Visit.id).where(m.Visit.patient_id != seen.id, m.Visit.status == "signed")
            )
            new = m.Patient(
                chart_number=NEW_CHART,
                first_name="Nova",
                last_name="Newcomer",
                date_of_birth=date(1990, 1, 2),
            )
            s.add(new)
            s.flush()
            new_id, chart = new.id, seen.chart_number
        Charting(clinic.session_factory, command_line_actor()).start_visit(
            new_id, on=date(2026, 11, 30)
        )
        return chart, latest, other
    finally:
        clinic.close()


def test_homecare_writes_the_latest_signed_visits_sheet_and_logs_it(demo_db, tmp_path):
    chart, latest, _other = charts(demo_db)
    out = tmp_path / "sheet.pdf"
    result = run("homecare", "--db", str(demo_db), "--patient", chart.lower(), "--out", str(out))
    assert result.returncode == 0, result.stderr
    content = out.read_bytes()
    assert len(PdfReader(out).pages) == 1
    text = sheet_text(content)
    assert "Your home care" in text and "Call us at" in text
    assert codes_in(text) == []
    assert min(type_sizes(content)) >= 12
    assert oct(out.stat().st_mode & 0o777) == "0o600"

    listed = run("disclosures", "--db", str(demo_db), "--patient", chart, "--json")
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert entry["what"] == "homecare" and entry["recipient"] == "Patient"
    assert entry["description"].startswith("Home-care sheet HC-")
    table = run("disclosures", "--db", str(demo_db), "--patient", chart)
    assert "Home-care sheet HC-" in table.stdout and "Given to" in table.stdout

    # The latest visit by default: asking for it by id is the same sheet, reprinted.
    again = tmp_path / "again.pdf"
    args = ("--patient", chart, "--visit", str(latest), "--out", str(again))
    assert run("homecare", "--db", str(demo_db), *args).returncode == 0
    assert again.read_bytes() == content


def test_unknown_chart_no_signed_visit_or_anothers_visit_is_exit_2_and_no_file(demo_db, tmp_path):
    chart, _latest, other = charts(demo_db)
    out = tmp_path / "sheet.pdf"
    for args, said in (
        (("--patient", "SA-999999"), "No patient has chart number"),
        (("--patient", NEW_CHART), "no signed visit"),
        (("--patient", chart, "--visit", str(other)), "is not a visit of this patient"),
    ):
        result = run("homecare", "--db", str(demo_db), *args, "--out", str(out))
        assert result.returncode == 2, result.stderr
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
        assert not out.exists()
    listed = run("disclosures", "--db", str(demo_db), "--patient", "SA-999999")
    assert listed.returncode == 2 and "No patient has chart number" in listed.stderr
    empty = run("disclosures", "--db", str(demo_db), "--patient", chart, "--json")
    assert empty.returncode == 0 and json.loads(empty.stdout) == []
    table = run("disclosures", "--db", str(demo_db), "--patient", chart)
    assert table.returncode == 0 and "has been disclosed" in table.stdout


def test_a_missing_clinic_is_exit_2(tmp_path):
    result = run("disclosures", "--db", str(tmp_path / "none.db"), "--patient", "SA-000001")
    assert result.returncode == 2 and "no clinic database" in result.stderr
    assert not (tmp_path / "none.db").exists()
