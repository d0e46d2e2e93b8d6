"""Signing in: user name and password, or emergency ("break-glass") access with a reason.

The dialog hands back the signed-in ``Actor`` (``dialog.actor``) once accepted; the session
manager builds the main window for it. Argon2 takes about a tenth of a second per attempt,
short enough for the UI thread.

At start the dialog is shown before the clinic is open (and before the database layer is
even loaded): this module imports only Qt and small modules. The launcher hands it the
clinic with ``attach`` once it is open; a Sign In pressed before that waits for it, with
everything typed kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import FieldForm, MessageLine, password_edit, size_dialog

if TYPE_CHECKING:
    from sportacu_desktop.services.context import Actor, Clinic

OPENING = "Opening the clinic database… You will be signed in as soon as it is open."

EMERGENCY_EXPLANATION = (
    "Use emergency access only when a patient's care cannot wait, for example when the "
    "practitioner who treats them is away. It gives you practitioner access to every chart "
    "for this session. Every action you take is recorded with your reason and shown to the "
    "clinic's administrator."
)


def heading_label(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def note_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class EmergencyAccessDialog(QDialog):
    """Asks why emergency access is needed; the reason is required and goes into the trail."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emergencyAccessDialog")
        self.setWindowTitle(f"Emergency Access — {APP_NAME}")
        explanation = QLabel(EMERGENCY_EXPLANATION)
        explanation.setWordWrap(True)
        self.form = FieldForm()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            "For example: Dr. Okafor is away and her patient needs today's session"
        )
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.form.add("reason", "&Reason:", self.reason)
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(
            "&Sign In with Emergency Access", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Emergency access", self))
        layout.addWidget(explanation)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        size_dialog(self, 64)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def confirm(self) -> None:
        if not self.reason_text():
            self.form.show_errors({"reason": "Write why you need emergency access."})
            return
        self.accept()


class SignInDialog(QDialog):
    """Accepted with ``actor`` set once a password is right; rejected means quit."""

    clinic_opened = Signal()  # ``attach`` gave it the clinic

    def __init__(
        self,
        clinic: Clinic | None,
        parent: QWidget | None = None,
        *,
        demo_hint: bool = False,
        username: str = "",
    ):
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self._clinic: Clinic | None = None
        # The emergency reason of a Sign In pressed while the clinic was still opening.
        self._waiting_reason: str | None = None
        self.actor: Actor | None = None
        self.emergency_dialog: EmergencyAccessDialog | None = None
        self.demo_note: QLabel | None = None
        self.setWindowTitle(f"Sign In — {APP_NAME}")

        self.heading = heading_label("Sign in to your clinic", self)
        self.form = FieldForm()
        self.username = self.form.add("username", "&User name:", QLineEdit(username))
        self.password = self.form.add("password", "&Password:", password_edit())
        self.message = MessageLine()

        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton("&Sign In", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)  # Enter in either field signs in
        self.emergency_button = buttons.addButton(
            "&Emergency Access…", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.emergency_button.setToolTip(
            "Sign in with practitioner access to every chart; a reason is required and every "
            "action is recorded"
        )
        self.emergency_button.setAutoDefault(False)
        self.quit_button = buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setAutoDefault(False)
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        self.emergency_button.clicked.connect(self.ask_emergency_reason)

        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        size_dialog(self, 72)
        (self.password if username else self.username).setFocus()
        if clinic is not None:
            from sportacu_desktop.services.setup import practice_name

            self.attach(clinic, practice=practice_name(clinic), demo_hint=demo_hint)

    @property
    def clinic_is_open(self) -> bool:
        return self._clinic is not None

    @property
    def is_waiting(self) -> bool:
        """Sign In was pressed before the clinic was open."""
        return self._waiting_reason is not None

    def attach(self, clinic: Clinic, *, practice: str, demo_hint: bool = False) -> None:
        """The clinic is open: name it, and sign in now if Sign In was already pressed."""
        self._clinic = clinic
        self.heading.setText(f"Sign in to {practice or 'your clinic'}")
        if demo_hint and self.demo_note is None:
            from sportacu_desktop.services.demo import DEMO_PASSWORD

            self.demo_note = note_label(
                "Demo clinic: sign in as dwhitcomb (owner: administrator and practitioner), "
                f"rokafor (practitioner) or frontdesk (front desk), password {DEMO_PASSWORD}."
            )
            self.demo_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._layout.insertWidget(self._layout.indexOf(self.message) + 1, self.demo_note)
            size_dialog(self, 72)
        self.clinic_opened.emit()
        reason, self._waiting_reason = self._waiting_reason, None
        if reason is not None:
            self.sign_in_button.setEnabled(True)
            self.sign_in(emergency_reason=reason)

    def _missing_fields(self) -> bool:
        if not self.username.text().strip():
            self.form.show_errors({"username": "Enter your user name."})
            return True
        if not self.password.text():
            self.form.show_errors({"password": "Enter your password."})
            return True
        return False

    def sign_in(self, *, emergency_reason: str = "") -> None:
        self.form.clear_errors()
        self.message.clear_message()
        if self._missing_fields():
            return
        if self._clinic is None:
            self._waiting_reason = emergency_reason
            self.sign_in_button.setEnabled(False)  # pressed once is enough
            self.message.say(OPENING)
            return
        from sportacu_desktop.services.users import LoginFailed, authenticate

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.actor = authenticate(
                self._clinic.session_factory,
                self.username.text().strip(),
                self.password.text(),
                emergency_reason=emergency_reason,
            )
        except LoginFailed as exc:  # AccountLocked too: its message says how long
            self._failed(str(exc))
            return
        except Exception as exc:
            self._failed(describe_error(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.password.clear()
        self.accept()

    def _failed(self, text: str) -> None:
        self.message.say(text, problem=True)
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_emergency_reason(self) -> None:
        self.form.clear_errors()
        self.message.clear_message()
        if self._missing_fields():
            self.message.say(
                "Emergency access still signs you in as yourself: enter your user name and "
                "password first."
            )
            return
        dialog = EmergencyAccessDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.sign_in(emergency_reason=dialog.reason_text()))
        dialog.finished.connect(self._emergency_closed)
        self.emergency_dialog = dialog
        dialog.open()

    def _emergency_closed(self) -> None:
        self.emergency_dialog = None
