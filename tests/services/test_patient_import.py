"""Patient import: all or nothing, every bad row named, duplicates never imported twice."""

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.patient_import import (
    ImportCancelled,
    ImportFileError,
    import_patients,
)
from sportacu_desktop.services.patient_records import PatientRecords, PossibleDuplicate
from sportacu_desktop.storage import models as m

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
