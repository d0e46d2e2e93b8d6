"""Admin ▸ Users: the clinic's accounts; add, reset a password, deactivate or activate.

Also where this computer's automatic lock time is set (kept per workstation until the
clinic-wide setting has a service).
"""

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.settings import IDLE_LOCK_MINUTES
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.settings import ClinicSettings
from sportacu_desktop.services.users import UserAdmin, UserView
from sportacu_desktop.ui.admin.audit_model import local_time
from sportacu_desktop.ui.admin.user_dialogs import AddUserDialog, ResetPasswordDialog
from sportacu_desktop.ui.operations import describe_error, show_error
from sportacu_desktop.ui.session.forms import MessageLine
from sportacu_desktop.ui.session.permissions import role_names

HEADERS = ("Name", "User name", "Roles", "Status")


def status_text(user: UserView, now: datetime | None = None) -> str:
    if not user.active:
        return "Deactivated"
    if user.locked_until is not None:
        until = user.locked_until
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        if until > (now or datetime.now(UTC)):
            return f"Locked until {local_time(until):%H:%M} (wrong passwords)"
    return "Active"


class UsersWindow(QDialog):
    def __init__(
        self,
        clinic: Clinic,
        actor: Actor,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        idle_minutes_changed: Callable[[int], None] = lambda _minutes: None,
    ):
        super().__init__(parent)
        self.setObjectName("usersWindow")
        self.setWindowTitle(f"Users — {APP_NAME}")
        self._accounts = UserAdmin(clinic.session_factory, actor)
        self._actor = actor
        self._settings = settings
        self._clinic_settings = ClinicSettings(clinic.session_factory, actor)
        self._idle_changed = idle_minutes_changed
        self.users: list[UserView] = []
        self.add_dialog: AddUserDialog | None = None
        self.reset_dialog: ResetPasswordDialog | None = None

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Users")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.reset_password())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Enter belongs to the fields (the patient box, the years); Esc closes.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.add_button = buttons.addButton("&Add User…", QDialogButtonBox.ButtonRole.ActionRole)
        self.reset_button = buttons.addButton(
            "&Reset Password…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.active_button = buttons.addButton(
            "&Deactivate", QDialogButtonBox.ButtonRole.ActionRole
        )
        for button in (self.add_button, self.reset_button, self.active_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        buttons.rejected.connect(self.reject)

        self.idle = QSpinBox()
        self.idle.setRange(*IDLE_LOCK_MINUTES.allowed_range)
        self.idle.setSuffix(" minutes")
        self.idle.setValue(self._clinic_settings.get(IDLE_LOCK_MINUTES))
        self.idle.setAccessibleName("Lock after minutes without use")
        self.idle.valueChanged.connect(self._idle_minutes_set)
        idle_label = QLabel("&Lock the screen after")
        idle_label.setBuddy(self.idle)
        idle_row = QHBoxLayout()
        idle_row.addWidget(idle_label)
        idle_row.addWidget(self.idle)
        idle_row.addWidget(QLabel("without keyboard or mouse use, on this computer."))
        idle_row.addStretch(1)

        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(idle_row)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 22)
        self.refresh()

    # --- the list -----------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        selected = select_id if select_id is not None else self._selected_id()
        try:
            self.users = self._accounts.users()
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            name = user.display_name + (f", {user.credentials}" if user.credentials else "")
            cells = (name, user.username, role_names(user.roles), status_text(user))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.id)
                if not user.active:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
        row = next((i for i, u in enumerate(self.users) if u.id == selected), 0)
        if self.users:
            self.table.selectRow(row)
        self._update_buttons()

    def _selected_id(self) -> int | None:
        user = self.selected_user()
        return user.id if user else None

    def selected_user(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self.users[row] if 0 <= row < len(self.users) else None

    def select_username(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        user = self.selected_user()
        self.reset_button.setEnabled(user is not None and user.active)
        self.active_button.setEnabled(user is not None and user.id != self._actor.user_id)
        self.active_button.setText("&Activate" if user and not user.active else "&Deactivate")
        self.active_button.setToolTip(
            "You cannot deactivate your own account"
            if user is not None and user.id == self._actor.user_id
            else ""
        )

    # --- actions ------------------------------------------------------------------------

    def add_user(self) -> None:
        dialog = AddUserDialog(self._accounts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._added(dialog.created))
        self.add_dialog = dialog
        dialog.open()

    def _added(self, user: UserView | None) -> None:
        if user is None:
            return
        self.refresh(select_id=user.id)
        self.message.say(f"{user.display_name} can now sign in as {user.username}.")

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None or not user.active:
            return
        dialog = ResetPasswordDialog(self._accounts, user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._done(user.id, f"{user.display_name}'s password was reset.")
        )
        self.reset_dialog = dialog
        dialog.open()

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.active and not self.confirm_deactivate(user):
            return
        try:
            self._accounts.set_active(user.id, not user.active)
        except Exception as exc:  # deactivating oneself, an account gone meanwhile
            self.message.say(describe_error(exc), problem=True)
            return
        state = "deactivated: they can no longer sign in" if user.active else "active again"
        self._done(user.id, f"{user.display_name} is {state}.")

    def confirm_deactivate(self, user: UserView) -> bool:
        """Asks first; a separate method so tests can answer it."""
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Deactivate {user.display_name}?\n\nThey can no longer sign in. Everything they "
            "charted and their audit history stay.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _done(self, user_id: int, text: str) -> None:
        self.refresh(select_id=user_id)
        self.message.say(text)

    def _idle_minutes_set(self, minutes: int) -> None:
        try:
            self._clinic_settings.set(IDLE_LOCK_MINUTES, minutes)
        except Exception as exc:  # e.g. the database went away: say so, keep the old time
            show_error(self, exc)
            return
        self._idle_changed(minutes)
