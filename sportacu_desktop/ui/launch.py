"""Start the desktop app: open the clinic, set it up on first run, show the main window."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from sportacu_desktop import APP_NAME, __version__
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.errors import user_message
from sportacu_desktop.services.setup import is_new_clinic
from sportacu_desktop.services.users import has_accounts
from sportacu_desktop.ui.app_context import current_actor
from sportacu_desktop.ui.operations import TaskRunner

EXIT_OK = 0
EXIT_CANNOT_OPEN = 1
ORGANIZATION = "SportAcu"


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    # These name the QSettings file that keeps window state between runs.
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("sportacu")  # matches resources/sportacu.desktop
    from sportacu_desktop.ui.app_icon import app_icon

    app.setWindowIcon(app_icon())  # every window and dialog inherits it
    return app


def open_error_text(exc: BaseException, db: str | None) -> str:
    """Why the clinic could not be opened, in words the user can act on."""
    known = user_message(exc)
    if known:
        return known
    where = f" at {db}" if db else ""
    return f"{APP_NAME} could not open the clinic database{where}."


def set_up_if_new(clinic: Clinic) -> bool:
    """Run the first-run dialog on an empty database; False if the user chose to quit."""
    if not is_new_clinic(clinic):
        return True
    from sportacu_desktop.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(clinic, current_actor())
    return dialog.exec() == QDialog.DialogCode.Accepted


def run_gui(db: str | None = None) -> int:
    """Run the desktop app until its window closes; returns the process exit code."""
    app = application()
    runner = TaskRunner.shared()
    from sportacu_desktop.ui.data_safety.start import open_for_work

    # Unlocks an encrypted file and checks it first; a damaged one is never worked on.
    clinic = open_for_work(db, runner=runner)
    if clinic is None:
        return EXIT_CANNOT_OPEN
    safety = None
    try:
        fresh = is_new_clinic(clinic)
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
        sessions.start()  # sign-in (or the owner's first account), then the main window
        return app.exec()
    finally:
        if safety is not None:
            safety.backup_at_close()  # waits for the closing backup, before the engine goes
            clinic = safety.clinic or clinic
        # Unfinished work is asked to stop (nothing half-written) before the engine goes.
        runner.shutdown()
        clinic.close()
