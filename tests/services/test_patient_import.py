"""Patient import: all or nothing, every bad row named, duplicates never imported twice."""

import csv
import io
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.patient_import import (
    MAX_FILE_BYTES,
    ImportCancelled,
    ImportFileError,
    import_patients,
    read_import_file,
)
from sportacu_desktop.services.patient_records import PatientRecords, PossibleDuplicate
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.search import patient_search_key

TODAY = date(2026, 11, 25)
HEADER = ["first_name", "last_name", "date_of_birth", "phone", "payer", "member_id", "legacy_id"]


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def count(clinic, model=m.Patient):
    with clinic.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def run(clinic, data, **kw):
    return import_patients(clinic.session_factory, command_line_actor(), data, today=TODAY, **kw)


def test_good_file_imports_every_row_with_insurance(clinic):
    report = run(
        clinic,
        csv_bytes(
            [
                ["Zoë", "Nguyễn", "1990-03-04", "207-555-0101", "Aetna", "W1", "77"],
                ["Liam", "O'Brien", "12/01/1985", "", "", "", "78"],
            ]
        ),
    )
    assert report.ok and report.created == ["SA-000001", "SA-000002"]
    assert count(clinic) == 2 and count(clinic, m.Insurance) == 1


def test_one_bad_row_means_nothing_is_written_and_every_bad_row_is_named(clinic):
    report = run(
        clinic,
        csv_bytes(
            [
                ["Zoë", "Nguyễn", "1990-03-04", "", "", "", ""],
                ["", "NoFirst", "1990-01-01", "", "", "", ""],
                ["Al", "Future", "2031-01-01", "", "", "", ""],
                ["Bo", "Orphan", "1970-01-01", "", "", "M1", ""],
            ]
        ),
    )
    assert not report.ok
    assert [(p.row, p.message.split(" ")[0]) for p in report.problems] == [
        (3, "Enter"),
        (4, "The"),
        (5, "A"),
    ]
    assert count(clinic) == 0


def test_dry_run_reports_without_writing(clinic):
    report = run(clinic, csv_bytes([["Zoë", "Nguyễn", "1990-03-04", "", "", "", ""]]), dry_run=True)
    assert report.ok and len(report.ready) == 1 and report.created == []
    assert count(clinic) == 0


def test_rerunning_an_import_skips_patients_already_there(clinic):
    data = csv_bytes(
        [
            ["Zoë", "Nguyễn", "1990-03-04", "", "", "", ""],
            ["Zoe", "Nguyen", "03/04/1990", "", "", "", ""],
        ]
    )
    first = run(clinic, data)
    assert first.created == ["SA-000001"]
    assert [n.row for n in first.duplicates] == [3]
    second = run(clinic, data)
    assert second.created == [] and [n.row for n in second.duplicates] == [2, 3]
    assert count(clinic) == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"name,dob\nx,y\n", "lacks the column"),
        ("last_name,first_name,date_of_birth\nMüller,A,1990-01-01\n".encode("latin-1"), "UTF-8"),
        (b"last_name,first_name,date_of_birth\nA\x00,B,1990-01-01\n", "NUL"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(clinic, data, words):
    with pytest.raises(ImportFileError, match=words):
        run(clinic, data)
    assert count(clinic) == 0


def test_cancelling_the_write_leaves_nothing(clinic):
    rows = [[f"P{i}", "Runner", "1990-01-01", "", "", "", ""] for i in range(120)]
    with pytest.raises(ImportCancelled):
        run(clinic, csv_bytes(rows), progress=lambda done, total: done < 100)
    assert count(clinic) == 0


cell = st.text(max_size=30)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=3, max_size=7), max_size=6))
def test_arbitrary_text_never_crashes_and_never_half_imports(sqlite_url, rows):
    from sportacu_desktop.services.context import Clinic

    clinic = Clinic.open(sqlite_url)
    try:
        before = count(clinic)
        data = csv_bytes(rows)
        try:
            report = run(clinic, data)
        except ImportFileError:
            assert count(clinic) == before
            return
        if report.ok:
            assert count(clinic) == before + len(report.created)
        else:
            assert count(clinic) == before
    finally:
        clinic.close()


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first=cell,
    last=cell,
    dob=cell,
    phone=cell,
    email=cell,
    state=cell,
    zip_code=cell,
    notes=st.text(max_size=200),
)
def test_arbitrary_form_input_is_saved_whole_or_refused_clearly(
    sqlite_url, first, last, dob, phone, email, state, zip_code, notes
):
    from sportacu_desktop.services.context import Clinic

    clinic = Clinic.open(sqlite_url)
    try:
        before = count(clinic)
        form = PatientInput(
            first_name=first,
            last_name=last,
            date_of_birth=dob,
            phone=phone,
            email=email,
            state=state,
            postal_code=zip_code,
            notes=notes,
        )
        try:
            record = PatientRecords(clinic.session_factory, command_line_actor()).create(
                form, allow_duplicate=True, today=TODAY
            )
        except FieldErrors as errors:
            assert errors.errors and all(errors.errors.values())
            assert count(clinic) == before
        except PossibleDuplicate:
            raise AssertionError("duplicates were allowed") from None
        else:
            assert count(clinic) == before + 1
            assert record.details.first_name == first.strip()
            assert record.details.notes == notes.strip()
    finally:
        clinic.close()


def test_a_name_with_a_direction_override_is_refused_and_nothing_imported(clinic):
    report = run(
        clinic,
        csv_bytes(
            [
                ["Zoë", "Nguyễn", "1990-03-04", "", "", "", "1"],
                ["Dana", "Smith\u202exe.txt", "1985-12-01", "", "", "", "2"],
            ]
        ),
    )
    assert not report.ok and count(clinic) == 0
    [problem] = report.problems
    assert problem.row == 3 and "U+202E" in problem.message and "last name" in problem.message


def test_other_workstations_register_patients_while_a_file_is_being_imported(
    clinic, clinic_url, monkeypatch
):
    """The import holds no write lock while it stages the file: a registration made
    meanwhile goes through, and the imported charts are numbered after it."""
    import sportacu_desktop.services.patient_import_staging as importer

    monkeypatch.setattr(importer, "BATCH_ROWS", 2)
    other = Clinic.open(clinic_url)
    desk = PatientRecords(other.session_factory, command_line_actor())
    registered = []

    def meanwhile(done, total):
        if not registered:
            registered.append(desk.create(PatientInput("Walk", "In", "1970-01-01"), today=TODAY))
        return True

    rows = [[f"Runner{i}", "Import", "1990-03-04", "", "", "", str(i)] for i in range(5)]
    try:
        report = run(clinic, csv_bytes(rows), progress=meanwhile)
    finally:
        other.close()
    assert registered[0].chart_number == "SA-000001"
    assert report.created == [f"SA-00000{n}" for n in range(2, 7)]
    with clinic.session_factory() as s:
        charts = dict(s.execute(select(m.Patient.chart_number, m.Patient.first_name)).all())
    assert charts == {"SA-000001": "Walk", **{f"SA-00000{i + 2}": f"Runner{i}" for i in range(5)}}


def test_imported_patients_are_stored_as_registration_stores_them(clinic):
    report = run(
        clinic,
        csv_bytes([["Zoë", "Nguyễn", "1990-03-04", "207-555-0101", "Aetna", "W1", "77"]]),
    )
    with clinic.session_factory() as s:
        patient = s.scalars(select(m.Patient)).one()
        coverage = s.scalars(select(m.Insurance)).one()
        audit_detail = s.scalars(
            select(m.AuditEvent.detail).where(m.AuditEvent.action == "import")
        ).one()
    assert patient.chart_number == report.created[0] == "SA-000001"
    assert patient.search_key == patient_search_key(
        first_name="Zoë",
        last_name="Nguyễn",
        preferred_name="",
        chart_number="SA-000001",
        date_of_birth=date(1990, 3, 4),
        phone="(207) 555-0101",
    )
    assert (patient.created_by, patient.version, patient.archived_at) == (
        command_line_actor().username,
        1,
        None,
    )
    assert patient.created_at is not None and patient.created_at.tzinfo is not None
    assert (coverage.patient_id, coverage.rank, coverage.payer, coverage.member_id) == (
        patient.id,
        1,
        "Aetna",
        "W1",
    )
    assert coverage.relationship_to_subscriber == "self" and coverage.active
    assert audit_detail == "1 patients imported (SA-000001–SA-000001)"
    found = PatientDirectory(clinic.session_factory, command_line_actor()).search("zoe nguyen")
    assert [row.chart_number for row in found] == ["SA-000001"]


def test_cancelling_while_staging_leaves_nothing_and_a_new_import_works(clinic, monkeypatch):
    import sportacu_desktop.services.patient_import_staging as importer

    monkeypatch.setattr(importer, "BATCH_ROWS", 1)
    rows = [[f"Runner{i}", "Import", "1990-03-04", "", "", "", str(i)] for i in range(3)]
    with pytest.raises(ImportCancelled):
        run(clinic, csv_bytes(rows), progress=lambda done, total: done < 2)
    assert count(clinic) == 0
    assert run(clinic, csv_bytes(rows)).created == ["SA-000001", "SA-000002", "SA-000003"]


def test_devices_pipes_folders_and_huge_files_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is really written
    for path, words in (
        ("/dev/zero", "not a file that can be imported"),
        (fifo, "not a file that can be imported"),
        (tmp_path, "not a file that can be imported"),
        (huge, "at most 50 MB"),
        (tmp_path / "missing.csv", "cannot be read"),
    ):
        with pytest.raises(ImportFileError, match=words):
            read_import_file(path)
    small = tmp_path / "ok.csv"
    small.write_bytes(b"first_name,last_name,date_of_birth\n")
    assert read_import_file(small) == small.read_bytes()


def test_the_search_index_is_whole_and_merged_after_an_import(clinic):
    if not clinic.is_sqlite:
        pytest.skip("the trigram index on PostgreSQL is an ordinary GIN index")
    rows = [[f"Runner{i}", f"Import{i}", "1990-03-04", "", "", "", str(i)] for i in range(300)]
    run(clinic, csv_bytes(rows))
    with clinic.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO patient_search(patient_search) VALUES ('integrity-check')"
        )
        settings = dict(connection.exec_driver_sql("SELECT k, v FROM patient_search_config").all())
    assert settings.get("automerge", 4) == 4 and settings.get("crisismerge", 16) == 16
    found = PatientDirectory(clinic.session_factory, command_line_actor()).search("runner217")
    assert [row.chart_number for row in found] == ["SA-000218"]
