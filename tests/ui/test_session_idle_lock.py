"""The automatic lock: idle time or Ctrl+L hides every window; the password brings it back."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.users import SIGN_IN_REFUSED
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.session import idle_lock as idle_lock_module
from sportacu_desktop.ui.session.lock_screen import LOCKED_TITLE, LockCurtain
from sportacu_desktop.ui.session.login_dialog import SignInDialog
from tests.ui.session_support import Sessions, UnsavedForm

IDLE_MS = 50


@pytest.fixture
def sessions(qtbot, ui_settings, inline_runner):
    driver = Sessions(qtbot, ui_settings, inline_runner)
    yield driver
    driver.close_all()


def with_open_chart(sessions, clinic, username="dwhitcomb"):
    manager = sessions.signed_in(clinic, username)
    patient = PatientDirectory(clinic.session_factory, command_line_actor()).search(
        include_archived=False
    )[0]
    manager.window.open_patient(patient.id)
    assert manager.window.header_panel.patient_id == patient.id
    return manager, patient


def covers_everything(window, curtain: LockCurtain) -> bool:
    """What a screenshot of the window shows is exactly the curtain, pixel for pixel."""
    return (
        curtain.isVisible()
        and curtain.geometry() == window.rect()
        and window.grab().toImage() == curtain.grab().toImage()
    )


def test_the_default_idle_time_is_ten_minutes(sessions, demo_clinic):
    from sportacu_desktop.domain.settings import IDLE_LOCK_MINUTES
    from sportacu_desktop.services.context import command_line_actor
    from sportacu_desktop.services.settings import ClinicSettings

    settings = ClinicSettings(demo_clinic.session_factory, command_line_actor())
    assert settings.get(IDLE_LOCK_MINUTES) == 10
    manager = sessions.signed_in(demo_clinic, "rokafor")
    assert manager.idle_lock.interval_ms == 10 * 60_000
    assert manager.idle_lock.timer.isActive()


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_keyboard_and_mouse_use_postpone_the_lock(qtbot, sessions, demo_clinic, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(idle_lock_module, "time", clock)
    manager = sessions.signed_in(demo_clinic, "rokafor")
    lock = manager.idle_lock
    lock.set_interval_ms(10 * 60_000)
    clock.now += 9 * 60
    qtbot.keyClicks(manager.window.search_panel.search_box, "a")
    clock.now += 2 * 60  # 11 minutes since the start, 2 since the last key
    lock.timer.timeout.emit()
    assert not lock.is_locked
    # It fires again when the full ten minutes since the key have passed.
    assert lock.timer.isActive() and lock.timer.interval() == 8 * 60_000
    clock.now += 8 * 60
    lock.timer.timeout.emit()
    assert lock.is_locked


def test_idle_time_covers_the_window_and_hides_the_patient(qtbot, sessions, demo_clinic):
    manager, patient = with_open_chart(sessions, demo_clinic)
    window = manager.window
    assert patient.last_name in window.windowTitle()
    lock = manager.idle_lock
    lock.set_interval_ms(IDLE_MS)
    qtbot.waitUntil(lambda: lock.is_locked)

    curtain = lock.curtains[window]
    assert covers_everything(window, curtain)
    assert curtain.panel is lock.panel  # the password is asked in the main window
    assert window.windowTitle() == LOCKED_TITLE
    assert not window.menuBar().isEnabled()
    assert QApplication.focusWidget() is lock.panel.password
    # The chart is still there underneath, untouched, for when the user comes back.
    assert window.header_panel.patient_id == patient.id


def test_a_locked_window_takes_no_input_and_no_shortcut(qtbot, sessions, demo_clinic):
    manager, _patient = with_open_chart(sessions, demo_clinic)
    window = manager.window
    search = window.search_panel.search_box
    window.registry[ActionId.LOCK].trigger()
    assert manager.idle_lock.is_locked
    qtbot.keyClicks(search, "zzz")
    assert search.text() == ""
    password = manager.idle_lock.panel.password
    qtbot.keyClick(password, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Quit
    qtbot.keyClick(password, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Find
    assert window.isVisible() and manager.idle_lock.is_locked
    assert QApplication.focusWidget() is password


def test_unlocking_keeps_what_was_typed_in_an_open_editor(qtbot, sessions, demo_clinic):
    manager, patient = with_open_chart(sessions, demo_clinic)
    window = manager.window
    form = UnsavedForm(window)
    form.open()  # window-modal over the main window, like the patient form
    qtbot.waitExposed(form)
    form.editor.setFocus()
    qtbot.keyClicks(form.editor, "Left hamstring tight after tempo run")

    # Ctrl+L in a modal dialog: the main window's shortcut cannot fire there, the lock does.
    qtbot.keyClick(form.editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = manager.idle_lock
    assert lock.is_locked
    assert covers_everything(form, lock.curtains[form])
    assert covers_everything(window, lock.curtains[window])
    assert form.windowTitle() == LOCKED_TITLE
    # The password goes where input is possible: the modal dialog's curtain.
    assert lock.panel.window() is form
    qtbot.keyClicks(form.editor, " and more")  # swallowed while locked
    assert form.editor.toPlainText() == "Left hamstring tight after tempo run"

    panel = lock.panel
    qtbot.keyClicks(panel.password, "not-my-password")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert lock.is_locked
    assert panel.message.text() == SIGN_IN_REFUSED
    assert panel.password.text() == ""

    qtbot.keyClicks(panel.password, "sportacu-demo")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert not lock.is_locked
    assert not form.findChildren(LockCurtain) and not window.findChildren(LockCurtain)
    assert form.isVisible() and form.editor.toPlainText() == "Left hamstring tight after tempo run"
    assert form.windowTitle() == "Ruiz, Ana — edit patient"
    assert patient.last_name in window.windowTitle()
    assert window.menuBar().isEnabled()
    assert form.focusWidget() is form.editor  # typing goes on where it stopped
    assert lock.timer.isActive()  # counting again


def test_a_window_that_appears_while_locked_is_covered_too(qtbot, sessions, demo_clinic):
    manager, patient = with_open_chart(sessions, demo_clinic)
    window = manager.window
    lock = manager.idle_lock
    manager.lock_now()
    box = QMessageBox(QMessageBox.Icon.Warning, "SportAcu Desktop", f"{patient.last_name}: late")
    box.setParent(window, box.windowFlags())
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # background work reporting something about the patient
    qtbot.waitUntil(lambda: box in lock.curtains and lock.panel.window() is box)
    assert covers_everything(box, lock.curtains[box])
    qtbot.keyClicks(lock.panel.password, "sportacu-demo")
    qtbot.keyClick(lock.panel.password, Qt.Key.Key_Return)
    assert not lock.is_locked and box.isVisible()
    box.done(0)


def test_sign_in_as_someone_else_from_the_lock_screen(qtbot, sessions, demo_clinic):
    manager, _patient = with_open_chart(sessions, demo_clinic)
    window = manager.window
    form = UnsavedForm(window)
    form.open()
    qtbot.keyClicks(form.editor, "unsaved")
    manager.lock_now()
    panel = manager.idle_lock.panel
    panel.switch_button.click()
    assert panel.asking_discard and manager.window is window  # asked first, nothing lost

    panel.back_button.click()
    assert not panel.asking_discard and manager.idle_lock.is_locked
    panel.switch_button.click()
    panel.discard_button.click()
    assert manager.window is None and not window.isVisible() and not form.isVisible()
    assert form.asked == 0  # the lock screen's question replaced the form's own
    dialog = manager.entry_dialog
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    assert not dialog.findChildren(LockCurtain)
    sessions.sign_in_again(manager, "rokafor")
    assert manager.actor.username == "rokafor"


def test_admin_windows_beside_the_main_window_are_covered(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    users = manager.admin.show_users()
    qtbot.waitExposed(users)
    manager.lock_now()
    lock = manager.idle_lock
    assert covers_everything(users, lock.curtains[users])
    # The password is asked in the window in front; the other one says how to unlock.
    front = lock.panel.window()
    assert front in (users, manager.window)
    behind = manager.window if front is users else users
    assert lock.curtains[behind].panel is None
    assert "Click here to unlock" in lock.curtains[behind].note.text()
    assert users.windowTitle() == LOCKED_TITLE
    assert lock.try_unlock("sportacu-demo")
    assert users.windowTitle().startswith("Users")


def test_the_patient_form_keeps_its_typing_through_a_lock(qtbot, sessions, demo_clinic):
    manager, patient = with_open_chart(sessions, demo_clinic, "frontdesk")
    window = manager.window
    window.registry[ActionId.EDIT_PATIENT].trigger()
    form = window.patient_actions.form_dialog
    first_name = form.demographics.inputs["first_name"]
    first_name.setFocus()
    first_name.end(False)
    qtbot.keyClicks(first_name, "-Marie")
    manager.lock_now()
    lock = manager.idle_lock
    assert covers_everything(form, lock.curtains[form])
    assert lock.panel.window() is form  # the form is window-modal: the password goes there
    qtbot.keyClicks(lock.panel.password, "sportacu-demo")
    qtbot.keyClick(lock.panel.password, Qt.Key.Key_Return)
    assert not lock.is_locked and form.isVisible() and form.is_dirty()
    assert first_name.text() == f"{patient.first_name}-Marie"
    assert form.focusWidget() is first_name


def test_the_window_in_front_takes_the_password(qtbot, sessions, demo_clinic):
    manager, _patient = with_open_chart(sessions, demo_clinic)
    visit = manager.window.charting.new_visit(copy_forward=False)
    qtbot.waitExposed(visit)
    visit.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is visit)
    manager.lock_now()
    lock = manager.idle_lock
    assert lock.panel.window() is visit  # not the main window hidden under it
    assert "main" not in lock.curtains[manager.window].note.text()

    # Bringing the main window forward (a click on it) moves the form there.
    manager.window.activateWindow()
    qtbot.waitUntil(lambda: lock.panel.window() is manager.window)
    assert lock.curtains[visit].panel is None
    qtbot.keyClicks(lock.panel.password, "sportacu-demo")
    qtbot.keyClick(lock.panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked)
