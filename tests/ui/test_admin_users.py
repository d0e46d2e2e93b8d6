"""Admin ▸ Users: add an account that can then sign in, reset a password, deactivate."""

import pytest
from PySide6.QtCore import Qt

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.users import LoginFailed, authenticate
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.admin.user_dialogs import AddUserDialog, ResetPasswordDialog
from sportacu_desktop.ui.admin.users_view import UsersWindow
from tests.ui.session_support import Sessions

NEW_PASSWORD = "copper lantern meadow"


@pytest.fixture
def sessions(qtbot, ui_settings, inline_runner):
    driver = Sessions(qtbot, ui_settings, inline_runner)
    yield driver
    driver.close_all()


def open_users(manager) -> UsersWindow:
    manager.window.registry[ActionId.MANAGE_USERS].trigger()
    window = manager.admin.open_windows[ActionId.MANAGE_USERS]
    assert isinstance(window, UsersWindow) and window.isVisible()
    return window


def cell(window: UsersWindow, username: str, column: int) -> str:
    row = [u.username for u in window.users].index(username)
    return window.table.item(row, column).text()


def test_add_a_front_desk_user_who_can_then_sign_in(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_users(manager)
    assert [u.username for u in window.users] == ["dwhitcomb", "frontdesk", "rokafor"]
    assert cell(window, "dwhitcomb", 2) == "administrator, practitioner"

    window.add_button.click()
    dialog = window.add_dialog
    assert isinstance(dialog, AddUserDialog) and dialog.isVisible()
    sessions.activate(dialog)
    qtbot.keyClicks(dialog.display_name, "Sam Rivera")
    assert dialog.username.text() == "srivera"
    password, confirm = dialog.form.fields["password"], dialog.form.fields["confirm"]
    qtbot.keyClicks(password, NEW_PASSWORD)
    qtbot.keyClicks(confirm, NEW_PASSWORD)
    dialog.accept_button.click()
    assert dialog.isVisible()
    assert dialog.form.error_text("roles") == "Tick at least one role."

    dialog.username.setText("rokafor")  # taken
    dialog.role_boxes[Role.FRONT_DESK].setChecked(True)
    dialog.accept_button.click()
    assert dialog.form.error_text("username") == "That user name is taken."
    assert password.text() == NEW_PASSWORD  # nothing typed is lost to an error

    dialog.username.setText("srivera")
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert cell(window, "srivera", 2) == "front desk"
    assert cell(window, "srivera", 3) == "Active"
    assert window.selected_user().username == "srivera"
    assert window.message.text() == "Sam Rivera can now sign in as srivera."

    assert manager.sign_out()
    sessions.sign_in_again(manager, "srivera", NEW_PASSWORD)
    assert manager.actor.display_name == "Sam Rivera"
    assert manager.chrome.user_label.text() == "Sam Rivera (front desk)"
    assert not manager.chrome.admin_menu.menuAction().isVisible()


def test_reset_a_password_then_deactivate_and_activate(qtbot, sessions, demo_clinic, monkeypatch):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_users(manager)
    window.select_username("rokafor")
    window.reset_button.click()
    dialog = window.reset_dialog
    assert isinstance(dialog, ResetPasswordDialog)
    sessions.activate(dialog)
    qtbot.keyClicks(dialog.form.fields["password"], NEW_PASSWORD)
    qtbot.keyClicks(dialog.form.fields["confirm"], NEW_PASSWORD)
    qtbot.keyClick(dialog.form.fields["confirm"], Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.message.text() == "Ruth Okafor's password was reset."
    assert authenticate(demo_clinic.session_factory, "rokafor", NEW_PASSWORD).user_id

    asked = []
    monkeypatch.setattr(UsersWindow, "confirm_deactivate", lambda self, user: asked.append(user))
    window.active_button.click()  # the question is answered "no"
    assert cell(window, "rokafor", 3) == "Active"
    monkeypatch.setattr(UsersWindow, "confirm_deactivate", lambda self, user: True)
    window.active_button.click()
    assert [u.username for u in asked] == ["rokafor"]
    assert cell(window, "rokafor", 3) == "Deactivated"
    assert window.active_button.text() == "&Activate"
    assert not window.reset_button.isEnabled()
    with pytest.raises(LoginFailed):
        authenticate(demo_clinic.session_factory, "rokafor", NEW_PASSWORD)

    window.active_button.click()
    assert cell(window, "rokafor", 3) == "Active"
    assert authenticate(demo_clinic.session_factory, "rokafor", NEW_PASSWORD)


def test_your_own_account_cannot_be_deactivated(sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_users(manager)
    window.select_username("dwhitcomb")
    assert not window.active_button.isEnabled()
    assert "your own account" in window.active_button.toolTip()


def test_a_locked_out_account_shows_until_when(sessions, demo_clinic):
    for _ in range(5):
        with pytest.raises(LoginFailed):
            authenticate(demo_clinic.session_factory, "frontdesk", "guess-guess")
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_users(manager)
    assert cell(window, "frontdesk", 3).startswith("Locked until ")


def test_the_automatic_lock_time_is_set_here(sessions, demo_clinic):
    from sportacu_desktop.domain.settings import IDLE_LOCK_MINUTES
    from sportacu_desktop.services.context import command_line_actor
    from sportacu_desktop.services.settings import ClinicSettings

    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_users(manager)
    assert window.idle.value() == 10
    window.idle.setValue(3)
    clinic_wide = ClinicSettings(demo_clinic.session_factory, command_line_actor())
    assert clinic_wide.get(IDLE_LOCK_MINUTES) == 3
    assert manager.idle_lock.interval_ms == 3 * 60_000
