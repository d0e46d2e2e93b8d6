"""Opens the admin windows, one of each at a time, beside the main window.

They are ordinary (non-modal) windows owned by the main window, so signing out or quitting
closes them, and the idle lock covers them like any other window.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QDialog, QWidget

from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.operations import TaskRunner


class AdminScreens(QObject):
    def __init__(
        self,
        window: QWidget,
        context: AppContext,
        settings: QSettings,
        *,
        idle_minutes_changed: Callable[[int], None] = lambda _minutes: None,
        runner: TaskRunner | None = None,
    ):
        super().__init__(window)
        self._window = window
        self._context = context
        self._settings = settings
        self._idle_minutes_changed = idle_minutes_changed
        self._runner = runner
        self.open_windows: dict[ActionId, QDialog] = {}

    def handlers(self) -> dict[ActionId, Callable[[], None]]:
        return {
            ActionId.AUDIT_TRAIL: self.show_audit_trail,
            ActionId.MANAGE_USERS: self.show_users,
            ActionId.CLINIC_SETUP: self.show_clinic,
            ActionId.RECORD_RETENTION: self.show_retention,
        }

    def _show(self, key: ActionId, build: Callable[[], QDialog]) -> QDialog:
        existing = self.open_windows.get(key)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        dialog = build()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, k=key: self.open_windows.pop(k, None))
        self.open_windows[key] = dialog
        dialog.show()
        return dialog

    def show_audit_trail(self):
        from sportacu_desktop.ui.admin.audit_view import AuditTrailWindow

        context = self._context
        return self._show(
            ActionId.AUDIT_TRAIL,
            lambda: AuditTrailWindow(
                context.clinic, context.actor, context.patients, self._window, runner=self._runner
            ),
        )

    def show_users(self):
        from sportacu_desktop.ui.admin.users_view import UsersWindow

        context = self._context
        return self._show(
            ActionId.MANAGE_USERS,
            lambda: UsersWindow(
                context.clinic,
                context.actor,
                self._settings,
                self._window,
                idle_minutes_changed=self._idle_minutes_changed,
            ),
        )

    def show_retention(self):
        from sportacu_desktop.ui.admin.retention_view import RetentionWindow

        context = self._context
        return self._show(
            ActionId.RECORD_RETENTION,
            lambda: RetentionWindow(context.clinic, context.actor, self._window),
        )

    def show_clinic(self):
        from sportacu_desktop.ui.admin.clinic_window import ClinicWindow

        context = self._context
        return self._show(
            ActionId.CLINIC_SETUP,
            lambda: ClinicWindow(context.clinic, context.actor, self._window),
        )
