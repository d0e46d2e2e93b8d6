"""Driving sessions in tests: sign in through the real dialog, tidy up every window after.

Each test module using it declares a ``sessions`` fixture::

    @pytest.fixture
    def sessions(qtbot, ui_settings, inline_runner):
        driver = Sessions(qtbot, ui_settings, inline_runner)
        yield driver
        driver.close_all()
"""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QVBoxLayout, QWidget

from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.demo import DEMO_PASSWORD
from sportacu_desktop.ui.session.login_dialog import SignInDialog
from sportacu_desktop.ui.session.manager import SessionManager


class Sessions:
    def __init__(self, qtbot, settings, runner):
        self.qtbot = qtbot
        self.settings = settings
        self.runner = runner
        self.managers: list[SessionManager] = []

    def start(self, clinic: Clinic, **options) -> SessionManager:
        manager = SessionManager(clinic, settings=self.settings, runner=self.runner, **options)
        self.managers.append(manager)
        manager.start()
        return manager

    def sign_in_dialog(self, manager: SessionManager) -> SignInDialog:
        dialog = manager.entry_dialog
        assert isinstance(dialog, SignInDialog) and dialog.isVisible()
        return dialog

    def type_credentials(self, dialog: SignInDialog, username: str, password: str) -> None:
        dialog.username.clear()
        self.qtbot.keyClicks(dialog.username, username)
        self.qtbot.keyClicks(dialog.password, password)

    def signed_in(
        self, clinic: Clinic, username: str, password: str = DEMO_PASSWORD
    ) -> SessionManager:
        """A session started and signed in by typing and pressing Enter, as a user would."""
        manager = self.start(clinic)
        self.sign_in_again(manager, username, password)
        return manager

    def sign_in_again(
        self, manager: SessionManager, username: str, password: str = DEMO_PASSWORD
    ) -> None:
        dialog = self.sign_in_dialog(manager)
        self.type_credentials(dialog, username, password)
        self.qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        window = manager.window
        assert window is not None, dialog.message.text()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def activate(self, window: QWidget) -> None:
        """Makes ``window`` the active one, as the window manager does for a new dialog."""
        window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def close_all(self) -> None:
        for manager in self.managers:
            if manager.idle_lock is not None:
                manager.idle_lock.stop()
        # Dialogs first, past their questions, so no main window is kept open by one.
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and isinstance(window, QDialog):
                QDialog.done(window, QDialog.DialogCode.Rejected)
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                window.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class UnsavedForm(QDialog):
    """Stands in for the patient form: typing makes it dirty; closing asks what to do.

    ``answer`` is what the user replies to "Discard changes?": "keep" or "discard".
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unsavedForm")
        self.setWindowTitle("Ruiz, Ana — edit patient")
        self.editor = QPlainTextEdit()
        QVBoxLayout(self).addWidget(self.editor)
        self.answer = "keep"
        self.asked = 0

    def is_dirty(self) -> bool:
        return bool(self.editor.toPlainText())

    def reject(self) -> None:
        if self.is_dirty():
            self.asked += 1
            if self.answer == "keep":
                return
        super().reject()
