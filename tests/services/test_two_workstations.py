"""Two workstations on one database: a second process saves first; nothing is overwritten."""

import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date

import pytest

from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services.charting import Charting, VisitStale
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.patient_records import PatientRecords, StaleEdit
from tests.hang_guard import HANG_GUARD_S

TODAY = date(2026, 11, 25)


def other_workstation(url: str, code: str) -> None:
    script = textwrap.dedent(f"""
        from dataclasses import replace
        from sportacu_desktop.domain.visits import VisitContent
        from sportacu_desktop.services.charting import Charting
        from sportacu_desktop.services.context import Clinic, Actor
        from sportacu_desktop.domain.enums import Role
        from sportacu_desktop.services.patient_records import PatientRecords
        clinic = Clinic.open({url!r})
        actor = Actor("desk2", "Workstation 2", frozenset(Role))
    """) + textwrap.dedent(code)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=HANG_GUARD_S)


def test_patient_record_saved_elsewhere_is_not_overwritten(clinic, clinic_url):
    records = PatientRecords(clinic.session_factory, command_line_actor())
    mine = records.create(
        PatientInput(
            first_name="Zoë", last_name="Nguyễn", date_of_birth="1990-03-04", city="Portland"
        ),
        today=TODAY,
    )
    other_workstation(
        clinic_url,
        f"""
        records = PatientRecords(clinic.session_factory, actor)
        record = records.get({mine.id})
        records.update({mine.id}, replace(record.details, city="Falmouth"), record.version)
    """,
    )
    with pytest.raises(StaleEdit) as caught:
        records.update(
            mine.id, replace(mine.details, phone="207-555-0101"), mine.version, today=TODAY
        )
    assert caught.value.current.details.city == "Falmouth"
    assert caught.value.current.details.phone == ""
    assert "desk2" in str(caught.value)


def test_visit_note_saved_elsewhere_is_not_overwritten(clinic, clinic_url):
    create_demo_clinic(clinic, command_line_actor(), patients=2, seed=3, today=TODAY)
    chart = Charting(clinic.session_factory, command_line_actor())
    note = chart.start_visit(1, on=TODAY)
    other_workstation(
        clinic_url,
        f"""
        chart = Charting(clinic.session_factory, actor)
        chart.save({note.id}, VisitContent(assessment="from workstation 2"), {note.version})
    """,
    )
    with pytest.raises(VisitStale) as caught:
        chart.save(note.id, VisitContent(assessment="from workstation 1"), note.version)
    assert caught.value.current.content.assessment == "from workstation 2"
    assert chart.get(note.id).content.assessment == "from workstation 2"
