"""Bugs that reach the event loop: written to the log, and told to the user plainly.

A slot that raises has no caller to catch it: PySide hands the exception to
``sys.excepthook``, which by default prints it to a console a desktop app started from its
icon does not have. Here it goes to the log file (type and frames only, see ``log_file``)
and the user sees what happened and what was kept. Qt's own warnings go to the log too.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtWidgets import QMessageBox

from sportacu_desktop import APP_NAME
from sportacu_desktop.log_file import log_path, log_unhandled
from sportacu_desktop.services.errors import as_user_error

UNEXPECTED = (
    "Something went wrong and the last action may not have been completed. Everything "
    "saved before is kept, and a visit note being typed is kept as a draft."
)
LOGGED = " The details were written to {log}."

qt_log = logging.getLogger("sportacu_desktop.qt")
_QT_LEVELS = {
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def unexpected_text() -> str:
    where = log_path()
    return UNEXPECTED + (LOGGED.format(log=where) if where is not None else "")


class ErrorReporter(QObject):
    """Installed for the life of the app window; ``uninstall`` puts the previous hooks back."""

    report = Signal(str, bool)  # text, whether it is a bug

    def __init__(self) -> None:
        super().__init__()
        self.box: QMessageBox | None = None
        # Queued from another thread, direct on the main one: the box always opens there.
        self.report.connect(self._show)
        self._previous_hook = sys.excepthook
        self._previous_qt: Callable | None = None

    def install(self) -> ErrorReporter:
        sys.excepthook = self.excepthook
        self._previous_qt = qInstallMessageHandler(self.qt_message)
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        qInstallMessageHandler(self._previous_qt)

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, exc, tb)
            return
        problem = as_user_error(exc)
        if problem is not None:
            # Something the user can fix that a screen forgot to catch: say it as it is.
            self.report.emit(str(problem), False)
            return
        log_unhandled(kind, exc, tb)
        self.report.emit(unexpected_text(), True)

    def qt_message(self, mode: QtMsgType, context, message: str) -> None:
        level = _QT_LEVELS.get(mode)
        if level is not None:
            qt_log.log(level, "Qt: %s (%s)", message, context.category or "default")
        if self._previous_qt is not None:
            self._previous_qt(mode, context, message)

    @Slot(str, bool)
    def _show(self, text: str, bug: bool) -> None:
        if self.box is not None and self.box.isVisible():
            return  # one box at a time: a bug in a repeated slot must not bury the window
        icon = QMessageBox.Icon.Critical if bug else QMessageBox.Icon.Warning
        box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.Close)
        box.setObjectName("unexpectedErrorBox" if bug else "userErrorBox")
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget_box)
        self.box = box
        box.show()

    @Slot()
    def _forget_box(self) -> None:
        self.box = None
