"""Search and the chart header, on a real database."""

from datetime import date

import pytest
from sqlalchemy import func, select

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.patients import PatientDirectory, PatientNotFound
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.search import patient_search_key

TODAY = date(2026, 11, 25)


def add_patient(session, chart, first, last, dob, phone="", archived=False):
    from datetime import UTC, datetime

    patient = m.Patient(
        chart_number=chart,
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        phone=phone,
        search_key=patient_search_key(
            first_name=first,
            last_name=last,
            preferred_name="",
            chart_number=chart,
            date_of_birth=dob,
            phone=phone,
        ),
        archived_at=datetime.now(UTC) if archived else None,
    )
    session.add(patient)
    session.flush()
    return patient.id


@pytest.fixture
def directory(clinic):
    with clinic.session_factory.begin() as s:
        add_patient(s, "SA-000001", "Zoë", "Nguyễn", date(1990, 3, 4), "(207) 555-0101")
        add_patient(s, "SA-000002", "Liam", "O'Brien", date(1985, 12, 1), "207-555-0199")
        add_patient(s, "SA-000003", "Ana-Lucía", "García-López", date(2001, 7, 9))
        add_patient(s, "SA-000004", "Old", "Archived", date(1950, 1, 1), archived=True)
    return PatientDirectory(clinic.session_factory, command_line_actor())


def names(directory, text, **kw):
    return [row.last_name for row in directory.search(text, **kw)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zoe", ["Nguyễn"]),
        ("NGUYEN", ["Nguyễn"]),
        ("guy", ["Nguyễn"]),
        ("o'brien", ["O'Brien"]),
        ("lucia garcia", ["García-López"]),
        ("SA-000002", ["O'Brien"]),
        ("1990-03-04", ["Nguyễn"]),
        ("03/04/1990", ["Nguyễn"]),
        ("207 555 0199", ["O'Brien"]),
        ("5550101", ["Nguyễn"]),
        ("100%", []),
        ("", ["García-López", "Nguyễn", "O'Brien"]),
    ],
)
def test_search_matches_any_part_of_name_chart_birth_date_or_phone(directory, typed, expected):
    assert names(directory, typed) == expected


def test_archived_patients_are_found_only_on_request(directory):
    assert names(directory, "archived") == []
    assert names(directory, "archived", include_archived=True) == ["Archived"]


def test_rows_come_back_in_the_order_asked(directory):
    ids = directory.search_ids("")
    assert [r.id for r in directory.rows(list(reversed(ids)))] == list(reversed(ids))


def test_header_shows_flags_and_next_a_or_b_race(clinic):
    create_demo_clinic(clinic, command_line_actor(), patients=120, seed=3, today=TODAY)
    with clinic.session_factory() as s:
        flagged = s.scalar(select(m.PatientFlag.patient_id).order_by(m.PatientFlag.id).limit(1))
        racer = s.scalar(
            select(m.Race.patient_id)
            .where(m.Race.race_date > TODAY, m.Race.priority == "A")
            .order_by(m.Race.id)
            .limit(1)
        )
    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    header = directory.header(flagged, today=TODAY)
    assert header.flags and header.flags[0].label
    race = directory.header(racer, today=TODAY).next_race
    assert race is not None and race.days_to_go == (race.race_date - TODAY).days >= 0
    assert race.priority in ("A", "B")


def test_opening_a_chart_is_audited(directory, clinic):
    patient_id = directory.search_ids("zoe")[0]
    header = directory.header(patient_id)
    assert header.full_name == "Zoë Nguyễn"
    with clinic.session_factory() as s:
        event = s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id.desc())).first()
    assert (event.action, event.patient_id) == ("view", patient_id)


def test_unknown_patient(directory):
    with pytest.raises(PatientNotFound):
        directory.header(999999)
    with pytest.raises(PatientNotFound):
        directory.id_for_chart("SA-999999")


def test_reading_an_open_chart_again_writes_nothing(directory, clinic):
    """After a save the header is shown again; it must not wait on another workstation's
    write lock for an audit row, nor pad the trail with views nobody made."""
    patient_id = directory.search_ids("zoe")[0]
    directory.header(patient_id)
    with clinic.session_factory() as s:
        before = s.scalar(select(func.count(m.AuditEvent.id)))
    header = directory.header(patient_id, opened=False)
    with clinic.session_factory() as s:
        assert s.scalar(select(func.count(m.AuditEvent.id))) == before
    assert header.full_name == "Zoë Nguyễn"
