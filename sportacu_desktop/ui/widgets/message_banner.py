"""A strip at the top of a form that says what went wrong, or what just happened."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from sportacu_desktop.ui.widgets.field_form import error_color, is_dark


class MessageBanner(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Message")
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() // 2
        layout.setContentsMargins(margin, margin // 2 + 1, margin, margin // 2 + 1)
        layout.addWidget(self.label)
        self.problem = False
        self.hide()

    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.parentWidget() or self) else ""

    def show_problem(self, text: str) -> None:
        self._show(text, problem=True)

    def show_info(self, text: str) -> None:
        self._show(text, problem=False)

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    def _show(self, text: str, *, problem: bool) -> None:
        self.problem = problem
        source = self.parentWidget() or self
        window = source.palette().color(QPalette.ColorRole.Window)
        if problem:
            fill = _mix(window, error_color(self), 0.25 if is_dark(source) else 0.12)
        else:
            fill = source.palette().color(QPalette.ColorRole.AlternateBase)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, fill)
        self.setPalette(palette)
        font = self.label.font()
        font.setBold(problem)
        self.label.setFont(font)
        self.label.setText(text)
        self.show()


def _mix(base: QColor, accent: QColor, share: float) -> QColor:
    """``base`` tinted with ``share`` of ``accent`` (opaque, whatever is painted below)."""
    return QColor(
        round(base.red() + (accent.red() - base.red()) * share),
        round(base.green() + (accent.green() - base.green()) * share),
        round(base.blue() + (accent.blue() - base.blue()) * share),
    )
