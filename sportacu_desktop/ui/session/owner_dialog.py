"""The first account of a new clinic: its owner, administrator and practitioner at once."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.text import fold
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.users import create_owner
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import (
    FieldForm,
    MessageLine,
    add_new_password,
    new_password_errors,
    size_dialog,
)
from sportacu_desktop.ui.session.login_dialog import heading_label, note_label

INTRO = (
    "Nobody can sign in to this clinic yet. The owner account can chart, add the rest of "
    "the team and read the audit trail. You sign in with it every time the app starts."
)


def suggested_username(name: str) -> str:
    """“Dana Whitcomb” → “dwhitcomb”: the first initial and the last word, plain letters."""
    words = [w for w in fold(name).replace("-", " ").split() if w.isalnum()]
    if not words:
        return ""
    if len(words) == 1:
        return words[0].lower()[:30]
    return (words[0][0] + words[-1]).lower()[:30]


class OwnerSetupDialog(QDialog):
    """Accepted with ``actor`` (the new owner, signed in) set; rejected means quit."""

    def __init__(self, clinic: Clinic, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ownerSetupDialog")
        self._clinic = clinic
        self.actor: Actor | None = None
        self._username_edited = False
        self.setWindowTitle(f"Clinic Owner — {APP_NAME}")

        self.form = FieldForm()
        self.display_name = self.form.add("display_name", "Your &name:", QLineEdit())
        self.display_name.setPlaceholderText("For example: Dana Whitcomb")
        self.credentials = self.form.add("credentials", "&Credentials:", QLineEdit())
        self.credentials.setPlaceholderText("Optional, for example: M.S., L.Ac.")
        self.username = self.form.add(
            "username",
            "&User name:",
            QLineEdit(),
            "What you type to sign in: letters and digits, dots and dashes allowed.",
        )
        add_new_password(self.form)
        self.display_name.textEdited.connect(self._suggest_username)
        self.username.textEdited.connect(self._username_typed)
        self.message = MessageLine()

        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            "&Create Account", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.quit_button = buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setAutoDefault(False)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Create the clinic owner account", self))
        layout.addWidget(note_label(INTRO))
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        size_dialog(self, 80)
        self.display_name.setFocus()

    def _suggest_username(self, name: str) -> None:
        if not self._username_edited:
            self.username.setText(suggested_username(name))

    def _username_typed(self, text: str) -> None:
        self._username_edited = bool(text)

    def create(self) -> None:
        self.message.clear_message()
        errors = new_password_errors(self.form)
        if not self.display_name.text().strip():
            errors = {"display_name": "Enter your name as patients and colleagues know it."}
        if errors:
            self.form.show_errors(errors)
            return
        self.form.clear_errors()
        try:
            self.actor = create_owner(
                self._clinic.session_factory,
                username=self.username.text(),
                display_name=self.display_name.text(),
                password=self.form.fields["password"].text(),
                credentials=self.credentials.text(),
            )
        except FieldErrors as exc:
            for text in self.form.show_errors(exc.errors):
                self.message.say(text, problem=True)
            return
        except PermissionError as exc:  # someone created accounts in the meantime
            self.message.say(str(exc), problem=True)
            return
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.accept()
