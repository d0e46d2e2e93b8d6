"""Patient search answers from the trigram index and finds exactly what a scan finds."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from sportacu_desktop.domain.text import fold
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.search import _token_forms, patient_search_key

PEOPLE = [
    ("Zoë", "Nguyễn", date(1990, 3, 4), "(207) 555-0101"),
    ("Liam", "O'Brien", date(1985, 12, 1), "207-555-0199"),
    ("Ana-Lucía", "García-López", date(2001, 7, 9), ""),
    ("Sam", "Samson", date(1979, 5, 5), "2075550123"),
    ("Bo", "Li", date(1999, 9, 9), ""),
    ("Ruth", "Abernathy-Smith", date(1964, 2, 29), "(617) 555-2020"),
    ("Émile", "D'Aubigné", date(1992, 10, 31), ""),
    ("Kai", "Ōkubo", date(2008, 1, 15), "603 555 7788"),
]


def add(session, index, first, last, dob, phone):
    chart = f"SA-{index:06d}"
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
    )
    session.add(patient)
    session.flush()
    return patient


@pytest.fixture
def directory(clinic):
    with clinic.session_factory.begin() as session:
        for index, person in enumerate(PEOPLE, start=1):
            add(session, index, *person)
    return PatientDirectory(clinic.session_factory, command_line_actor())


def scanned(clinic, typed: str) -> set[int]:
    """The rule as a user knows it: every typed word appears somewhere in the key."""
    words = [_token_forms(word) for word in fold(typed).split()]
    with clinic.session_factory() as session:
        keys = session.execute(select(m.Patient.id, m.Patient.search_key)).all()
    return {pid for pid, key in keys if all(word in key for word in words)}


@pytest.mark.parametrize(
    "typed",
    ["nguyen", "zoe", "brien", "o'b", "garcia lop", "sam", "sa", "li", "bo li", "555-01",
     "2075550", "1964-02", "02/29/1964", "aubigne", "okubo", "sa-000", "xyz", "ab", "\"qu",
     "smith AND", "na*", "abernathy-smith"],
)
def test_the_index_finds_what_a_scan_finds(clinic, directory, typed):
    assert set(directory.search_ids(typed)) == scanned(clinic, typed)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet="abcdeilmnorstuyz-'\" 0125", max_size=9))
def test_any_typing_matches_the_scan(clinic, directory, typed):
    assert set(directory.search_ids(typed)) == scanned(clinic, typed)


def test_a_renamed_or_new_patient_is_found_under_the_new_name(clinic, directory):
    with clinic.session_factory.begin() as session:
        patient = session.scalars(select(m.Patient).where(m.Patient.last_name == "Samson")).one()
        patient.last_name = "Whitcombe"
        patient.search_key = patient.search_key.replace("samson", "whitcombe")
        add(session, 99, "Nadia", "Petrova", date(1988, 8, 8), "")
    assert [r.last_name for r in directory.search("whitc")] == ["Whitcombe"]
    assert directory.search("samson") == []
    assert [r.last_name for r in directory.search("petro")] == ["Petrova"]


def test_sqlite_searches_through_the_index(sqlite_url):
    from sportacu_desktop.services.context import Clinic

    clinic = Clinic.open(sqlite_url)
    try:
        with clinic.engine.connect() as connection:
            plan = connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM patient WHERE id IN "
                    "(SELECT rowid FROM patient_search WHERE patient_search MATCH '\"smith\"')"
                )
            ).all()
        assert any("VIRTUAL TABLE INDEX" in row[-1] for row in plan), plan
    finally:
        clinic.close()


@pytest.mark.parametrize("typed", ["sa-000", "555", "nguyen", "brien sa-0", "19"])
def test_a_word_most_patients_share_is_scanned_with_the_same_matches(
    clinic, directory, monkeypatch, typed
):
    from sportacu_desktop.storage import search

    # With a threshold of two, any word held by two keys or more takes the scan instead.
    monkeypatch.setattr(search, "SELECTIVE", 2)
    assert set(directory.search_ids(typed)) == scanned(clinic, typed)
