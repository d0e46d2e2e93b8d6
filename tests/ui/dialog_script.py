"""Acting on windows as they appear, like a user, also inside a dialog's own exec() loop.

An application event filter notices each window as it is shown; when it is of the kind
the next step expects, the step's action runs on the next turn of the event loop that
showed it (a queued signal), so a dialog run by exec() is already taking input. No polling
and no delays: the script moves when the app shows something, never when time passes.

A flow that gets stuck (the expected window never comes) is ended at the hang guard by
``on_stuck``, so a broken flow fails its test instead of hanging the run.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from tests.hang_guard import HANG_GUARD_MS

Step = tuple[type, Callable[[QWidget], object]]


def reject_visible_dialogs() -> None:
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and hasattr(widget, "reject"):
            widget.reject()


class DialogScript(QObject):
    act_later = Signal(object)

    def __init__(self, steps: list[Step], on_stuck: Callable[[], None] = reject_visible_dialogs):
        super().__init__()
        self.steps = list(steps)
        self.seen: list[str] = []
        self._pending = False
        self._on_stuck = on_stuck
        self.act_later.connect(self._act, Qt.ConnectionType.QueuedConnection)
        self.guard = QTimer(self)
        self.guard.setSingleShot(True)
        self.guard.setInterval(HANG_GUARD_MS)
        self.guard.timeout.connect(self._stuck)

    def __enter__(self) -> "DialogScript":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, *, look_now: bool = True) -> None:
        QApplication.instance().installEventFilter(self)
        self.guard.start()
        running.append(self)
        if look_now:
            self._look()

    def stop(self) -> None:
        self.guard.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self in running:
            running.remove(self)

    def _stuck(self) -> None:
        self.steps.clear()
        self._on_stuck()

    def _offer(self, widget: QWidget) -> None:
        if self._pending or not self.steps:
            return
        kind, _action = self.steps[0]
        if isinstance(widget, kind):
            self._pending = True
            self.act_later.emit(widget)

    def _look(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                self._offer(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._offer(watched)
        return False

    def _act(self, widget: QWidget) -> None:
        self._pending = False
        if not self.steps:
            return
        if widget.isVisible():
            _kind, action = self.steps.pop(0)
            self.seen.append(type(widget).__name__)
            action(widget)
        if self.steps:
            self._look()
        else:
            self.stop()


def answer_next(kind: type, choose: Callable[[QWidget], object]) -> list[QWidget]:
    """Answer the next ``kind`` window to be shown (a modal dialog run by exec, say)."""
    answered: list[QWidget] = []

    def act(widget: QWidget) -> None:
        answered.append(widget)
        choose(widget)

    DialogScript([(kind, act)]).start(look_now=False)
    return answered


def stop_all() -> None:
    """End every script still waiting (at the end of each test)."""
    for script in list(running):
        script.stop()


running: list[DialogScript] = []  # also keeps a started script alive until it is done
