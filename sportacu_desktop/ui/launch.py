"""Start the desktop app: open the clinic, set it up on first run, show the main window.

The first window is on screen before the database layer loads. For an existing clinic
that is the sign-in window: it takes the user's name and password while a worker loads
the rest of the app and opens and checks the clinic; a Sign In pressed meanwhile goes
ahead as soon as the clinic is open. Anything else (a new, encrypted, damaged or
unreadable clinic) asks its own questions once the clinic's state is known, as before.

This module imports only Qt and small modules at load time; the rest is imported inside
the functions that need it, mostly on the worker.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from sportacu_desktop import APP_NAME, installed_version
from sportacu_desktop.log_file import start_logging
from sportacu_desktop.ui.error_hook import ErrorReporter
from sportacu_desktop.ui.operations import Progress, TaskRunner

if TYPE_CHECKING:
    from sportacu_desktop.services.context import Clinic
    from sportacu_desktop.ui.session.login_dialog import SignInDialog

EXIT_OK = 0
EXIT_CANNOT_OPEN = 1
ORGANIZATION = "SportAcu"


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    # These name the QSettings file that keeps window state between runs.
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName("sportacu")  # matches resources/sportacu.desktop
    from sportacu_desktop.ui.app_icon import app_icon

    app.setWindowIcon(app_icon())  # every window and dialog inherits it
    return app


def set_up_if_new(clinic: Clinic) -> bool:
    """Run the first-run dialog on an empty database; False if the user chose to quit."""
    from sportacu_desktop.services.setup import is_new_clinic

    if not is_new_clinic(clinic):
        return True
    from sportacu_desktop.ui.app_context import current_actor
    from sportacu_desktop.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(clinic, current_actor())
    return dialog.exec() == QDialog.DialogCode.Accepted


def run_gui(db: str | None = None) -> int:
    """Run the desktop app until its window closes; returns the process exit code."""
    app = application()
    start_logging()
    # A bug in a slot goes to the log and a message box, not to a console nobody sees.
    reporter = ErrorReporter().install()
    try:
        return _run(app, db)
    finally:
        reporter.uninstall()


def load_the_app(_progress: Progress) -> None:
    """Imports what the clinic and its main window need; run on the worker while the
    sign-in window takes input, so that signing in does not wait for it."""
    import sportacu_desktop.ui.data_safety.controller
    import sportacu_desktop.ui.data_safety.start
    import sportacu_desktop.ui.main_window
    import sportacu_desktop.ui.session.manager  # noqa: F401

    installed_version()


class EarlySignIn(QObject):
    """The sign-in window shown while the clinic opens, and whether the user quit it."""

    # Painting needs the interpreter now and then; loading the app on the worker keeps it
    # busy, so the loading starts once the window is on screen, or after this at most.
    PAINT_WAIT_MS = 500

    def __init__(self) -> None:
        super().__init__()
        from sportacu_desktop.ui.session.login_dialog import SignInDialog

        self.dialog: SignInDialog | None = SignInDialog(None)
        self.quit = False
        self._painted = QEventLoop()
        self.dialog.rejected.connect(self._quit)
        self.dialog.installEventFilter(self)
        self.dialog.show()
        self.dialog.activateWindow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._painted.quit)  # once this frame is out
        return False

    def wait_until_painted(self) -> None:
        QTimer.singleShot(self.PAINT_WAIT_MS, self._painted.quit)
        self._painted.exec()

    def _quit(self) -> None:
        self.quit = True

    def take(self) -> SignInDialog | None:
        """The window, for the session to carry on with; None once it is gone."""
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.rejected.disconnect(self._quit)
        return dialog

    def close(self) -> None:
        """Another window takes over (a question, a problem, or the first run)."""
        dialog = self.take()
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()


def _run(app: QApplication, db: str | None) -> int:
    runner = TaskRunner.shared()
    from sportacu_desktop.services.clinic_location import expects_sign_in

    early = EarlySignIn() if expects_sign_in(db) else None
    if early is not None:
        early.wait_until_painted()
        from sportacu_desktop.ui.data_safety.blocking import run_blocking

        run_blocking(None, None, load_the_app, runner=runner)
    app.setApplicationVersion(installed_version())
    from sportacu_desktop.ui.data_safety.start import open_for_work

    # Unlocks an encrypted file and checks it first; a damaged one is never worked on.
    clinic = open_for_work(
        db,
        runner=runner,
        quiet=early is not None,
        before_asking=early.close if early is not None else lambda: None,
    )
    if clinic is None:
        if early is not None:
            early.close()
        return EXIT_CANNOT_OPEN
    safety = None
    try:
        from sportacu_desktop.services.setup import is_new_clinic
        from sportacu_desktop.services.users import has_accounts

        if early is not None and early.quit:
            return EXIT_OK
        fresh = is_new_clinic(clinic)
        if fresh and early is not None:
            early.close()
        if not set_up_if_new(clinic):
            return EXIT_OK
        from sportacu_desktop.ui.session.manager import SessionManager

        # A demo just created has accounts nobody was told about: sign-in names them.
        sessions = SessionManager(clinic, demo_hint=fresh and has_accounts(clinic.session_factory))
        # Typing kept from a crash or power cut is offered back once the window is up.
        sessions.window_opened.connect(
            lambda window: QTimer.singleShot(0, window.charting.offer_drafts)
        )
        from sportacu_desktop.ui.data_safety.controller import DataSafety

        # Automatic backups, Admin ▸ Backups and encryption; a restore swaps the clinic.
        safety = DataSafety(sessions, runner=runner)
        # Sign-in (or the owner's first account), then the main window.
        sessions.start(early.take() if early is not None else None)
        return app.exec()
    finally:
        if safety is not None:
            safety.backup_at_close()  # waits for the closing backup, before the engine goes
            clinic = safety.clinic or clinic
        # Unfinished work is asked to stop (nothing half-written) before the engine goes.
        runner.shutdown()
        clinic.close()
