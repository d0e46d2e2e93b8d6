"""First run on an empty database: start an empty clinic, or build a demo one off the UI thread."""

import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from sportacu_desktop.services import demo
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.setup import is_new_clinic, practice_name
from sportacu_desktop.ui.first_run import DEFAULT_DEMO_PATIENTS, FirstRunDialog
from sportacu_desktop.ui.progress import DelayedProgressDialog
from tests.hang_guard import HANG_GUARD_S


def choose_empty(qtbot, dialog) -> None:
    # Click on the radio's indicator: the widget is wider than the part that takes clicks.
    button = dialog.empty_choice
    spot = QPoint(button.height() // 2, button.height() // 2)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=spot)


@pytest.fixture
def new_clinic(sqlite_url):
    clinic = Clinic.open(sqlite_url)
    yield clinic
    clinic.close()


@pytest.fixture
def dialog(qtbot, new_clinic):
    dialog = FirstRunDialog(new_clinic, command_line_actor())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_offers_a_demo_of_200_patients_by_default(dialog):
    assert dialog.demo_choice.isChecked()
    assert dialog.patient_count.value() == DEFAULT_DEMO_PATIENTS == 200
    assert not dialog.clinic_name.isEnabled()


def test_empty_clinic_path_creates_the_practice(qtbot, dialog, new_clinic):
    choose_empty(qtbot, dialog)
    assert dialog.clinic_name.isEnabled()
    qtbot.keyClicks(dialog.clinic_name, "Harbor Sports Acupuncture")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert practice_name(new_clinic) == "Harbor Sports Acupuncture"
    assert not is_new_clinic(new_clinic)


def test_empty_clinic_needs_a_name(qtbot, dialog, new_clinic):
    choose_empty(qtbot, dialog)
    qtbot.keyClicks(dialog.clinic_name, "   ")
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "Give the clinic a name."
    assert is_new_clinic(new_clinic)


def test_demo_path_builds_the_clinic_in_the_background(qtbot, dialog, new_clinic):
    dialog.patient_count.setValue(25)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
        # The click returns at once: the work runs on the worker, the dialog waits for it.
        assert not dialog.continue_button.isEnabled()
    assert dialog.demo_summary.patients == 25
    assert PatientDirectory(new_clinic.session_factory, command_line_actor()).count() == 25


def test_cancelling_the_demo_writes_nothing(qtbot, dialog, new_clinic, monkeypatch):
    real = demo.create_demo_clinic
    release = threading.Event()

    def held(clinic, actor, *, progress, **options):
        # Holds the worker at its first progress report until the test has pressed Cancel.
        def report(done, total):
            release.wait(HANG_GUARD_S)
            return progress(done, total)

        return real(clinic, actor, progress=report, **options)

    monkeypatch.setattr(demo, "create_demo_clinic", held)
    dialog.patient_count.setValue(50)
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.findChild(DelayedProgressDialog) is not None)
    progress = dialog.findChild(DelayedProgressDialog)
    qtbot.waitUntil(progress.isVisible)
    qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    release.set()

    qtbot.waitUntil(lambda: dialog.continue_button.isEnabled())
    assert dialog.message.text() == "Demo clinic creation was cancelled; nothing was saved."
    assert dialog.isVisible()
    assert is_new_clinic(new_clinic)
