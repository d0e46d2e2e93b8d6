"""Every CSV the app writes escapes cells a spreadsheet would run as a formula."""

import csv
import io
import re
from pathlib import Path

import pytest

import sportacu_desktop
from sportacu_desktop.reports.csv_writer import csv_bytes, safe_cell
from sportacu_desktop.services.audit_log import AuditFilter, AuditLog
from sportacu_desktop.services.care_contacts import CareContacts, ContactInput
from sportacu_desktop.services.context import command_line_actor

PACKAGE = Path(sportacu_desktop.__file__).resolve().parent
HYPERLINK = '=HYPERLINK("http://evil.example/x","Open chart")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_that_could_start_a_formula_is_written_as_text(start):
    data = csv_bytes(["name"], [[f"{start}1+1"], ["plain"], [-5], [2.5]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows == [["name"], [f"'{start}1+1"], ["plain"], ["-5"], ["2.5"]]


def test_empty_and_missing_cells_stay_empty():
    assert safe_cell(None) == "" and safe_cell("") == ""


def test_audit_export_escapes_a_care_contact_named_like_a_formula(clinic):
    actor = command_line_actor()
    CareContacts(clinic.session_factory, actor).create(ContactInput(name=HYPERLINK, role="PT"))
    exported = AuditLog(clinic.session_factory, actor).export_csv(AuditFilter(action="create"))
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8"), newline="")))
    details = [row[-1] for row in rows[1:]]
    assert f"'{HYPERLINK}" in details
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_no_module_writes_csv_around_the_escaping_writer():
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "csv_writer.py" and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
