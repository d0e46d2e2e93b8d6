"""One signed-in session after another: sign in, work, lock, sign out, sign in again.

Each session gets a main window built for its ``Actor``: every service the window uses is
created for that user, so nothing of one user's session (their services, their open
charts) survives into the next. Signing out closes every window of the session first —
the patient form asks about unsaved changes, visit notes keep their drafts — then shows
the sign-in window again. Quitting is just closing the main window.
"""

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from sportacu_desktop.domain.settings import IDLE_LOCK_MINUTES
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.settings import ClinicSettings
from sportacu_desktop.services.setup import practice_name
from sportacu_desktop.services.users import (
    has_accounts,
    record_session_event,
    verify_password,
)
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.admin.screens import AdminScreens
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.operations import TaskRunner, show_error
from sportacu_desktop.ui.session.chrome import SessionChrome
from sportacu_desktop.ui.session.idle_lock import IdleLock
from sportacu_desktop.ui.session.login_dialog import SignInDialog
from sportacu_desktop.ui.session.owner_dialog import OwnerSetupDialog
from sportacu_desktop.ui.session.windows import close_other_windows, has_unsaved_work

log = logging.getLogger(__name__)

WindowFactory = Callable[[AppContext, QSettings], QMainWindow]


def build_main_window(context: AppContext, settings: QSettings) -> QMainWindow:
    from sportacu_desktop.ui.main_window import MainWindow

    return MainWindow(context, settings=settings)


class SessionManager(QObject):
    """Shows the sign-in (or first-owner) window, then a main window per session."""

    window_opened = Signal(object)  # the new session's main window, already shown
    signed_out = Signal()

    def __init__(
        self,
        clinic: Clinic,
        *,
        settings: QSettings | None = None,
        window_factory: WindowFactory = build_main_window,
        runner: TaskRunner | None = None,
        demo_hint: bool = False,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.clinic = clinic
        self.settings = settings if settings is not None else QSettings()
        self._window_factory = window_factory
        self._runner = runner
        self._demo_hint = demo_hint
        self.entry_dialog: SignInDialog | OwnerSetupDialog | None = None
        self.window: QMainWindow | None = None
        self.context: AppContext | None = None
        self.idle_lock: IdleLock | None = None
        self.chrome: SessionChrome | None = None
        self.admin: AdminScreens | None = None

    @property
    def actor(self) -> Actor | None:
        return self.context.actor if self.context else None

    # --- signing in ---------------------------------------------------------------------

    def start(self, shown: SignInDialog | None = None) -> QWidget:
        """Shows the first window: owner creation on a clinic without accounts, else sign-in.

        ``shown`` is a sign-in window put up while the clinic was opening: it stays (with
        what was typed) and is given the clinic, or closes for the owner's first account.
        """
        if has_accounts(self.clinic.session_factory):
            if shown is None:
                return self._show_sign_in()
            self._show_entry(shown)
            shown.attach(
                self.clinic, practice=practice_name(self.clinic), demo_hint=self._demo_hint
            )
            return shown
        dialog = OwnerSetupDialog(self.clinic)
        self._show_entry(dialog)
        if shown is not None:
            shown.close()  # after the owner's window is up, so the app never has none
        # A new clinic's owner goes on to what every superbill prints: Admin ▸ Clinic.
        dialog.accepted.connect(self._offer_clinic_setup)
        return dialog

    def _offer_clinic_setup(self) -> None:
        if self.admin is not None and self.window is not None:
            self.admin.show_clinic()

    def _show_sign_in(self) -> SignInDialog:
        dialog = SignInDialog(self.clinic, demo_hint=self._demo_hint)
        self._show_entry(dialog)
        return dialog

    def _show_entry(self, dialog: SignInDialog | OwnerSetupDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.begin(dialog.actor))
        dialog.finished.connect(lambda _result: self._entry_closed(dialog))
        self.entry_dialog = dialog
        dialog.show()
        dialog.activateWindow()

    def _entry_closed(self, dialog: QWidget) -> None:
        if self.entry_dialog is dialog:
            self.entry_dialog = None

    def begin(self, actor: Actor | None) -> QMainWindow | None:
        """Opens the main window for ``actor``, who has just signed in."""
        if actor is None:
            return None
        context = AppContext.create(self.clinic, actor)
        try:
            window = self._window_factory(context, self.settings)
        except Exception as exc:  # the database went away between sign-in and the window
            show_error(None, exc)
            self._show_sign_in()
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        admin = AdminScreens(
            window,
            context,
            self.settings,
            idle_minutes_changed=self.set_idle_minutes,
            runner=self._runner,
        )
        self.chrome = SessionChrome(
            window, actor, lock=self.lock_now, sign_out=self.sign_out, admin=admin.handlers()
        )
        lock_keys = window.registry[ActionId.LOCK].shortcuts()
        self.idle_lock = IdleLock(
            window,
            actor.display_name,
            self._verify_password,
            interval_ms=ClinicSettings(self.clinic.session_factory, actor).get(IDLE_LOCK_MINUTES)
            * 60_000,
            has_unsaved=lambda: has_unsaved_work(window),
            lock_keys=lock_keys,
            parent=self,
        )
        self.idle_lock.sign_out_requested.connect(lambda discard: self.sign_out(discard=discard))
        self.idle_lock.locked.connect(lambda: self._record("lock"))
        window.destroyed.connect(lambda *_args, w=window: self._window_gone(w))
        self.window, self.context, self.admin = window, context, admin
        window.show()
        window.activateWindow()
        self.idle_lock.start()
        self.window_opened.emit(window)
        return window

    def _verify_password(self, password: str) -> None:
        actor = self.actor
        if actor is None:
            raise RuntimeError("Nobody is signed in.")
        verify_password(self.clinic.session_factory, actor, password)

    # --- during the session -------------------------------------------------------------

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def set_idle_minutes(self, minutes: int) -> None:
        if self.idle_lock is not None:
            self.idle_lock.set_interval_ms(minutes * 60_000)

    # --- signing out --------------------------------------------------------------------

    def sign_out(self, *, discard: bool = False) -> bool:
        """Ends the session and shows sign-in; False if a window with unsaved work stayed."""
        window = self.window
        if window is None:
            return True
        locked = self.idle_lock is not None and self.idle_lock.is_locked
        # From the lock screen, windows close while still covered: nothing shows meanwhile.
        if not close_other_windows(window, discard=discard or locked):
            return False
        if self.actor is not None:
            self._record("sign_out")
        idle_lock = self.idle_lock
        if idle_lock is not None:
            idle_lock.stop_watching()
        if self.chrome is not None:
            self.chrome.release()
        self.idle_lock = None
        self.window, self.context, self.chrome, self.admin = None, None, None, None
        # The sign-in window is up before the main window goes, so the app does not quit;
        # the curtains come down only once the main window is closed.
        self._show_sign_in()
        window.close()
        if window.isVisible():
            window.hide()
            window.deleteLater()
        if idle_lock is not None:
            idle_lock.stop()
            idle_lock.deleteLater()
        self.signed_out.emit()
        return True

    def _record(self, event: str) -> None:
        """Lock and sign-out belong to the access record; failing to write one never blocks."""
        try:
            record_session_event(self.clinic.session_factory, self.actor, event)
        except Exception:  # the lock must happen even if the database is unreachable
            log.warning("could not record %s", event, exc_info=True)

    def _window_gone(self, window: QMainWindow) -> None:
        if self.window is window:  # quit (not a sign-out): the session ends with the app
            if self.idle_lock is not None:
                self.idle_lock.stop()
            self.idle_lock = None
            self.window, self.context, self.chrome, self.admin = None, None, None, None
