"""Adding an account and resetting a password: small forms over ``UserAdmin``."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.users import UserAdmin, UserView
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import (
    FieldForm,
    MessageLine,
    add_new_password,
    new_password_errors,
    size_dialog,
)
from sportacu_desktop.ui.session.login_dialog import heading_label, note_label
from sportacu_desktop.ui.session.owner_dialog import suggested_username

ROLE_CHOICES = (
    (Role.PRACTITIONER, "&Practitioner", "charts and signs visit notes"),
    (Role.FRONT_DESK, "&Front desk", "registration, insurance, billing"),
    (Role.ADMIN, "Ad&ministrator", "accounts, audit trail, retention"),
)


def _buttons(dialog: QDialog, accept_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    accept = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setDefault(True)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.rejected.connect(dialog.reject)
    dialog.accept_button = accept
    return buttons


class AddUserDialog(QDialog):
    """Creates one account; ``created`` holds it once accepted."""

    def __init__(self, accounts: UserAdmin, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("addUserDialog")
        self.setWindowTitle(f"Add User — {APP_NAME}")
        self._accounts = accounts
        self._username_edited = False
        self.created: UserView | None = None

        self.form = FieldForm()
        self.display_name = self.form.add("display_name", "&Name:", QLineEdit())
        self.display_name.setPlaceholderText("As patients and colleagues know them")
        self.credentials = self.form.add("credentials", "C&redentials:", QLineEdit())
        self.credentials.setPlaceholderText("Optional, for example: DACM, L.Ac.")
        self.username = self.form.add(
            "username", "&User name:", QLineEdit(), "Letters and digits, dots and dashes."
        )
        roles_box = QWidget()
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        self.role_boxes: dict[Role, QCheckBox] = {}
        for role, label, what in ROLE_CHOICES:
            box = QCheckBox(f"{label} — {what}")
            roles_layout.addWidget(box)
            self.role_boxes[role] = box
        self.form.add("roles", "Roles:", roles_box)
        add_new_password(self.form, first_label="First &password:")
        self.display_name.textEdited.connect(self._suggest_username)
        self.username.textEdited.connect(lambda text: setattr(self, "_username_edited", bool(text)))
        self.message = MessageLine()

        buttons = _buttons(self, "&Add User")
        buttons.accepted.connect(self.create)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Add a user", self))
        layout.addWidget(
            note_label(
                "Each person gets their own account: the audit trail records who did what. "
                "Give them the first password in person."
            )
        )
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        size_dialog(self, 80)
        self.display_name.setFocus()

    def _suggest_username(self, name: str) -> None:
        if not self._username_edited:
            self.username.setText(suggested_username(name))

    def roles(self) -> set[Role]:
        return {role for role, box in self.role_boxes.items() if box.isChecked()}

    def create(self) -> None:
        self.message.clear_message()
        errors = new_password_errors(self.form)
        if not self.roles():
            errors = {"roles": "Tick at least one role.", **errors}
        if errors:
            self.form.show_errors(errors)
            return
        self.form.clear_errors()
        try:
            self.created = self._accounts.create(
                username=self.username.text(),
                display_name=self.display_name.text(),
                roles=self.roles(),
                password=self.form.fields["password"].text(),
                credentials=self.credentials.text(),
            )
        except FieldErrors as exc:
            for text in self.form.show_errors(exc.errors):
                self.message.say(text, problem=True)
            return
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.accept()


class ResetPasswordDialog(QDialog):
    """Sets a new password for someone who forgot theirs; also lifts a lockout."""

    def __init__(self, accounts: UserAdmin, user: UserView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(f"Reset Password — {APP_NAME}")
        self._accounts = accounts
        self._user = user
        self.form = FieldForm()
        add_new_password(self.form, first_label="New &password:")
        self.message = MessageLine()
        buttons = _buttons(self, "&Reset Password")
        buttons.accepted.connect(self.reset)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(f"New password for {user.display_name}", self))
        layout.addWidget(
            note_label(
                f"{user.display_name} signs in with it from now on; a lockout after wrong "
                "passwords is lifted too."
            )
        )
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        size_dialog(self, 72)
        self.form.fields["password"].setFocus(Qt.FocusReason.OtherFocusReason)

    def reset(self) -> None:
        self.message.clear_message()
        errors = new_password_errors(self.form)
        if errors:
            self.form.show_errors(errors)
            return
        self.form.clear_errors()
        try:
            self._accounts.set_password(self._user.id, self.form.fields["password"].text())
        except FieldErrors as exc:
            for text in self.form.show_errors(exc.errors):
                self.message.say(text, problem=True)
            return
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.accept()
