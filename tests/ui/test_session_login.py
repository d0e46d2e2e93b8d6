"""Signing in: the clinic owner's first account, passwords, lockout, emergency access, sign-out."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from sportacu_desktop.services.audit_log import AuditFilter, AuditLog
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.setup import start_empty_clinic
from sportacu_desktop.services.users import (
    SIGN_IN_REFUSED,
    LoginFailed,
    authenticate,
    has_accounts,
)
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.patients import form_dialog
from sportacu_desktop.ui.patients.form_dialog import UnsavedChoice
from sportacu_desktop.ui.session.chrome import EMERGENCY_TEXT
from sportacu_desktop.ui.session.login_dialog import EmergencyAccessDialog, SignInDialog
from sportacu_desktop.ui.session.owner_dialog import OwnerSetupDialog
from tests.ui.session_support import Sessions, UnsavedForm

OWNER_PASSWORD = "granite harbor tide"


@pytest.fixture
def sessions(qtbot, ui_settings, inline_runner):
    driver = Sessions(qtbot, ui_settings, inline_runner)
    yield driver
    driver.close_all()


@pytest.fixture
def empty_clinic(sqlite_url):
    clinic = Clinic.open(sqlite_url)
    start_empty_clinic(clinic, command_line_actor(), "Harbor Sports Acupuncture")
    yield clinic
    clinic.close()


def first_patient_id(clinic) -> int:
    return PatientDirectory(clinic.session_factory, command_line_actor()).search_ids()[0]


def test_an_empty_clinic_asks_for_its_owner_account_first(qtbot, sessions, empty_clinic):
    manager = sessions.start(empty_clinic)
    dialog = manager.entry_dialog
    assert isinstance(dialog, OwnerSetupDialog) and dialog.isVisible()
    shown = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert "Create the clinic owner account" in shown
    assert any(text.startswith("At least 12 characters.") for text in shown)

    qtbot.keyClicks(dialog.display_name, "Dana Whitcomb")
    assert dialog.username.text() == "dwhitcomb"  # suggested while the name is typed
    password, confirm = dialog.form.fields["password"], dialog.form.fields["confirm"]
    qtbot.keyClicks(password, "short")
    qtbot.keyClicks(confirm, "short")
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    assert dialog.form.error_text("password") == "Use a password of at least 12 characters."
    for common in ("Password-1234", "sportacu-demo"):
        password.clear()
        confirm.clear()
        qtbot.keyClicks(password, common)
        qtbot.keyClicks(confirm, common)
        qtbot.keyClick(confirm, Qt.Key.Key_Return)
        assert "Choose another one." in dialog.form.error_text("password")
        assert password.text() == common  # kept, to be changed
    assert not has_accounts(empty_clinic.session_factory)

    password.clear()
    qtbot.keyClicks(password, OWNER_PASSWORD)
    confirm.clear()
    qtbot.keyClicks(confirm, OWNER_PASSWORD + "x")
    dialog.create_button.click()
    assert "not the same" in dialog.form.error_text("confirm")
    assert dialog.form.error_text("password") == ""

    confirm.clear()
    qtbot.keyClicks(confirm, OWNER_PASSWORD)
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    window = manager.window
    assert window is not None and window.isVisible()
    assert manager.actor.username == "dwhitcomb"
    assert manager.chrome.user_label.text() == "Dana Whitcomb (administrator, practitioner)"
    assert window.registry[ActionId.AUDIT_TRAIL].isVisible()
    # The new clinic's owner is offered the clinic setup that superbills print from.
    assert manager.admin.open_windows[ActionId.CLINIC_SETUP].isVisible()
    owner = authenticate(empty_clinic.session_factory, "dwhitcomb", OWNER_PASSWORD)
    assert owner.display_name == "Dana Whitcomb"


def test_enter_signs_in_and_every_service_acts_for_that_user(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "rokafor")
    assert manager.actor.username == "rokafor"
    assert manager.context.actor is manager.actor
    assert manager.chrome.user_label.text() == "Ruth Okafor (practitioner)"
    window = manager.window
    window.open_patient(first_patient_id(demo_clinic))
    events = AuditLog(demo_clinic.session_factory, command_line_actor()).events(
        AuditFilter(action="view")
    )
    assert events[0].actor == "rokafor"
    assert not window.registry[ActionId.AUDIT_TRAIL].isVisible()
    assert not manager.chrome.admin_menu.menuAction().isVisible()
    assert manager.chrome.emergency_bar is None


def test_a_wrong_password_says_so_and_keeps_the_user_name(qtbot, sessions, demo_clinic):
    manager = sessions.start(demo_clinic)
    dialog = sessions.sign_in_dialog(manager)
    sessions.type_credentials(dialog, "rokafor", "not-her-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and manager.window is None
    assert dialog.message.text() == SIGN_IN_REFUSED
    assert dialog.username.text() == "rokafor"
    assert dialog.password.text() == ""

    dialog.username.clear()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.form.error_text("username") == "Enter your user name."


def test_five_wrong_passwords_lock_the_account_for_five_minutes(qtbot, sessions, demo_clinic):
    manager = sessions.start(demo_clinic)
    dialog = sessions.sign_in_dialog(manager)
    for _ in range(5):
        sessions.type_credentials(dialog, "rokafor", "guess-guess-guess")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    sessions.type_credentials(dialog, "rokafor", "sportacu-demo")  # the right one, too late
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert manager.window is None
    # Locked, and told exactly what a typo is told: nobody learns which accounts exist.
    assert dialog.message.text() == SIGN_IN_REFUSED
    with pytest.raises(LoginFailed):
        authenticate(demo_clinic.session_factory, "rokafor", "sportacu-demo")


def test_emergency_access_needs_a_reason_shows_a_red_bar_and_flags_the_trail(
    qtbot, sessions, demo_clinic
):
    manager = sessions.start(demo_clinic)
    dialog: SignInDialog = sessions.sign_in_dialog(manager)
    dialog.emergency_button.click()
    assert dialog.emergency_dialog is None  # user name and password come first
    assert "enter your user name and password first" in dialog.message.text()

    sessions.type_credentials(dialog, "frontdesk", "sportacu-demo")
    dialog.emergency_button.click()
    emergency = dialog.emergency_dialog
    assert isinstance(emergency, EmergencyAccessDialog) and emergency.isVisible()
    emergency.confirm_button.click()
    assert emergency.isVisible() and manager.window is None
    assert emergency.form.error_text("reason") == "Write why you need emergency access."

    reason = "Dr. Okafor is away; patient in acute pain"
    qtbot.keyClicks(emergency.reason, reason)
    emergency.confirm_button.click()
    window = manager.window
    assert window is not None
    bar = manager.chrome.emergency_bar
    assert bar is not None and bar.isVisible()
    assert bar.title.text() == EMERGENCY_TEXT
    assert reason in bar.reason.text()
    assert not bar.toggleViewAction().isVisible()
    assert manager.actor.emergency_reason == reason
    # Emergency access reads and prints; it never makes the front desk a practitioner.
    assert "practitioner" not in manager.chrome.user_label.text()
    assert not window.registry[ActionId.NEW_VISIT].isVisible()
    assert not window.registry[ActionId.NEW_VISIT_FROM_LAST].isVisible()
    assert window.registry[ActionId.SHOW_VISITS].isVisible()

    patient_id = first_patient_id(demo_clinic)
    window.open_patient(patient_id)
    assert window.charting.dock.isVisible()
    timeline = window.charting.timeline.table
    assert timeline.rowCount() > 0
    trail = AuditLog(demo_clinic.session_factory, command_line_actor())
    # What the front desk did since the demo clinic was made (its history has their past).
    (made,) = trail.events(AuditFilter(action="demo"))
    events = [e for e in trail.events(AuditFilter(actor="frontdesk")) if e.id > made.id]
    assert {e.action for e in events} >= {"break_glass", "view"}
    assert any(e.entity == "visit" and e.patient_id == patient_id for e in events)
    assert all(e.detail.startswith(f"[EMERGENCY ACCESS: {reason}]") for e in events)


def test_sign_out_returns_to_sign_in_and_the_next_user_gets_their_own_session(
    qtbot, sessions, demo_clinic
):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    first = manager.window
    first.registry[ActionId.SIGN_OUT].trigger()
    assert manager.window is None and not first.isVisible()
    dialog = sessions.sign_in_dialog(manager)
    assert dialog.username.text() == ""  # the next person types their own name

    sessions.sign_in_again(manager, "frontdesk")
    assert manager.window is not first
    assert manager.actor.username == "frontdesk"
    assert manager.chrome.user_label.text() == "Jamie Pelletier (front desk)"


def test_sign_out_asks_about_an_unsaved_form_and_keep_editing_stays(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = manager.window
    form = UnsavedForm(window)
    form.open()
    qtbot.keyClicks(form.editor, "Prefers afternoon appointments")

    assert not manager.sign_out()
    assert form.asked == 1 and form.isVisible()
    assert manager.window is window and window.isVisible()
    assert form.editor.toPlainText() == "Prefers afternoon appointments"

    form.answer = "discard"
    assert manager.sign_out()
    assert form.asked == 2 and not form.isVisible()
    assert manager.window is None
    assert isinstance(manager.entry_dialog, SignInDialog)


def test_quitting_the_sign_in_window_opens_nothing(sessions, demo_clinic):
    manager = sessions.start(demo_clinic)
    sessions.sign_in_dialog(manager).quit_button.click()
    assert manager.window is None and manager.entry_dialog is None


def test_sign_out_goes_through_the_patient_forms_own_question(
    qtbot, sessions, demo_clinic, monkeypatch
):
    answers = [UnsavedChoice.KEEP_EDITING, UnsavedChoice.DISCARD]
    asked = []

    def ask(parent, who):
        asked.append(who)
        return answers.pop(0)

    monkeypatch.setattr(form_dialog, "ask_unsaved_changes", ask)
    manager = sessions.signed_in(demo_clinic, "frontdesk")
    window = manager.window
    window.open_patient(first_patient_id(demo_clinic))
    window.registry[ActionId.EDIT_PATIENT].trigger()
    form = window.patient_actions.form_dialog
    assert form is not None and form.isVisible()
    first_name = form.demographics.inputs["first_name"]
    first_name.end(False)
    qtbot.keyClicks(first_name, "-Marie")

    window.registry[ActionId.SIGN_OUT].trigger()
    assert len(asked) == 1 and form.isVisible() and manager.window is window
    assert first_name.text().endswith("-Marie")

    window.registry[ActionId.SIGN_OUT].trigger()
    assert len(asked) == 2 and manager.window is None
    assert isinstance(manager.entry_dialog, SignInDialog)
