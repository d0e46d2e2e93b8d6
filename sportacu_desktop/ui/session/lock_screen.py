"""What a locked window shows: an opaque curtain over everything, and the unlock form.

Every visible window of the app gets a curtain (a child widget stretched over the whole
window, menus and status bar included). Exactly one curtain carries the unlock panel: the
one on the window that can take input (the topmost modal dialog, else the main window).
"""

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.ui.session.forms import MessageLine, password_edit
from sportacu_desktop.ui.session.login_dialog import heading_label, note_label

LOCKED_TITLE = f"Locked — {APP_NAME}"
ELSEWHERE = "Patient information is hidden. Click here to unlock."


class PadlockGlyph(QWidget):
    """A padlock drawn in the text colour, so it needs no icon theme and follows dark mode."""

    def sizeHint(self) -> QSize:
        side = self.fontMetrics().height() * 3
        return QSize(side, side)

    def paintEvent(self, _event) -> None:
        side = min(self.width(), self.height())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self.palette().color(QPalette.ColorRole.WindowText)
        pen = QPen(color, side * 0.09)
        painter.setPen(pen)
        left = (self.width() - side) / 2
        shackle = QRectF(left + side * 0.28, side * 0.08, side * 0.44, side * 0.5)
        painter.drawArc(shackle, 0, 180 * 16)
        painter.drawLine(
            QPointF(shackle.left(), shackle.center().y()),
            QPointF(shackle.left(), side * 0.45),
        )
        painter.drawLine(
            QPointF(shackle.right(), shackle.center().y()),
            QPointF(shackle.right(), side * 0.45),
        )
        painter.setBrush(color)
        painter.drawRoundedRect(
            QRectF(left + side * 0.16, side * 0.45, side * 0.68, side * 0.5),
            side * 0.08,
            side * 0.08,
        )
        painter.end()


class UnlockPanel(QWidget):
    """The password form, and the question asked before signing out over unsaved work."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal(bool)  # True once the user agreed to discard unsaved work

    def __init__(self, who: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unlockPanel")
        self._pages = QStackedWidget()

        unlock_page = QWidget()
        prompt = QLabel(f"Enter the password of {who} to continue.")
        prompt.setWordWrap(True)
        self.password = password_edit()
        self.password.setAccessibleName("Password")
        self.password.returnPressed.connect(self._unlock)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.clicked.connect(self._unlock)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        self.message = MessageLine(grow_dialog=False)
        self.switch_button = QPushButton("Sign in as &someone else")
        self.switch_button.setFlat(True)
        self.switch_button.setToolTip(f"Sign {who} out and show the sign-in window")
        self.switch_button.clicked.connect(lambda: self.sign_out_requested.emit(False))
        layout = QVBoxLayout(unlock_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(prompt)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignLeft)

        confirm_page = QWidget()
        warning = QLabel(
            f"{who} has unsaved changes in an open form. Signing out now discards them. "
            f"To keep them, {who} unlocks and saves first."
        )
        warning.setWordWrap(True)
        self.discard_button = QPushButton("&Discard Changes and Sign Out")
        self.discard_button.clicked.connect(lambda: self.sign_out_requested.emit(True))
        self.back_button = QPushButton("&Back")
        self.back_button.clicked.connect(self.show_unlock)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        confirm = QVBoxLayout(confirm_page)
        confirm.setContentsMargins(0, 0, 0, 0)
        confirm.addWidget(warning)
        confirm.addLayout(buttons)
        confirm.addStretch(1)

        self._pages.addWidget(unlock_page)
        self._pages.addWidget(confirm_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._pages)
        self.setFixedWidth(self.fontMetrics().averageCharWidth() * 52)

    def _unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.message.say("Enter the password.", problem=True)
            return
        self.unlock_requested.emit(password)

    def failed(self, text: str) -> None:
        self.password.clear()
        self.message.say(text, problem=True)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_discard(self) -> None:
        self._pages.setCurrentIndex(1)
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_unlock(self) -> None:
        self._pages.setCurrentIndex(0)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def asking_discard(self) -> bool:
        return self._pages.currentIndex() == 1


class LockCurtain(QWidget):
    """An opaque cover stretched over one window; follows the window's size."""

    def __init__(self, host: QWidget, panel: UnlockPanel | None = None):
        super().__init__(host)
        self.setObjectName("lockCurtain")
        self.host = host
        self.panel: UnlockPanel | None = None
        self.setAutoFillBackground(True)  # opaque: nothing of the window shows through
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.glyph = PadlockGlyph()
        self.title = heading_label(f"{APP_NAME} is locked", self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(False)
        self.note = note_label("")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame()
        self.card.setObjectName("lockCard")
        self.card.setStyleSheet(
            "QFrame#lockCard { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 10px; }"
        )
        self._column = QVBoxLayout(self.card)
        margin = self.fontMetrics().height() * 3 // 2
        self._column.setContentsMargins(margin, margin, margin, margin)
        self._column.addWidget(self.glyph, 0, Qt.AlignmentFlag.AlignHCenter)
        self._column.addWidget(self.title)
        self._column.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        center = QHBoxLayout()
        center.addStretch(1)
        center.addWidget(self.card)
        center.addStretch(1)
        layout.addLayout(center)
        layout.addStretch(2)
        self.set_panel(panel)
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.raise_()
        self.show()

    def set_panel(self, panel: UnlockPanel | None) -> None:
        if panel is not None:
            self._column.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
            panel.show()
            self.note.setText("Patient information is hidden.")
        else:
            self.note.setText(ELSEWHERE)
        self.panel = panel

    def take_panel(self) -> UnlockPanel | None:
        panel, self.panel = self.panel, None
        if panel is not None:
            self._column.removeWidget(panel)
            panel.hide()
            panel.setParent(None)
            self.note.setText(ELSEWHERE)
        return panel

    def mousePressEvent(self, event) -> None:
        # Clicking a covered window brings the unlock form to it (see IdleLock).
        self.host.activateWindow()
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
            self.raise_()
        return False

    def remove(self) -> None:
        self.host.removeEventFilter(self)
        self.take_panel()
        self.hide()
        self.setParent(None)  # gone from the window at once, not at the next event loop
        self.deleteLater()
