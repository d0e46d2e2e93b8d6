"""Asking for the database passphrase: to unlock it at start, or to choose a new one."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.services.encryption import check_passphrase, passphrase_problem
from sportacu_desktop.services.errors import StorageError, WrongPassphrase

WRONG_PASSPHRASE = "Wrong passphrase — try again."
TRADE_OFF = (
    "Encryption protects the charts if the laptop or a backup drive is lost or stolen: "
    "without the passphrase the database file cannot be read. The passphrase is needed at "
    "every start and is stored nowhere. <b>A lost passphrase cannot be recovered</b>, and "
    "neither can the data: write it down and keep it away from the laptop (a locked "
    "drawer, the owner's safe). Backups are encrypted with the same passphrase."
)


def _masked(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def _message_line() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Message")
    font = label.font()
    font.setBold(True)  # bold rather than a fixed red, which some dark themes make unreadable
    label.setFont(font)
    return label


def _cancel_and(dialog: QDialog, text: str, *, default: bool = True):
    """Cancel beside the dialog's one action; the action is Enter's unless it is risky."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    action = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    action.setDefault(default)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, action


def unlocks(path: Path) -> Callable[[str], None]:
    """A check that raises WrongPassphrase unless the passphrase opens ``path``."""

    def check(passphrase: str) -> None:
        check_passphrase(path, passphrase)

    return check


class PassphraseDialog(QDialog):
    """Unlocks an encrypted clinic database; ``passphrase`` is set once accepted.

    ``verify`` raises WrongPassphrase for a wrong one: the dialog then says so, clears the
    field and stays open. Cancel quits, with nothing opened.
    """

    def __init__(
        self,
        path: Path,
        *,
        verify: Callable[[str], None] | None = None,
        message: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(f"Unlock the Clinic — {APP_NAME}")
        self._verify = verify or unlocks(path)
        self.passphrase: str | None = None
        intro = QLabel(
            f"The clinic database <b>{path.name}</b> is encrypted. Enter its passphrase to open it."
        )
        intro.setWordWrap(True)
        intro.setToolTip(str(path))
        self.field = _masked("Passphrase")
        self.message = _message_line()
        self.message.setText(message)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.field)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.quit_button = buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        passphrase = self.field.text()
        if not passphrase:
            self.message.setText("Enter the passphrase.")
            return
        try:
            self._verify(passphrase)
        except WrongPassphrase:
            self.message.setText(WRONG_PASSPHRASE)
            self.field.clear()
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except StorageError as exc:
            self.message.setText(str(exc))
            return
        self.passphrase = passphrase
        super().accept()


class NewPassphraseDialog(QDialog):
    """Explains encryption's trade-off and asks for a new passphrase twice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newPassphraseDialog")
        self.setWindowTitle(f"Encrypt the Clinic Database — {APP_NAME}")
        self.passphrase: str | None = None
        explanation = QLabel(TRADE_OFF)
        explanation.setWordWrap(True)
        self.first = _masked("New passphrase")
        self.second = _masked("New passphrase again")
        form = QFormLayout()
        form.addRow("New &passphrase:", self.first)
        form.addRow("&Again:", self.second)
        self.message = _message_line()
        steps = QLabel(
            "Everyone is signed out while the database is encrypted; sign in again after."
        )
        steps.setWordWrap(True)
        buttons, self.encrypt_button = _cancel_and(self, "&Encrypt")
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(steps)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def accept(self) -> None:
        first, second = self.first.text(), self.second.text()
        problem = passphrase_problem(first)
        if problem is None and first != second:
            problem = "The two passphrases differ: type the same one twice."
            self.second.clear()
            self.second.setFocus(Qt.FocusReason.OtherFocusReason)
        elif problem is not None:
            self.first.setFocus(Qt.FocusReason.OtherFocusReason)
        if problem is not None:
            self.message.setText(problem)
            return
        self.passphrase = first
        super().accept()


class ConfirmDecryptDialog(QDialog):
    """Switching encryption off: says what it means and asks for the current passphrase."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("confirmDecryptDialog")
        self.setWindowTitle(f"Decrypt the Clinic Database — {APP_NAME}")
        self._current = current
        explanation = QLabel(
            "Without encryption, anyone who gets hold of this laptop, its disk or a backup "
            "drive can read every chart in it. New backups will not be encrypted either. "
            "Type the current passphrase to confirm."
        )
        explanation.setWordWrap(True)
        self.field = _masked("Current passphrase")
        form = QFormLayout()
        form.addRow("Current &passphrase:", self.field)
        self.message = _message_line()
        buttons, self.decrypt_button = _cancel_and(self, "&Decrypt", default=False)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def accept(self) -> None:
        if self.field.text() != self._current:
            self.message.setText(WRONG_PASSPHRASE)
            self.field.clear()
            return
        super().accept()


class ChangePassphraseDialog(QDialog):
    """A new passphrase for an encrypted database: the current one first, the new one twice."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle(f"Change the Passphrase — {APP_NAME}")
        self._current = current
        self.passphrase: str | None = None
        explanation = QLabel(
            "The clinic database is re-encrypted with the new passphrase; everyone is signed "
            "out meanwhile and signs in again after. <b>Backups made before the change still "
            "open only with the old passphrase</b>: keep it as long as you keep them."
        )
        explanation.setWordWrap(True)
        self.current = _masked("Current passphrase")
        self.first = _masked("New passphrase")
        self.second = _masked("New passphrase again")
        form = QFormLayout()
        form.addRow("&Current passphrase:", self.current)
        form.addRow("&New passphrase:", self.first)
        form.addRow("&Again:", self.second)
        self.message = _message_line()
        buttons, self.change_button = _cancel_and(self, "C&hange")
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def _refuse(self, problem: str, field: QLineEdit, *, clear: bool = False) -> None:
        self.message.setText(problem)
        if clear:
            field.clear()
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        first, second = self.first.text(), self.second.text()
        if self.current.text() != self._current:
            self._refuse(WRONG_PASSPHRASE, self.current, clear=True)
            return
        problem = passphrase_problem(first)
        if problem is not None:
            self._refuse(problem, self.first)
            return
        if first == self._current:
            self._refuse("The new passphrase is the same as the current one.", self.first)
            return
        if first != second:
            self._refuse(
                "The two passphrases differ: type the same one twice.", self.second, clear=True
            )
            return
        self.passphrase = first
        super().accept()
