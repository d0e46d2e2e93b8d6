"""First-start window sizes that fit the screen the window opens on."""

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FIRST_START_SHARE = 0.8  # of the screen's available area (taskbars and docks excluded)


def available_area(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, share: float = FIRST_START_SHARE) -> None:
    """Size ``window`` to ``share`` of the available screen area, centred on it."""
    area = available_area(window)
    rect = QRect(0, 0, int(area.width() * share), int(area.height() * share))
    rect.moveCenter(area.center())
    window.resize(rect.size())
    window.move(rect.topLeft())


def keep_on_screen(window: QWidget) -> None:
    """A restored size from a bigger monitor never exceeds the screen it opens on now."""
    area = available_area(window)
    if window.width() > area.width() or window.height() > area.height():
        fit_to_screen(window, 1.0)
