"""Automatic lock: after a spell without keyboard or mouse, every window hides its contents.

One application-wide event filter does three jobs. While unlocked it notes the time of
every input (a plain number: the filter sees every mouse move, so it calls nothing of Qt
there; the timer checks that time when it fires) and turns the lock keys (Ctrl+L) into a
lock even inside a modal dialog, where the main window's shortcut cannot fire. While
locked it swallows every input meant for anything but the unlock panel, covers windows
that appear meanwhile (an error box from background work, say) and refuses to let a
window be closed from outside.

Nothing is closed or reloaded by locking: editors keep what was typed, a half-filled
dialog stays half-filled, and the visit editor's autosave writes when focus leaves it.
The idle time is a clinic setting (services/settings.py), the same on every workstation.
"""

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QToolTip, QWidget

from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.lock_screen import LOCKED_TITLE, LockCurtain, UnlockPanel

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}
_BLOCKED_WHEN_LOCKED = {
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.ContextMenu,
    QEvent.Type.ToolTip,
    QEvent.Type.WhatsThis,
    QEvent.Type.InputMethod,
    QEvent.Type.DragEnter,
    QEvent.Type.Drop,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleLock(QObject):
    """Locks the app after ``interval_ms`` without input, or on ``lock()``.

    ``verify(password)`` raises with a user-ready message when the password is wrong;
    ``has_unsaved()`` says whether signing out from the lock screen would lose typing.
    """

    locked = Signal()
    unlocked = Signal()
    sign_out_requested = Signal(bool)  # True: the user agreed to discard unsaved work

    def __init__(
        self,
        window: QMainWindow,
        who: str,
        verify: Callable[[str], None],
        *,
        interval_ms: int,
        has_unsaved: Callable[[], bool] = lambda: False,
        lock_keys: list[QKeySequence] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.window = window
        self._verify = verify
        self._has_unsaved = has_unsaved
        self._lock_keys = {k[0].toCombined() for k in (lock_keys or []) if not k.isEmpty()}
        self.timer = QTimer(self)
        self.timer.setObjectName("idleTimer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._check_idle)
        self._interval_ms = interval_ms
        self._last_input = time.monotonic()
        self._who = who
        self.panel = self._new_panel()
        self.curtains: dict[QWidget, LockCurtain] = {}
        self._titles: dict[QWidget, str] = {}
        self._sizes: dict[QWidget, tuple[QSize, QSize, QSize]] = {}
        self._focus: dict[QWidget, QWidget] = {}  # each window's focus widget at lock time
        self._active: QWidget | None = None
        self._running = False

    def _new_panel(self) -> UnlockPanel:
        panel = UnlockPanel(self._who)
        panel.unlock_requested.connect(self.try_unlock)
        panel.sign_out_requested.connect(self._sign_out)
        return panel

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        if not self._running:
            QApplication.instance().installEventFilter(self)
            self._running = True
        self._last_input = time.monotonic()
        self.timer.start(self._interval_ms)

    def stop_watching(self) -> None:
        """No more idle timer, lock keys or input blocking; curtains stay where they are."""
        if self._running:
            QApplication.instance().removeEventFilter(self)
            self._running = False
        self.timer.stop()

    def stop(self) -> None:
        """The session is over: no more locking, and every curtain comes down."""
        self.stop_watching()
        self._uncover()
        if _alive(self.panel):
            self.panel.deleteLater()

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def set_interval_ms(self, interval_ms: int) -> None:
        self._interval_ms = interval_ms
        self.timer.setInterval(interval_ms)
        if self._running and not self.is_locked:
            self._last_input = time.monotonic()
            self.timer.start()

    def _check_idle(self) -> None:
        """Locks if nothing was typed or clicked for the whole interval, else waits the rest."""
        idle_ms = (time.monotonic() - self._last_input) * 1000
        if idle_ms >= self._interval_ms - 1:
            self.lock()
        elif self._running and not self.is_locked:
            self.timer.start(max(1, int(self._interval_ms - idle_ms)))

    @property
    def is_locked(self) -> bool:
        return bool(self.curtains)

    # --- locking -------------------------------------------------------------------------

    def lock(self) -> None:
        if self.is_locked or not self._running:
            return
        self.timer.stop()
        self._active = QApplication.activeWindow()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open menu or completer list would float above the curtain
        QToolTip.hideText()
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                self._cover(window)
        self.window.menuBar().setEnabled(False)  # a native menu bar lies outside the window
        if not _alive(self.panel):
            self.panel = self._new_panel()
        self.panel.show_unlock()
        self._place_panel()
        self.locked.emit()

    def try_unlock(self, password: str) -> bool:
        try:
            self._verify(password)
        except Exception as exc:  # wrong password or locked account: said as they are
            text = describe_error(exc, failed="the screen stays locked")
            self.panel.failed(text or "That password is not right.")
            return False
        self._uncover()
        self.panel.password.clear()
        self.panel.message.clear_message()
        for widget in self._focus.values():
            if _alive(widget) and widget.isVisible():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)  # typing goes on where it was
        if self._active is not None and _alive(self._active) and self._active.isVisible():
            self._active.activateWindow()
        self._focus.clear()
        self._active = None
        self._last_input = time.monotonic()
        self.timer.start(self._interval_ms)
        self.unlocked.emit()
        return True

    def _sign_out(self, discard: bool) -> None:
        if not discard and self._has_unsaved():
            self.panel.ask_discard()
            return
        self.sign_out_requested.emit(discard)

    # --- curtains ------------------------------------------------------------------------

    def _cover(self, window: QWidget) -> None:
        if window in self.curtains or window is self.panel or _is_popup(window):
            return
        focus = window.focusWidget()
        if focus is not None:
            self._focus[window] = focus
        self.curtains[window] = LockCurtain(window)
        window.destroyed.connect(lambda *_args, w=window: self._forget(w))
        self._titles[window] = window.windowTitle()
        window.setWindowTitle(LOCKED_TITLE)

    def _forget(self, window: QWidget) -> None:
        self.curtains.pop(window, None)
        self._titles.pop(window, None)
        self._sizes.pop(window, None)
        self._focus.pop(window, None)

    def _uncover(self) -> None:
        for window, curtain in list(self.curtains.items()):
            if not _alive(window):
                continue
            curtain.remove()
            title = self._titles.get(window)
            if title is not None and window.windowTitle() == LOCKED_TITLE:
                window.setWindowTitle(title)
            if window in self._sizes:
                minimum, maximum, size = self._sizes[window]
                window.setMinimumSize(minimum)
                window.setMaximumSize(maximum)
                window.resize(size)
        self.curtains.clear()
        self._titles.clear()
        self._sizes.clear()
        if _alive(self.window):
            self.window.menuBar().setEnabled(True)

    def _panel_host(self) -> QWidget:
        """The window in front takes the password: a modal dialog, else the window the
        user was in (or has since brought forward), else the main window."""
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible() and modal in self.curtains:
            return modal
        front = self._active
        if front is not None and _alive(front) and front.isVisible() and front in self.curtains:
            return front
        return self.window

    def _place_panel(self) -> None:
        if not self.is_locked:
            return
        host = self._panel_host()
        for window, curtain in self.curtains.items():
            if window is not host and curtain.panel is not None:
                curtain.take_panel()
        if host not in self.curtains:
            self._cover(host)
        curtain = self.curtains[host]
        if not _alive(self.panel):  # its window was deleted while it held the panel
            self.panel = self._new_panel()
        if curtain.panel is None:
            curtain.set_panel(self.panel)
        self._make_room(host, curtain)
        host.activateWindow()
        if self.panel.asking_discard:
            self.panel.back_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.panel.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _make_room(self, host: QWidget, curtain: LockCurtain) -> None:
        """A small dialog (a message box) grows until the unlock form fits; restored later."""
        needed = curtain.sizeHint().expandedTo(curtain.minimumSizeHint())
        if host.width() >= needed.width() and host.height() >= needed.height():
            return
        if host not in self._sizes:
            self._sizes[host] = (host.minimumSize(), host.maximumSize(), host.size())
        host.setMaximumSize(16777215, 16777215)
        host.setMinimumSize(needed.expandedTo(host.size()))
        host.resize(needed.expandedTo(host.size()))

    def _is_curtained(self, widget: QWidget) -> bool:
        return any(c is widget or c.isAncestorOf(widget) for c in self.curtains.values())

    # --- the event filter ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.is_locked:
            if kind in _ACTIVITY:
                self._last_input = time.monotonic()
                if kind == QEvent.Type.KeyPress and self._is_lock_key(event):
                    self.lock()
                    return True
            return False
        if not watched.isWidgetType():
            # Shortcuts are delivered to their QAction or QShortcut, never to the panel.
            return kind == QEvent.Type.Shortcut
        if kind == QEvent.Type.ShortcutOverride and self._is_curtained(watched):
            event.accept()  # every key typed in the unlock form is for the form, not a shortcut
            return True
        if kind in _BLOCKED_WHEN_LOCKED:
            return not self._is_curtained(watched)
        if kind == QEvent.Type.WindowActivate and watched in self.curtains:
            self._brought_forward(watched)
        elif kind == QEvent.Type.Show:
            self._shown_while_locked(watched)
        elif kind == QEvent.Type.Hide and watched.isWindow() and watched in self.curtains:
            # A modal dialog closed: the panel leaves it now (it may be deleted next) and
            # goes to whichever window takes input after it.
            self.curtains[watched].take_panel()
            QTimer.singleShot(0, self._place_panel)
        elif kind == QEvent.Type.Close and event.spontaneous() and watched.isWindow():
            event.ignore()  # closing from the title bar would bypass the password
            return True
        return False

    def _brought_forward(self, window: QWidget) -> None:
        """A covered window came to the front: the unlock form follows it there."""
        if window is self._active or self.curtains[window].panel is not None:
            return
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not window:
            return  # only the modal dialog takes input; the form stays in it
        self._active = window
        QTimer.singleShot(0, self._place_panel)

    def _shown_while_locked(self, widget: QWidget) -> None:
        if widget.isWindow():
            if widget not in self.curtains and widget is not self.panel and not _is_popup(widget):
                self._cover(widget)
                QTimer.singleShot(0, self._place_panel)
            return
        parent = widget.parentWidget()
        curtain = self.curtains.get(parent) if parent is not None else None
        if curtain is not None and widget is not curtain:
            curtain.raise_()  # a child shown later must not appear above the curtain

    def _is_lock_key(self, event) -> bool:
        return bool(self._lock_keys) and event.keyCombination().toCombined() in self._lock_keys


def _is_popup(widget: QWidget) -> bool:
    return widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:  # the C++ object is gone
        return False
    return True
