"""Keys reach what the user meant, wherever the focus is.

Two rules, one module:

- A window's own shortcuts win over a text box's built-in keys. Under X11 a line edit or
  spin box claims Ctrl+E (end of line, Emacs style), so Edit Patient did nothing from the
  search box, which is exactly where Ctrl+F then Enter leaves the focus. Only chords with
  Ctrl, Alt or Meta are looked at; plain typing always belongs to the box.
- Typing that starts before a new window is active follows it. A practitioner presses
  Ctrl+Shift+N and types the pain score at once; until the window system has activated the
  visit window those keys would reach the main window's search box. They are handed to
  the widget that has the focus in the new window instead.
"""

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

CHORD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def pressed_sequence(event: QKeyEvent) -> QKeySequence:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))


def window_action_for(widget: QWidget, sequence: QKeySequence) -> QAction | None:
    """The enabled window-wide action of ``widget``'s window bound to ``sequence``."""
    for action in widget.window().findChildren(QAction):
        if (
            action.isEnabled()
            and action.shortcutContext() in WINDOW_WIDE
            and sequence in action.shortcuts()
        ):
            return action
    return None


class WindowShortcutsFirst(QObject):
    """Application event filter: a text box never keeps a key its window's actions use."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Filtered out unaccepted, the override lets the shortcut map reach the action.
        return bool(
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(watched, QWidget)
            and isinstance(event, QKeyEvent)
            and event.modifiers() & CHORD_MODIFIERS
            and window_action_for(watched, pressed_sequence(event)) is not None
        )


def make_window_shortcuts_win() -> None:
    """Install the filter once per application (later calls do nothing)."""
    app = QApplication.instance()
    if app is None or app.property("windowShortcutsFirst"):
        return
    keeper = WindowShortcutsFirst(app)
    app.installEventFilter(keeper)
    app.setProperty("windowShortcutsFirst", True)


class TypingFollowsNewWindow(QObject):
    """Hands keys typed into ``old`` to ``new`` until ``new`` is the active window.

    Chords are left alone: they are shortcuts of the window they were pressed in.
    """

    def __init__(self, new: QWidget, old: QWidget):
        super().__init__(new)
        self.new = new
        self.old = old
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        new.installEventFilter(self)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.new.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.new:
            if kind in (QEvent.Type.WindowActivate, QEvent.Type.Close, QEvent.Type.Hide):
                self.stop()
            return False
        if (
            kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & CHORD_MODIFIERS
            and isinstance(watched, QWidget)
            and watched.window() is self.old
            and not self.new.isActiveWindow()
        ):
            target = self.new.focusWidget() or self.new
            copy = QKeyEvent(
                kind,
                event.key(),
                event.modifiers(),
                event.text(),
                event.isAutoRepeat(),
                event.count(),
            )
            QApplication.sendEvent(target, copy)
            return True
        return False


def follow_typing(new: QWidget, old: QWidget) -> TypingFollowsNewWindow | None:
    """Start handing typing over to ``new`` unless it is already the active window."""
    if new.isActiveWindow():
        return None
    return TypingFollowsNewWindow(new, old)
