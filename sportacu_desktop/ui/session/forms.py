"""Small form parts shared by the account screens: a message line, per-field errors, passwords.

Problems are shown next to the field they concern, in bold and a red that stays readable on
dark themes; what the user typed is never cleared by an error (passwords excepted after a
failed sign-in, which is what every sign-in screen does).
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from sportacu_desktop.domain.passwords import MIN_PASSWORD_LENGTH, password_problem

PASSWORD_RULE = (
    f"At least {MIN_PASSWORD_LENGTH} characters. A few words you will remember, "
    "such as “harbor kettle tuesday”, are stronger than a short mix of symbols."
)


def fit_height(window: QWidget) -> None:
    """Grows a dialog until wrapped text fits at its width (Qt sizes it for one line)."""
    layout = window.layout()
    if layout is None:
        return
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(window.width())
    else:
        needed = layout.totalSizeHint().height()
    if needed > window.height():
        window.resize(window.width(), needed)


def size_dialog(dialog: QDialog, chars: int) -> None:
    """``chars`` average characters wide, and as tall as its wrapped text needs."""
    width = dialog.fontMetrics().averageCharWidth() * chars
    dialog.setMinimumWidth(width)
    dialog.resize(width, 1)
    fit_height(dialog)


def problem_color(widget: QWidget) -> str:
    """A red that reads on the widget's background, light theme or dark."""
    window = widget.palette().color(QPalette.ColorRole.Window)
    return "#f2b8b5" if window.lightness() < 128 else "#b3261e"


class MessageLine(QLabel):
    """One line (wrapping) for what just happened: a problem in bold red, news in plain text."""

    def __init__(self, parent: QWidget | None = None, *, grow_dialog: bool = True):
        super().__init__(parent)
        self._grow_dialog = grow_dialog
        self.setWordWrap(True)
        self.setAccessibleName("Message")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say(self, text: str, *, problem: bool = False) -> None:
        font = self.font()
        font.setBold(problem)
        self.setFont(font)
        self.setStyleSheet(f"color: {problem_color(self)};" if problem else "")
        self.setText(text)
        self.setVisible(bool(text))
        window = self.window()
        if text and self._grow_dialog and isinstance(window, QDialog):
            fit_height(window)

    def clear_message(self) -> None:
        self.say("")


class FieldForm(QWidget):
    """A QFormLayout whose fields each have an error line under them, keyed by name."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, MessageLine] = {}

    def add(self, name: str, label: str, field: QWidget, note: str = "") -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(hint)
        error = MessageLine()
        layout.addWidget(error)
        self.form.addRow(label, column)
        buddy = self.form.labelForField(column)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(field)
        field.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.fields[name] = field
        self.errors[name] = error
        return field

    def clear_errors(self) -> None:
        for line in self.errors.values():
            line.clear_message()

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Shows each message under its field; returns the messages no field could take."""
        self.clear_errors()
        unplaced = []
        first: QWidget | None = None
        for name, message in errors.items():
            if name in self.errors:
                self.errors[name].say(message, problem=True)
                first = first or self.fields[name]
            else:
                unplaced.append(message)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def error_text(self, name: str) -> str:
        return self.errors[name].text()


def password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    # Typed passwords never go to input-method history or predictive keyboards.
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return edit


def add_new_password(form: FieldForm, *, first_label: str = "&Password:") -> None:
    """Adds ``password`` (with the rule under it) and ``confirm`` rows to ``form``."""
    form.add("password", first_label, password_edit(), PASSWORD_RULE)
    form.add("confirm", "&Confirm password:", password_edit("Type it again"))


def new_password_errors(form: FieldForm) -> dict[str, str]:
    """What is wrong with the password pair, before anything is sent to a service."""
    password = form.fields["password"].text()
    problem = password_problem(password)
    if problem:
        return {"password": problem}
    if form.fields["confirm"].text() != password:
        return {"confirm": "The two passwords are not the same. Type the password again."}
    return {}
