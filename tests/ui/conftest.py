"""UI fixtures: real clinics in SQLite files, window state kept in a per-test ini file."""

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.storage.patients import AthleteProfile, Insurance, Patient, PatientFlag, Race
from sportacu_desktop.storage.practice import Practice
from sportacu_desktop.storage.search import patient_search_key
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.main_window import MainWindow
from sportacu_desktop.ui.operations import TaskRunner
from tests.ui import dialog_script

DEMO_PATIENTS = 60
DEMO_SEED = 3
# The offscreen platform says these for every top-level window with a size constraint and
# for every popup (a completer's list); they report missing features of the test platform,
# not problems in the app.
OFFSCREEN_NOISE = (
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
    r"This plugin does not support grabbing the keyboard",
)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


def patient(chart: str, first: str, last: str, born: date, phone: str = "") -> Patient:
    key = patient_search_key(
        first_name=first,
        last_name=last,
        preferred_name="",
        chart_number=chart,
        date_of_birth=born,
        phone=phone,
    )
    return Patient(
        chart_number=chart,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        phone=phone,
        sex="F",
        search_key=key,
    )


@pytest.fixture(autouse=True)
def no_script_outlives_its_test():
    yield
    dialog_script.stop_all()


@pytest.fixture
def ui_settings(tmp_path):
    settings = QSettings(str(tmp_path / "window-state.ini"), QSettings.Format.IniFormat)
    yield settings
    settings.sync()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo clinic built per session; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    clinic = Clinic.open(str(path))
    create_demo_clinic(clinic, command_line_actor(), patients=DEMO_PATIENTS, seed=DEMO_SEED)
    clinic.close()
    return path


@pytest.fixture
def demo_clinic(demo_template, tmp_path):
    path = tmp_path / "clinic.db"
    shutil.copyfile(demo_template, path)
    clinic = Clinic.open(str(path))
    yield clinic
    clinic.close()


@pytest.fixture
def small_clinic(sqlite_url):
    """A practice and five patients with known names; Ruiz has two flags and an A race."""
    clinic = Clinic.open(sqlite_url)
    with clinic.session_factory.begin() as session:
        session.add(Practice(name="Test Sports Acupuncture"))
        people = [
            patient("SA-000001", "Ana", "Ruiz", date(1990, 3, 14), "(207) 555-0101"),
            patient("SA-000002", "Ben", "Okafor", date(1985, 7, 2), "(207) 555-0102"),
            patient("SA-000003", "Chloé", "Ruiz", date(2001, 11, 30), "(207) 555-0103"),
            patient("SA-000004", "Dev", "Patel", date(1978, 1, 9), "(207) 555-0104"),
            patient("SA-000005", "Eve", "Moreau", date(1995, 5, 21), "(207) 555-0105"),
        ]
        session.add_all(people)
        session.flush()
        ana = people[0]
        session.add_all(
            [
                PatientFlag(patient_id=ana.id, kind="pacemaker_icd", detail="Dual chamber"),
                PatientFlag(patient_id=ana.id, kind="anticoagulants", detail="Apixaban"),
                Race(
                    patient_id=ana.id,
                    name="Harbor Marathon",
                    race_date=date.today() + timedelta(days=12),
                    distance="Marathon",
                    priority="A",
                ),
                Insurance(patient_id=ana.id, payer="Blue Harbor Health"),
                AthleteProfile(patient_id=ana.id, sports="Running", training_phase="taper"),
            ]
        )
    yield clinic
    clinic.close()


@pytest.fixture
def inline_runner():
    """Runs background work synchronously, for tests about results rather than threads."""
    return TaskRunner(inline=True)


@pytest.fixture
def open_window(qtbot, ui_settings):
    """Builds a shown main window on a clinic; closes it at the end of the test."""

    def make(clinic: Clinic) -> MainWindow:
        window = MainWindow(AppContext.create(clinic), settings=ui_settings)
        qtbot.addWidget(window)
        # Shortcuts only reach the active window, as with a real keyboard.
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make


@pytest.fixture
def contacts(small_clinic):
    from sportacu_desktop.services.care_contacts import CareContacts, ContactInput
    from sportacu_desktop.services.context import command_line_actor

    service = CareContacts(small_clinic.session_factory, command_line_actor())
    maya = service.create(
        ContactInput("Maya Chen, DPT", "PT", "Back Cove Physical Therapy", "1234567893")
    )
    service.create(ContactInput("Owen Hart, MD", "physician", "Portland Sports Medicine"))
    return maya
