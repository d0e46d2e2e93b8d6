"""The sign-in window comes up while the clinic is still opening, and takes input.

The clinic's opening is held back (an event the test releases) so each test knows it
acts on the window before the clinic is open: nothing typed is lost, a Sign In pressed
meanwhile goes ahead once the clinic is open, and Quit quits.
"""

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from sportacu_desktop.services.demo import DEMO_PASSWORD
from sportacu_desktop.services.setup import practice_name
from sportacu_desktop.ui.data_safety import start
from sportacu_desktop.ui.launch import EXIT_OK, run_gui
from sportacu_desktop.ui.main_window import MainWindow
from sportacu_desktop.ui.session.login_dialog import OPENING, SignInDialog
from tests.hang_guard import HANG_GUARD_S
from tests.ui.dialog_script import DialogScript

STUCK = 99


@pytest.fixture
def held_open(monkeypatch):
    """Opening the clinic waits for ``release.set()``."""
    release = threading.Event()
    real_open = start.open_checked

    def open_when_released(url, passphrase=None):
        assert release.wait(HANG_GUARD_S), "the test never let the clinic open"
        return real_open(url, passphrase=passphrase)

    monkeypatch.setattr(start, "open_checked", open_when_released)
    yield release
    release.set()  # a failed test must not leave the worker waiting


def scripted(steps) -> DialogScript:
    return DialogScript(steps, on_stuck=lambda: QApplication.instance().exit(STUCK))


def test_sign_in_pressed_while_the_clinic_opens_goes_ahead_once_it_is_open(
    qapp, demo_clinic, held_open
):
    demo_clinic.close()
    seen: dict[str, object] = {}

    def type_and_sign_in(dialog: SignInDialog):
        assert not dialog.clinic_is_open
        assert dialog.heading.text() == "Sign in to your clinic"
        dialog.username.setText("dwhitcomb")
        dialog.password.setText(DEMO_PASSWORD)
        dialog.sign_in_button.click()
        seen["waiting"] = (dialog.is_waiting, dialog.message.text())
        held_open.set()

    def look_and_close(window: MainWindow):
        seen["signed in"] = window.context.actor.username
        window.close()

    with scripted([(SignInDialog, type_and_sign_in), (MainWindow, look_and_close)]) as script:
        code = run_gui(demo_clinic.url)
    assert code == EXIT_OK
    assert script.seen == ["SignInDialog", "MainWindow"]
    assert seen["waiting"] == (True, OPENING)
    assert seen["signed in"] == "dwhitcomb"


def test_the_clinic_is_named_once_open_and_what_was_typed_stays(qapp, demo_clinic, held_open):
    practice = practice_name(demo_clinic)
    demo_clinic.close()
    seen: dict[str, str] = {}

    def once_open(dialog: SignInDialog):
        seen["heading"] = dialog.heading.text()
        seen["username"] = dialog.username.text()
        seen["password"] = dialog.password.text()
        dialog.reject()

    def type_then_let_it_open(dialog: SignInDialog):
        dialog.username.setText("rokafor")
        dialog.password.setText("half a passw")
        # Looked at on the next turn of the event loop, as a user would.
        dialog.clinic_opened.connect(
            lambda: QTimer.singleShot(0, lambda: once_open(dialog)),
            Qt.ConnectionType.QueuedConnection,
        )
        held_open.set()

    with scripted([(SignInDialog, type_then_let_it_open)]):
        code = run_gui(demo_clinic.url)
    assert code == EXIT_OK
    assert seen == {
        "heading": f"Sign in to {practice}",
        "username": "rokafor",
        "password": "half a passw",
    }


def test_quit_while_the_clinic_opens_quits_without_a_main_window(qapp, demo_clinic, held_open):
    demo_clinic.close()

    def quit_then_let_it_open(dialog: SignInDialog):
        dialog.quit_button.click()
        held_open.set()

    with scripted([(SignInDialog, quit_then_let_it_open)]) as script:
        code = run_gui(demo_clinic.url)
    assert code == EXIT_OK
    assert script.seen == ["SignInDialog"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
