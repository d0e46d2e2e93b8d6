"""`sportacu export --format fhir` in a subprocess on a 20-patient demo clinic: every
resource parses as FHIR R4, carries its code systems, and every reference resolves; bad
usage exits 2 and writes nothing."""

import sqlite3
import stat

import pytest

from tests.cli.test_billing_cli import busiest_day
from tests.cli.test_cli import run
from tests.services.fhir_support import codes, load_bundle, resources, validate_bundle

NPI = "http://hl7.org/fhir/sid/us-npi"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
LOINC = "http://loinc.org"
TAXONOMY = "http://nucc.org/provider-taxonomy"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo clinic, with one busy day's superbills issued (claims and PDFs to export)."""
    folder = tmp_path_factory.mktemp("fhir-cli")
    path = folder / "clinic.db"
    result = run("demo", "--db", str(path), "--patients", "20", "--seed", "3")
    assert result.returncode == 0, result.stderr
    day, _patients = busiest_day(path)
    issued = run("superbills", "--db", str(path), "--date", day, "--out", str(folder / "sb"))
    assert issued.returncode == 0, issued.stderr
    return path


@pytest.fixture(scope="module")
def exported(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("fhir-out") / "clinic.json"
    result = run("export", "--db", str(demo_db), "--format", "fhir", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, load_bundle(out)


def test_every_resource_of_the_demo_clinic_is_valid_fhir(exported, demo_db):
    out, bundle = exported
    counts = validate_bundle(bundle)
    with sqlite3.connect(demo_db) as db:
        patients, visits, superbills, documents = db.execute(
            "SELECT (SELECT COUNT(*) FROM patient), (SELECT COUNT(*) FROM visit),"
            " (SELECT COUNT(*) FROM issued_document WHERE kind = 'superbill'),"
            " (SELECT COUNT(*) FROM issued_document)"
        ).fetchone()
    assert counts["Patient"] == patients == 20
    assert counts["Encounter"] == visits
    assert counts["Claim"] == superbills >= 2
    assert counts["DocumentReference"] == documents
    for kind in (
        "Organization",
        "Practitioner",
        "PractitionerRole",
        "Coverage",
        "EpisodeOfCare",
        "Condition",
        "Procedure",
        "Observation",
        "AdverseEvent",
    ):
        assert counts[kind] > 0, kind
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(out.parent.glob(".*part")), "no staging file left behind"


def test_identifiers_and_codes_carry_their_standard_systems(exported, demo_db):
    _out, bundle = exported
    with sqlite3.connect(demo_db) as db:
        practice_npi, ein = db.execute("SELECT npi, ein FROM practice").fetchone()
        provider_npis = {r[0] for r in db.execute("SELECT npi FROM app_user WHERE npi != ''")}
        icd = {r[0] for r in db.execute("SELECT code FROM diagnosis")}
        cpt = {r[0] for r in db.execute("SELECT cpt_code FROM superbill_line")}
    (organization,) = [o for o in resources(bundle, "Organization") if o.get("identifier")]
    assert {"system": NPI, "value": practice_npi} in organization["identifier"]
    assert any(i["value"] == ein for i in organization["identifier"])
    practitioners = resources(bundle, "Practitioner")
    exported_npis = {i["value"] for p in practitioners for i in p.get("identifier", [])}
    assert provider_npis <= exported_npis
    assert "171100000X" in codes(bundle, "Practitioner", TAXONOMY)
    licensed = [p for p in practitioners if p.get("qualification")]
    assert licensed and all(q.get("identifier") for p in licensed for q in p["qualification"])
    assert codes(bundle, "Condition", ICD10CM) == icd
    assert codes(bundle, "Claim", CPT) == cpt
    assert "72514-3" in codes(bundle, "Observation", LOINC)  # pain 0–10


def test_the_same_data_exports_to_the_same_bytes(exported, demo_db, tmp_path):
    out, _bundle = exported
    again = tmp_path / "again.json"
    result = run("export", "--db", str(demo_db), "--format", "fhir", "--out", str(again))
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == out.read_bytes()


def test_an_unknown_format_is_refused_in_one_line(demo_db, tmp_path):
    out = tmp_path / "clinic.xml"
    result = run("export", "--db", str(demo_db), "--format", "xml", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unknown format 'xml'" in result.stderr and "fhir" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder/clinic.json", "a-file/clinic.json"])
def test_a_place_that_cannot_be_written_is_refused(demo_db, tmp_path, where):
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / where
    result = run("export", "--db", str(demo_db), "--format", "fhir", "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert "cannot write there" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert not out.exists()


def test_a_patients_record_on_request_from_the_command_line(demo_db, tmp_path):
    with sqlite3.connect(demo_db) as db:
        chart, born = db.execute(
            "SELECT chart_number, date_of_birth FROM patient WHERE id IN"
            " (SELECT patient_id FROM issued_document) ORDER BY id LIMIT 1"
        ).fetchone()
        before = db.execute("SELECT COUNT(*) FROM disclosure").fetchone()[0]
    out = tmp_path / "record"
    result = run(
        "export", "--db", str(demo_db), "--format", "record", "--patient", chart,
        "--out", str(out), "--to", "Dr. Ruth Lang",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    names = {p.name for p in out.iterdir()}
    assert {"visit-notes.pdf", "record.fhir.json", "CONTENTS.txt"} <= names
    assert any(name.endswith("_superbill.pdf") for name in names)
    bundle = load_bundle(out / "record.fhir.json")
    validate_bundle(bundle)
    assert [p["birthDate"] for p in resources(bundle, "Patient")] == [born]
    with sqlite3.connect(demo_db) as db:
        logged = db.execute(
            "SELECT what, recipient FROM disclosure ORDER BY id DESC LIMIT 1"
        ).fetchone()
        after = db.execute("SELECT COUNT(*) FROM disclosure").fetchone()[0]
    assert logged == ("record_request", "Dr. Ruth Lang") and after == before + 1
    again = run(
        "export", "--db", str(demo_db), "--format", "record", "--patient", chart,
        "--out", str(out),
    )  # fmt: skip
    assert again.returncode == 2 and "already exists" in again.stderr
    alone = run("export", "--db", str(demo_db), "--format", "record", "--out", str(tmp_path / "x"))
    assert alone.returncode == 2 and "--patient" in alone.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("kind", ["fhir", "csv"])
def test_one_patients_export_is_in_their_accounting_of_disclosures(demo_db, tmp_path, kind):
    with sqlite3.connect(demo_db) as db:
        patient_id, chart = db.execute(
            "SELECT id, chart_number FROM patient ORDER BY id LIMIT 1"
        ).fetchone()
        before = db.execute("SELECT COUNT(*) FROM disclosure").fetchone()[0]
    out = tmp_path / ("one.json" if kind == "fhir" else "one")
    result = run(
        "export", "--db", str(demo_db), "--format", kind, "--patient", chart,
        "--out", str(out), "--to", "Casco Bay Sports PT", "--purpose", "Continuity of care",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(demo_db) as db:
        logged = db.execute(
            "SELECT patient_id, what, recipient, purpose FROM disclosure ORDER BY id DESC LIMIT 1"
        ).fetchone()
        after = db.execute("SELECT COUNT(*) FROM disclosure").fetchone()[0]
    assert after == before + 1
    assert logged == (patient_id, "export", "Casco Bay Sports PT", "Continuity of care")
    shown = run("disclosures", "--db", str(demo_db), "--patient", chart)
    assert "Casco Bay Sports PT" in shown.stdout


def test_the_whole_clinics_export_is_not_a_disclosure(demo_db, tmp_path):
    with sqlite3.connect(demo_db) as db:
        before = db.execute("SELECT COUNT(*) FROM disclosure").fetchone()[0]
    result = run(
        "export", "--db", str(demo_db), "--format", "fhir", "--out", str(tmp_path / "all.json")
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(demo_db) as db:
        assert db.execute("SELECT COUNT(*) FROM disclosure").fetchone()[0] == before
