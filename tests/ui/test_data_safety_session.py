"""Backups and encryption from a signed-in session: automatic, Admin ▸ Backups, restore."""

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sportacu_desktop.services.audit_log import AuditFilter, AuditLog
from sportacu_desktop.services.backup import backup_folder, backup_to, set_backup_folder
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import DEMO_PASSWORD
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.restore import inspect_backup
from sportacu_desktop.storage.encryption import encrypt_file, is_encrypted
from sportacu_desktop.storage.engine import sqlite_path
from sportacu_desktop.storage.errors import WrongPassphrase
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.data_safety.backups_view import BackupsWindow
from sportacu_desktop.ui.data_safety.controller import DataSafety
from sportacu_desktop.ui.data_safety.passphrase import (
    ChangePassphraseDialog,
    ConfirmDecryptDialog,
    NewPassphraseDialog,
    PassphraseDialog,
)
from sportacu_desktop.ui.session.login_dialog import SignInDialog
from tests.ui.session_support import Sessions
from tests.ui.test_data_safety_start import PASSPHRASE, Answers

ADMIN = "dwhitcomb"


@pytest.fixture
def sessions(qtbot, ui_settings, inline_runner):
    driver = Sessions(qtbot, ui_settings, inline_runner)
    yield driver
    driver.close_all()


@pytest.fixture
def clinic(demo_template, tmp_path):
    """A demo clinic the test hands over to the app, which may close and reopen it."""
    path = tmp_path / "clinic.db"
    shutil.copyfile(demo_template, path)
    holder = {"clinic": Clinic.open(str(path))}
    yield holder
    for opened in holder.values():
        if opened is not None:
            opened.close()


def start(sessions, holder, username=ADMIN):
    manager = sessions.start(holder["clinic"])
    safety = DataSafety(manager, runner=sessions.runner)
    sessions.sign_in_again(manager, username)
    return manager, safety


def database_events(clinic: Clinic, action: str) -> list[str]:
    trail = AuditLog(clinic.session_factory, command_line_actor())
    return [event.actor for event in trail.events(AuditFilter(action=action))]


def patient_count(clinic: Clinic) -> int:
    return PatientDirectory(clinic.session_factory, command_line_actor()).count()


def test_the_first_sign_in_of_the_day_saves_a_backup(sessions, clinic, qtbot):
    manager, safety = start(sessions, clinic)
    folder = backup_folder(manager.clinic)
    qtbot.waitUntil(lambda: safety.last_backup is not None)
    assert safety.last_backup.path.parent == folder
    assert [p.name for p in folder.glob("sportacu-*.db")] == [safety.last_backup.path.name]
    assert manager.window.statusBar().currentMessage().startswith("Backup saved ")
    assert safety.backup_warning is None


def test_a_backup_folder_that_cannot_be_used_shows_a_warning(sessions, clinic, qtbot, tmp_path):
    drive = tmp_path / "drive"
    set_backup_folder(clinic["clinic"], command_line_actor(), drive)
    drive.rmdir()
    drive.write_text("not a folder")  # the path is now a file: backups cannot go there
    manager = sessions.start(clinic["clinic"])
    safety = DataSafety(manager, runner=sessions.runner)
    dialog = sessions.sign_in_dialog(manager)
    sessions.type_credentials(dialog, ADMIN, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: safety.backup_warning is not None)
    box = safety.backup_warning
    assert box.isVisible() and not box.isModal()
    assert str(drive) in box.text() and "could not be made" in box.text()
    assert manager.window.isEnabled()  # work goes on; the warning stays until dismissed


def test_the_backups_window_backs_up_now(sessions, clinic, qtbot):
    manager, safety = start(sessions, clinic)
    manager.window.registry[ActionId.BACKUPS].trigger()
    window = safety.backups_window
    assert isinstance(window, BackupsWindow) and window.isVisible()
    before = window.table.topLevelItemCount()
    window.backup_button.click()
    qtbot.waitUntil(lambda: window.last_result is not None)
    assert window.last_result.path.name.startswith("sportacu-manual-")
    assert window.last_result.path.is_file()
    assert window.table.topLevelItemCount() == before + 1
    patients = patient_count(manager.clinic)
    # Patients per backup are read in the background after the list shows.
    qtbot.waitUntil(lambda: window.table.topLevelItem(0).text(3) == f"{patients:,}")


def test_backups_are_for_administrators_only(sessions, clinic):
    manager, _safety = start(sessions, clinic, username="rokafor")
    registry = manager.window.registry
    for action_id in (ActionId.BACKUPS, ActionId.ENCRYPT_DATABASE, ActionId.DECRYPT_DATABASE):
        assert not registry[action_id].isVisible()


def test_restoring_a_backup_keeps_a_safety_copy_and_signs_in_again(
    sessions, clinic, qtbot, tmp_path, monkeypatch
):
    original = clinic["clinic"]
    backup = backup_to(original, tmp_path / "elsewhere" / "before-the-mistake.db")
    patients = patient_count(original)
    manager, safety = start(sessions, clinic)
    # A patient registered after the backup: the restore takes the clinic back before it.
    from datetime import date

    from tests.ui.conftest import patient as new_patient

    with manager.clinic.session_factory.begin() as session:
        session.add(new_patient("SA-999999", "Zed", "Later", date(1990, 1, 1)))
    assert patient_count(manager.clinic) == patients + 1

    manager.window.registry[ActionId.BACKUPS].trigger()
    window = safety.backups_window
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(backup.path), ""))
    confirmations = []

    def confirm(box: QMessageBox):
        confirmations.append(box.informativeText())
        [restore] = [b for b in box.buttons() if b.text() == "Restore"]
        restore.click()

    with Answers([(QMessageBox, confirm)]) as answers:
        window.restore_button.click()
        qtbot.waitUntil(lambda: safety.last_message is not None)
    assert answers.seen == ["QMessageBox"]
    assert "replaced" in confirmations[0] and "safety copy" in confirmations[0]
    message = safety.last_message.text()
    database = sqlite_path(manager.clinic.url)
    [safety_copy] = database.parent.glob("clinic.before-restore-*.db")
    assert str(safety_copy) in message and backup.path.name in message
    assert isinstance(manager.entry_dialog, SignInDialog)
    assert manager.clinic is not original
    clinic["restored"] = manager.clinic
    safety.last_message.close()
    sessions.sign_in_again(manager, ADMIN)
    assert patient_count(manager.clinic) == patients


def test_encrypting_then_reopening_with_the_passphrase(sessions, clinic, qtbot):
    manager, safety = start(sessions, clinic)
    registry = manager.window.registry
    assert registry[ActionId.ENCRYPT_DATABASE].isVisible()
    assert not registry[ActionId.DECRYPT_DATABASE].isVisible()
    problems = []

    def choose(dialog: NewPassphraseDialog):
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText("something else")
        dialog.encrypt_button.click()
        problems.append(dialog.message.text())
        dialog.second.setText(PASSPHRASE)
        dialog.encrypt_button.click()

    with Answers([(NewPassphraseDialog, choose)]) as answers:
        registry[ActionId.ENCRYPT_DATABASE].trigger()
        qtbot.waitUntil(lambda: safety.last_message is not None)
    assert answers.seen == ["NewPassphraseDialog"]
    assert problems == ["The two passphrases differ: type the same one twice."]
    path = sqlite_path(manager.clinic.url)
    assert is_encrypted(path)
    assert manager.clinic.encrypted and manager.clinic.passphrase == PASSPHRASE
    clinic["encrypted"] = manager.clinic
    # Done through the service, like the command line: recorded as the administrator's act.
    assert database_events(manager.clinic, "encrypt") == [ADMIN]
    message = safety.last_message
    [copy] = path.parent.glob("clinic.before-encrypt-*.db")
    assert str(copy) in message.text() and "delete" in message.text()
    [delete] = [b for b in message.buttons() if b.text() == "Delete the Copy Now"]
    delete.click()
    assert not copy.exists()
    sessions.sign_in_again(manager, ADMIN)
    window = manager.window
    assert window.registry[ActionId.DECRYPT_DATABASE].isVisible()
    assert not window.registry[ActionId.ENCRYPT_DATABASE].isVisible()
    # A new start asks for the passphrase; with it the clinic opens.
    reopened = Clinic.open(manager.clinic.url, passphrase=PASSPHRASE)
    assert patient_count(reopened) > 0
    reopened.close()


def test_closing_the_app_saves_a_backup_before_the_clinic_closes(sessions, clinic, qtbot):
    manager, safety = start(sessions, clinic)
    qtbot.waitUntil(lambda: safety.last_backup is not None)
    at_start = safety.last_backup.path
    manager.window.close()
    result = safety.backup_at_close()
    assert result is not None and result.path != at_start
    assert result.path.is_file()
    # Rotation keeps one backup a day, the newest: the closing one replaces the morning's.
    assert result.removed == (at_start,)


def test_an_administrator_changes_the_backup_folder(sessions, clinic, tmp_path, monkeypatch):
    manager, safety = start(sessions, clinic)
    manager.window.registry[ActionId.BACKUPS].trigger()
    window = safety.backups_window
    drive = tmp_path / "usb-drive"
    drive.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kw: str(drive))
    window.change_button.click()
    assert window.folder_label.text() == str(drive)
    assert backup_folder(manager.clinic) == drive


def test_decrypting_asks_for_the_passphrase_and_reopens_unencrypted(
    sessions, clinic, qtbot, tmp_path
):
    path = sqlite_path(clinic["clinic"].url)
    clinic["clinic"].close()
    encrypt_file(path, PASSPHRASE).unlink()
    clinic["clinic"] = Clinic.open(str(path), passphrase=PASSPHRASE)
    manager, safety = start(sessions, clinic)
    registry = manager.window.registry
    assert registry[ActionId.DECRYPT_DATABASE].isVisible()

    def confirm(dialog: ConfirmDecryptDialog):
        dialog.field.setText(PASSPHRASE)
        dialog.decrypt_button.click()

    with Answers([(ConfirmDecryptDialog, confirm)]) as answers:
        registry[ActionId.DECRYPT_DATABASE].trigger()
        qtbot.waitUntil(lambda: safety.last_message is not None)
    assert answers.seen == ["ConfirmDecryptDialog"]
    clinic["decrypted"] = manager.clinic
    assert not is_encrypted(path) and not manager.clinic.encrypted
    [copy] = path.parent.glob("clinic.before-decrypt-*.db")
    assert is_encrypted(copy) and str(copy) in safety.last_message.text()
    safety.last_message.close()
    sessions.sign_in_again(manager, ADMIN)
    assert patient_count(manager.clinic) > 0


def test_an_administrator_changes_the_passphrase_and_old_backups_keep_the_old_one(
    sessions, clinic, qtbot, tmp_path, monkeypatch
):
    path = sqlite_path(clinic["clinic"].url)
    clinic["clinic"].close()
    encrypt_file(path, PASSPHRASE).unlink()
    clinic["clinic"] = Clinic.open(str(path), passphrase=PASSPHRASE)
    earlier = backup_to(clinic["clinic"], tmp_path / "earlier.db", actor=command_line_actor())
    manager, safety = start(sessions, clinic)
    registry = manager.window.registry
    assert registry[ActionId.CHANGE_PASSPHRASE].isVisible()
    new = "tide chart lantern"
    problems = []

    def answer(dialog: ChangePassphraseDialog):
        dialog.current.setText("not the passphrase")
        dialog.first.setText(new)
        dialog.second.setText(new)
        dialog.change_button.click()
        problems.append(dialog.message.text())
        dialog.current.setText(PASSPHRASE)
        dialog.change_button.click()

    with Answers([(ChangePassphraseDialog, answer)]) as answers:
        registry[ActionId.CHANGE_PASSPHRASE].trigger()
        qtbot.waitUntil(lambda: safety.last_message is not None)
    assert answers.seen == ["ChangePassphraseDialog"]
    assert problems == ["Wrong passphrase — try again."]
    clinic["changed"] = manager.clinic
    assert manager.clinic.passphrase == new
    assert "old passphrase" in safety.last_message.text()
    safety.last_message.close()
    with pytest.raises(WrongPassphrase):
        Clinic.open(str(path), passphrase=PASSPHRASE)
    assert database_events(manager.clinic, "change_passphrase") == [ADMIN]
    # The backup made before the change opens with the passphrase it was made with.
    assert inspect_backup(earlier.path, PASSPHRASE).patients == patient_count(manager.clinic)
    with pytest.raises(WrongPassphrase):
        inspect_backup(earlier.path, new)

    # Restoring it from the app asks for that old passphrase, and the restore uses it.
    sessions.sign_in_again(manager, ADMIN)
    manager.window.registry[ActionId.BACKUPS].trigger()
    window = safety.backups_window
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **kw: (str(earlier.path), ""))

    def unlock(dialog: PassphraseDialog):
        dialog.field.setText(PASSPHRASE)
        dialog.open_button.click()

    def confirm(box: QMessageBox):
        [restore] = [b for b in box.buttons() if b.text() == "Restore"]
        restore.click()

    with Answers([(PassphraseDialog, unlock), (QMessageBox, confirm)]) as answers:
        window.restore_button.click()
        qtbot.waitUntil(lambda: safety.last_message is not None)
    assert answers.seen == ["PassphraseDialog", "QMessageBox"]
    assert "restored" in safety.last_message.text()
    clinic["restored"] = manager.clinic
    assert manager.clinic.passphrase == PASSPHRASE  # the restored file is the older one


def test_a_practitioner_sees_no_encryption_entries(sessions, clinic):
    manager, _safety = start(sessions, clinic, "rokafor")
    registry = manager.window.registry
    for action_id in (
        ActionId.ENCRYPT_DATABASE,
        ActionId.DECRYPT_DATABASE,
        ActionId.CHANGE_PASSPHRASE,
    ):
        assert not registry[action_id].isVisible()
