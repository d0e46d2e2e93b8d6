"""The session-wide side of data safety: automatic backups, the Admin menu's backup and
encryption entries, and replacing the database file under a running app.

One ``DataSafety`` lives as long as the app and follows the ``SessionManager``: every new
main window gets the Admin entries and (first of the day) a backup after sign-in; quitting
makes the closing backup before the engine is disposed. A restore or an encryption switch
signs everyone out, closes the clinic, changes the file off the UI thread, opens the
clinic again through the start check and shows the sign-in window.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QWidget

from sportacu_desktop import APP_NAME
from sportacu_desktop.services.backup import (
    BackupResult,
    backup_folder,
    run_automatic_backup,
)
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.encryption import (
    EncryptionChanged,
    change_passphrase,
    decrypt_clinic,
    encrypt_clinic,
)
from sportacu_desktop.services.restore import BackupInfo, restore_from
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.data_safety.blocking import Cancelled, run_blocking
from sportacu_desktop.ui.data_safety.passphrase import (
    ChangePassphraseDialog,
    ConfirmDecryptDialog,
    NewPassphraseDialog,
)
from sportacu_desktop.ui.data_safety.start import open_for_work, restored_text
from sportacu_desktop.ui.operations import BackgroundOp, Progress, TaskRunner, describe_error

log = logging.getLogger(__name__)
T = TypeVar("T")

DATA_ACTIONS = (
    ActionId.BACKUPS,
    ActionId.ENCRYPT_DATABASE,
    ActionId.DECRYPT_DATABASE,
    ActionId.CHANGE_PASSPHRASE,
)


def backup_failed_text(exc: BaseException, folder: Path | None) -> str:
    where = f" in {folder}" if folder is not None else ""
    return f"The automatic backup{where} could not be made. {describe_error(exc)}"


class DataSafety(QObject):
    """Installed once by ``run_gui`` on the session manager."""

    def __init__(self, sessions, *, runner: TaskRunner | None = None):
        super().__init__(sessions)
        self.sessions = sessions
        self.runner = runner
        self.url = sessions.clinic.url
        self.backup_warning: QMessageBox | None = None
        self.last_message: QMessageBox | None = None
        self.last_backup: BackupResult | None = None
        self.backups_window = None
        self._worked = False  # a session was opened: the app's close makes a backup
        sessions.window_opened.connect(self._window_opened)

    @property
    def clinic(self) -> Clinic | None:
        return self.sessions.clinic

    # --- each new session -------------------------------------------------------------

    def _window_opened(self, window: QMainWindow) -> None:
        self._worked = True
        self._add_admin_entries(window)
        self.backup_at_start(window)

    def _add_admin_entries(self, window: QMainWindow) -> None:
        registry = window.registry
        chrome = self.sessions.chrome
        clinic = self.clinic
        on_file = clinic is not None and clinic.is_sqlite
        encrypted = clinic is not None and clinic.encrypted
        wanted = {
            ActionId.BACKUPS: True,
            ActionId.ENCRYPT_DATABASE: on_file and not encrypted,
            ActionId.DECRYPT_DATABASE: on_file and encrypted,
            ActionId.CHANGE_PASSPHRASE: on_file and encrypted,
        }
        menu = getattr(chrome, "admin_menu", None)
        if menu is not None:
            menu.addSeparator()
        for action_id in DATA_ACTIONS:
            action = registry[action_id]
            # Hidden already for someone who is not an administrator: stays hidden.
            action.setVisible(action.isVisible() and wanted[action_id])
            if menu is not None:
                menu.addAction(action)
        registry[ActionId.BACKUPS].triggered.connect(lambda: self.show_backups(window))
        registry[ActionId.ENCRYPT_DATABASE].triggered.connect(lambda: self.encrypt(window))
        registry[ActionId.DECRYPT_DATABASE].triggered.connect(lambda: self.decrypt(window))
        registry[ActionId.CHANGE_PASSPHRASE].triggered.connect(
            lambda: self.change_passphrase(window)
        )

    # --- automatic backups ------------------------------------------------------------

    def backup_at_start(self, window: QMainWindow) -> None:
        """The first backup of the day, in the background; a failure is shown, not hidden."""
        clinic = self.clinic
        if clinic is None or not clinic.is_sqlite:
            return

        def work(progress: Progress) -> BackupResult | None:
            return run_automatic_backup(clinic, when="start", progress=progress)

        BackgroundOp(
            window, work, lambda result: self._backed_up(window, result), runner=self.runner
        ).failure(lambda exc: self._backup_failed(window, exc)).run_in_background()

    def _backed_up(self, window: QMainWindow, result: BackupResult | None) -> None:
        if result is None:
            return
        self.last_backup = result
        if shiboken6.isValid(window) and window.isVisible():
            window.statusBar().showMessage(f"Backup saved {datetime.now():%H:%M}", 10_000)

    def _backup_failed(self, window: QWidget | None, exc: BaseException) -> None:
        log.warning("automatic backup failed", exc_info=exc)
        folder = self._folder()
        if window is not None and not shiboken6.isValid(window):
            window = None
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_NAME, backup_failed_text(exc, folder), parent=window
        )
        box.setObjectName("backupFailedBox")
        box.setInformativeText(
            "Your work is saved in the clinic database, but it has no fresh backup. Connect "
            "the backup drive, or have an administrator choose another folder in "
            "Admin ▸ Backups…"
        )
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Seen, but typing in progress (a note, a search) keeps going where it was.
        box.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        box.destroyed.connect(lambda *_args: setattr(self, "backup_warning", None))
        self.backup_warning = box
        box.show()

    def _folder(self) -> Path | None:
        try:
            return backup_folder(self.clinic) if self.clinic is not None else None
        except Exception:  # noqa: BLE001 - only for the message
            return None

    def backup_at_close(self) -> BackupResult | None:
        """The backup made when the app closes, before the engine goes; waits for it."""
        clinic = self.clinic
        if not self._worked or clinic is None or not clinic.is_sqlite:
            return None
        try:
            result = run_blocking(
                None,
                "Backing up the clinic before closing…",
                lambda progress: run_automatic_backup(clinic, when="close", progress=progress),
                runner=self.runner,
                cancellable=True,
            )
        except Cancelled:
            return None
        except Exception as exc:
            log.warning("backup at close failed", exc_info=exc)
            box = QMessageBox(
                QMessageBox.Icon.Warning, APP_NAME, backup_failed_text(exc, self._folder())
            )
            box.setObjectName("backupFailedBox")
            box.exec()
            return None
        self.last_backup = result
        return result

    # --- Admin ▸ Backups… ----------------------------------------------------------------

    def show_backups(self, window: QMainWindow):
        from sportacu_desktop.ui.data_safety.backups_view import BackupsWindow

        clinic, actor = self.clinic, self.sessions.actor
        if clinic is None or actor is None:
            return None
        if not clinic.is_sqlite:
            from sportacu_desktop.services.backup import SERVER_MESSAGE

            box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, SERVER_MESSAGE, parent=window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return box
        existing = self.backups_window
        if existing is not None and shiboken6.isValid(existing) and existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
        dialog = BackupsWindow(clinic, actor, self, window, runner=self.runner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backups_window = dialog
        dialog.show()
        return dialog

    def restore(self, backup: BackupInfo, passphrase: str | None, actor: Actor) -> bool:
        """Replace the clinic's data with ``backup``; everyone signs in again after."""
        current = self.clinic.passphrase if self.clinic else None
        url = self.url
        return self._replace_database(
            f"Restoring the backup {backup.path.name}…",
            lambda progress: restore_from(
                url,
                backup.path,
                passphrase=passphrase,
                current_passphrase=current,
                actor=actor,
                progress=progress,
            ),
            passphrase_after=passphrase if backup.encrypted else None,
            describe=restored_text,
        )

    # --- encryption -------------------------------------------------------------------

    def encrypt(self, window: QWidget) -> bool:
        clinic = self.clinic
        if clinic is None or clinic.encrypted:
            return False
        dialog = NewPassphraseDialog(window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.passphrase is None:
            return False
        url, passphrase, actor = clinic.url, dialog.passphrase, self.sessions.actor
        return self._replace_database(
            "Encrypting the clinic database…",
            lambda _progress: encrypt_clinic(url, passphrase, actor),
            passphrase_after=passphrase,
            describe=lambda done: (
                "The clinic database is now encrypted. An unencrypted copy of it as it was is "
                f"kept at {done.safety_copy}: once you have signed in and seen your patients, "
                "delete that copy, since anyone could read it."
            ),
            safety_copy=lambda done: done.safety_copy,
        )

    def decrypt(self, window: QWidget) -> bool:
        clinic = self.clinic
        if clinic is None or not clinic.encrypted:
            return False
        dialog = ConfirmDecryptDialog(clinic.passphrase or "", window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        url, passphrase, actor = clinic.url, clinic.passphrase or "", self.sessions.actor
        return self._replace_database(
            "Decrypting the clinic database…",
            lambda _progress: decrypt_clinic(url, passphrase, actor),
            passphrase_after=None,
            describe=lambda done: (
                "The clinic database is no longer encrypted. An encrypted copy of it as it "
                f"was is kept at {done.safety_copy}; delete it once you have signed in and "
                "seen your patients."
            ),
        )

    def change_passphrase(self, window: QWidget) -> bool:
        clinic = self.clinic
        if clinic is None or not clinic.encrypted:
            return False
        dialog = ChangePassphraseDialog(clinic.passphrase or "", window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.passphrase is None:
            return False
        url, current, actor = clinic.url, clinic.passphrase or "", self.sessions.actor
        new = dialog.passphrase

        def changed_text(done: EncryptionChanged) -> str:
            return (
                "The clinic database now opens with the new passphrase. Backups made before "
                "now still need the old passphrase: keep it as long as you keep them, or "
                "make a fresh backup and delete the old ones. A copy of the database under "
                f"the old passphrase is kept at {done.safety_copy}; delete it once you have "
                "signed in and seen your patients."
            )

        return self._replace_database(
            "Changing the passphrase of the clinic database…",
            lambda _progress: change_passphrase(url, current, new, actor),
            passphrase_after=new,
            describe=changed_text,
            safety_copy=lambda done: done.safety_copy,
        )

    # --- replacing the database file --------------------------------------------------

    def _replace_database(
        self,
        label: str,
        work: Callable[[Progress], T],
        *,
        passphrase_after: str | None,
        describe: Callable[[T], str],
        safety_copy: Callable[[T], Path | None] = lambda _result: None,
    ) -> bool:
        """Sign out, close the clinic, run ``work`` on the file, reopen, sign in again.

        False when nothing happened (a window kept unsaved work, the user cancelled, the
        work failed: then the clinic reopens as it was).
        """
        sessions = self.sessions
        app = QApplication.instance()
        old = sessions.clinic
        old_passphrase = old.passphrase
        # Between the last window of the session and the next sign-in, the app must stay.
        app.setQuitOnLastWindowClosed(False)
        try:
            if not sessions.sign_out():
                return False
            entry = sessions.entry_dialog
            if entry is not None:
                QDialog.done(entry, QDialog.DialogCode.Rejected)
            if self.backups_window is not None and shiboken6.isValid(self.backups_window):
                self.backups_window.close()
            self.backups_window = None
            old.close()
            failure: BaseException | None = None
            result = None
            cancelled = False
            try:
                result = run_blocking(None, label, work, runner=self.runner, cancellable=True)
            except Cancelled:
                cancelled = True
            except Exception as exc:
                failure = exc
            done = failure is None and result is not None
            clinic = open_for_work(
                self.url,
                passphrase=passphrase_after if done else old_passphrase,
                runner=self.runner,
            )
            if clinic is None:
                sessions.clinic = None
                app.quit()
                return False
            sessions.clinic = clinic
            entry = sessions.start()
        finally:
            app.setQuitOnLastWindowClosed(True)
        if failure is not None:
            self._tell(entry, describe_error(failure), QMessageBox.Icon.Warning)
        elif done:
            self._tell(entry, describe(result), QMessageBox.Icon.Information, safety_copy(result))
        elif cancelled:
            self._tell(
                entry,
                "Cancelled: the clinic database was not changed.",
                QMessageBox.Icon.Information,
            )
        return done

    def _tell(
        self,
        parent: QWidget,
        text: str,
        icon: QMessageBox.Icon,
        delete_offer: Path | None = None,
    ) -> None:
        box = QMessageBox(icon, APP_NAME, text, parent=parent)
        box.setObjectName("dataSafetyMessage")
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if delete_offer is not None:
            delete = box.addButton("Delete the Copy Now", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton("Keep It for Now", QMessageBox.ButtonRole.RejectRole)
            delete.clicked.connect(lambda: _delete_copy(delete_offer))
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.destroyed.connect(lambda *_args: setattr(self, "last_message", None))
        self.last_message = box
        box.show()


def _delete_copy(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
