"""The patient list model: valid for Qt's checker, lazy on big clinics, honest about removals."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.storage.patients import Patient
from sportacu_desktop.storage.search import patient_search_key
from sportacu_desktop.ui.patients.list_model import (
    FIRST_IDS,
    PAGE_SIZE,
    PatientIdRole,
    PatientListModel,
)


class CountingDirectory:
    """The real directory, counting how many rows the model asks for."""

    def __init__(self, directory: PatientDirectory):
        self._directory = directory
        self.rows_requested: list[int] = []

    def search_ids(self, text: str = "", *, limit: int | None = None) -> list[int]:
        return self._directory.search_ids(text, limit=limit)

    def rows(self, ids):
        self.rows_requested.append(len(ids))
        return self._directory.rows(ids)


@pytest.fixture
def big_clinic(sqlite_url):
    """5,000 patients, written in one bulk insert so the fixture stays quick."""
    clinic = Clinic.open(sqlite_url)
    born = date(1960, 1, 1)
    values = []
    for n in range(1, 5001):
        first, last = f"First{n:04d}", f"Last{n % 500:03d}"
        chart, dob, phone = f"SA-{n:06d}", born + timedelta(days=n * 3), f"207555{n:04d}"
        key = patient_search_key(
            first_name=first,
            last_name=last,
            preferred_name="",
            chart_number=chart,
            date_of_birth=dob,
            phone=phone,
        )
        values.append(
            dict(
                chart_number=chart,
                first_name=first,
                last_name=last,
                date_of_birth=dob,
                phone=phone,
                search_key=key,
            )
        )
    with clinic.session_factory.begin() as session:
        session.execute(insert(Patient), values)
    yield clinic
    clinic.close()


def directory(clinic: Clinic) -> PatientDirectory:
    return PatientDirectory(clinic.session_factory, command_line_actor())


def test_model_passes_qt_model_tester(qtmodeltester, small_clinic):
    model = PatientListModel(directory(small_clinic))
    model.search("")
    qtmodeltester.check(model, force_py=True)
    model.search("ruiz")
    qtmodeltester.check(model, force_py=True)


def test_columns_and_rows_in_name_order(small_clinic):
    model = PatientListModel(directory(small_clinic))
    model.search("ruiz")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Chart", "Name", "Date of birth", "Phone"]
    shown = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert shown == [
        ["SA-000001", "Ruiz, Ana", "03/14/1990", "(207) 555-0101"],
        ["SA-000003", "Ruiz, Chloé", "11/30/2001", "(207) 555-0103"],
    ]
    assert model.index(0, 2).data(PatientIdRole) == model.patient_id(0)


def test_search_accepts_us_dates_and_phone_digits(small_clinic):
    model = PatientListModel(directory(small_clinic))
    model.search("07/02/1985")
    assert [model.index(0, 1).data()] == ["Okafor, Ben"]
    model.search("555-0104")
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["Patel, Dev"]


def test_rows_are_fetched_a_page_at_a_time(qtbot, big_clinic):
    source = CountingDirectory(directory(big_clinic))
    model = PatientListModel(source)
    with qtbot.waitSignal(model.completed):
        model.search("")
    assert model.rowCount() == 5000
    assert source.rows_requested == []  # a search reads ids only

    model.index(0, 1).data()
    model.index(PAGE_SIZE - 1, 3).data()
    assert source.rows_requested == [PAGE_SIZE]

    model.index(4999, 0).data()
    assert source.rows_requested == [PAGE_SIZE, 5000 % PAGE_SIZE or PAGE_SIZE]
    assert model.cached_rows() == PAGE_SIZE + (5000 % PAGE_SIZE or PAGE_SIZE)


def test_a_long_list_shows_its_first_names_at_once_and_the_rest_follows(
    qtbot, big_clinic, open_window
):
    window = open_window(big_clinic)
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5000)
    everybody = [panel.model.patient_id(r) for r in range(5000)]
    with qtbot.waitSignal(panel.model.completed):
        panel.search_box.setText("last")  # every patient matches
        panel.run_search()
        # On screen at once: the first names in name order, the count still running.
        assert panel.model.rowCount() == FIRST_IDS and not panel.model.complete
        assert [panel.model.patient_id(r) for r in range(FIRST_IDS)] == everybody[:FIRST_IDS]
        assert "so far" in panel.summary.text()
        panel.select_row(3)
    assert panel.model.rowCount() == 5000 and panel.model.complete
    assert [panel.model.patient_id(r) for r in range(5000)] == everybody
    assert panel.summary.text() == "5,000 matches"
    assert panel.table.currentIndex().row() == 3  # the rest arriving moves nobody's choice

    # A patient saved far down the list is selected once the list reaches them.
    with qtbot.waitSignal(panel.model.completed):
        panel.search_box.clear()
        panel.run_search()
        panel.select_patient(everybody[4000])
    assert panel.table.currentIndex().row() == 4000


def test_typing_in_a_big_clinic_reads_only_what_is_painted(qtbot, big_clinic, open_window):
    window = open_window(big_clinic)
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5000)
    assert panel.model.cached_rows() <= PAGE_SIZE

    qtbot.keyClicks(panel.search_box, "last042 first")
    qtbot.waitUntil(lambda: panel.model.search_text == "last042 first")
    assert panel.model.rowCount() == 10
    assert all(panel.model.index(r, 1).data().startswith("Last042,") for r in range(10))


def test_a_patient_removed_after_the_search_shows_a_dash(small_clinic):
    model = PatientListModel(directory(small_clinic))
    model.search("ruiz")
    removed = model.patient_id(1)
    with small_clinic.session_factory.begin() as session:
        session.delete(session.get(Patient, removed))
    assert model.index(0, 1).data() == "Ruiz, Ana"
    assert model.index(1, 1).data() == "—"
    model.refresh()
    assert model.rowCount() == 1
