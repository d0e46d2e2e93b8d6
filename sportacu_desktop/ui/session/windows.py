"""The other windows of a session: is anything unsaved in them, and closing them all.

A window with unsaved typing says so through an ``is_dirty()`` method (the patient form
has one). Closing goes through each window's own close path, so the patient form asks its
"Discard changes?" question and visit notes write their drafts; if any window stays open
(the user chose Keep Editing), signing out or quitting stops there.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

# A modal dialog can open another (a question over a form); more than this is a bug.
_MAX_MODAL_DEPTH = 20


def other_windows(main: QWidget) -> list[QWidget]:
    return [
        window
        for window in QApplication.topLevelWidgets()
        if window is not main
        and window.isVisible()
        and window.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
    ]


def is_dirty(window: QWidget) -> bool:
    check = getattr(window, "is_dirty", None)
    try:
        return bool(check()) if callable(check) else False
    except RuntimeError:  # the window is being destroyed
        return False


def has_unsaved_work(main: QWidget) -> bool:
    return any(is_dirty(window) for window in other_windows(main))


def _close(window: QWidget, discard: bool) -> bool:
    if discard and isinstance(window, QDialog):
        # The base class's done() skips a subclass's reject(), which would ask again.
        QDialog.done(window, QDialog.DialogCode.Rejected)
    else:
        window.close()
    return not window.isVisible()


def close_other_windows(main: QWidget, *, discard: bool = False) -> bool:
    """Closes every other visible window, topmost modal first; False if one stayed open.

    With ``discard`` dialogs are closed without their own questions (the user already
    agreed to lose unsaved changes) and a window that still refuses is hidden.
    """
    for _ in range(_MAX_MODAL_DEPTH):
        modal = QApplication.activeModalWidget()
        if modal is None or modal is main or not modal.isVisible():
            break
        if not _close(modal, discard):
            if not discard:
                return False
            modal.hide()
    for window in other_windows(main):
        if not _close(window, discard):
            if not discard:
                return False
            window.hide()
    return True
