"""The clinic's CSV export: every table, values that read back exactly, nothing changed."""

import csv
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, update

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import InvalidInput, PermissionDenied
from sportacu_desktop.services.clinic_csv_format import (
    MANIFEST,
    README,
    exported_tables,
    is_not_exported,
)
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.csv_export import ExportCancelled, export_csv
from sportacu_desktop.storage import models as m
from tests.exports.support import demo_clinic, table_rows

HYPERLINK = '=HYPERLINK("http://evil.example/x","Open chart")'
DESK = Actor("desk", "Jamie", frozenset({Role.FRONT_DESK}))


@pytest.fixture
def demo(db_url):
    clinic = demo_clinic(db_url, patients=6)
    yield clinic
    clinic.close()


def read_csv(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_table_of_a_clinic_database_is_exported_or_named_as_rebuilt(clinic):
    exported = {table.name for table in exported_tables()}
    with clinic.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    forgotten = sorted(n for n in names if n not in exported and not is_not_exported(n))
    assert forgotten == []
    assert {"visit", "audit_event", "issued_document", "app_user"} <= exported


def test_files_are_private_the_readme_describes_every_column_and_the_manifest_counts(
    demo, tmp_path
):
    out = tmp_path / "export"
    result = export_csv(demo.session_factory, command_line_actor(), out)
    assert result.folder == out and result.tables == len(exported_tables())
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.rglob("*"):
        wanted = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == wanted, path
    readme = (out / README).read_text(encoding="utf-8")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    listed = {entry["name"]: entry for entry in manifest["tables"]}
    for table in exported_tables():
        assert f"{table.name}.csv (" in readme
        assert all(f"  {column.name} " in readme for column in table.columns)
        rows = read_csv(out, table.name)
        # The audit trail now also holds the export's own event, written after it.
        now = len(table_rows(demo, table)) - (table.name == "audit_event")
        assert listed[table.name]["rows"] == len(rows) == now
    assert sum(entry["rows"] for entry in manifest["tables"]) == result.rows
    assert "password_hash" in readme and "never exported" in readme


def test_issued_pdfs_are_files_named_in_their_cell_and_passwords_stay_home(demo, tmp_path):
    out = tmp_path / "export"
    export_csv(demo.session_factory, command_line_actor(), out)
    documents = read_csv(out, "issued_document")
    assert documents
    with demo.session_factory() as session:
        stored = dict(session.execute(select(m.IssuedDocument.id, m.IssuedDocument.content)).all())
    for row in documents:
        assert (out / row["content"]).read_bytes() == stored[int(row["id"])]
        assert row["content"].startswith("files/issued_document.content/")
    users = read_csv(out, "app_user")
    assert users and all(row["password_hash"] == "" for row in users)


def test_formulas_are_escaped_and_an_empty_text_differs_from_nothing(demo, tmp_path):
    with demo.session_factory.begin() as session:
        first, second = session.scalars(select(m.Patient.id).order_by(m.Patient.id).limit(2))
        session.execute(
            update(m.Patient).where(m.Patient.id == first).values(last_name=HYPERLINK, email="")
        )
        session.execute(update(m.Patient).where(m.Patient.id == second).values(email="'quoted"))
    out = tmp_path / "export"
    export_csv(demo.session_factory, command_line_actor(), out)
    patients = {int(row["id"]): row for row in read_csv(out, "patient")}
    assert patients[first]["last_name"] == "'" + HYPERLINK
    assert patients[first]["email"] == "'"  # an empty text, not a missing one
    assert patients[second]["email"] == "''quoted"
    cells = [cell for row in patients.values() for cell in row.values()]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    episodes = read_csv(out, "episode")
    assert any(row["end_date"] == "" for row in episodes)  # NULL: an empty cell


def test_the_export_changes_no_record_and_is_itself_in_the_audit_trail(demo, tmp_path):
    before = {t.name: table_rows(demo, t) for t in exported_tables()}
    export_csv(demo.session_factory, command_line_actor(), tmp_path / "export")
    after = {t.name: table_rows(demo, t) for t in exported_tables()}
    trail_before, trail_after = before.pop("audit_event"), after.pop("audit_event")
    assert after == before
    assert trail_after[: len(trail_before)] == trail_before
    (added,) = trail_after[len(trail_before) :]
    assert added[3] == "export"


def test_cancelling_leaves_no_folder_and_no_part_files(demo, tmp_path):
    calls = []

    def cancel_after_first_table(done, total):
        calls.append(done)
        return len(calls) < 3

    with pytest.raises(ExportCancelled):
        export_csv(
            demo.session_factory,
            command_line_actor(),
            tmp_path / "out" / "export",
            progress=cancel_after_first_table,
        )
    assert len(calls) == 3
    assert list((tmp_path / "out").iterdir()) == []


def test_an_existing_folder_with_files_is_refused_and_kept(demo, tmp_path):
    out = tmp_path / "out" / "export"
    out.mkdir(parents=True)
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(InvalidInput, match="not an empty folder"):
        export_csv(demo.session_factory, command_line_actor(), out)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert [p.name for p in out.parent.iterdir()] == ["export"]


def test_only_the_owner_exports_the_clinic(demo, tmp_path):
    with pytest.raises(PermissionDenied):
        export_csv(demo.session_factory, DESK, tmp_path / "export")
    assert not (tmp_path / "export").exists()


def test_one_patients_export_holds_only_that_patient_of_two_with_the_same_name(demo, tmp_path):
    with demo.session_factory.begin() as session:
        first, second = session.scalars(select(m.Patient.id).order_by(m.Patient.id).limit(2))
        for patient_id, born in ((first, date(1990, 4, 1)), (second, date(1985, 9, 30))):
            session.execute(
                update(m.Patient)
                .where(m.Patient.id == patient_id)
                .values(first_name="Alex", last_name="Rivera", date_of_birth=born)
            )
    out = tmp_path / "alex"
    export_csv(demo.session_factory, command_line_actor(), out, patient_id=first)
    assert [row["id"] for row in read_csv(out, "patient")] == [str(first)]
    assert [row["date_of_birth"] for row in read_csv(out, "patient")] == ["1990-04-01"]
    for table in ("visit", "episode", "issued_document", "payment", "audit_event"):
        assert {row["patient_id"] for row in read_csv(out, table)} <= {str(first)}, table
    with demo.session_factory() as session:
        theirs = set(
            map(str, session.scalars(select(m.Visit.id).where(m.Visit.patient_id == second)))
        )
        mine = set(map(str, session.scalars(select(m.Visit.id).where(m.Visit.patient_id == first))))
    assert mine and theirs
    for table in ("point_treatment", "billing_line", "signed_visit_diagnosis"):
        visits = {row["visit_id"] for row in read_csv(out, table)}
        assert visits <= mine and not visits & theirs, table
    assert json.loads((out / MANIFEST).read_text())["scope"] == "patient"
