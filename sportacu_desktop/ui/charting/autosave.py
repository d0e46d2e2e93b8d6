"""Never lose a typed note: the editor's raw state is written as a draft while typing.

A write happens 1.5 s after the last change, and at most 4 s after the first unsaved one
even if typing never pauses, so a crash loses under 5 s of typing. Every focus change in or
out of the editor and closing it write at once. ``write`` only starts a write (the visit
window's runs off the UI thread, so another workstation holding the lock never freezes the
typing); its outcome comes back through ``written`` or ``write_failed``.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from sportacu_desktop.ui.operations import describe_error

log = logging.getLogger(__name__)

IDLE_MS = 1500
MAX_DELAY_MS = 4000


class Autosave(QObject):
    saved = Signal(object)  # datetime of the write
    failed = Signal(str)  # why the draft could not be written (it is retried)

    def __init__(
        self,
        write: Callable[[str], None],
        payload: Callable[[], str],
        window: QWidget,
        *,
        idle_ms: int = IDLE_MS,
        max_delay_ms: int = MAX_DELAY_MS,
    ):
        super().__init__(window)
        self._write = write
        self._payload = payload
        self._window = window
        self.dirty = False
        self.active = True
        self.last_payload: str | None = None
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self.flush)
        self.deadline_timer = QTimer(self)
        self.deadline_timer.setSingleShot(True)
        self.deadline_timer.setInterval(max_delay_ms)
        self.deadline_timer.timeout.connect(self.flush)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def mark_dirty(self) -> None:
        if not self.active:
            return
        self.dirty = True
        self.idle_timer.start()
        if not self.deadline_timer.isActive():
            self.deadline_timer.start()

    def mark_clean(self, payload: str | None = None) -> None:
        """The note was stored another way (saved, signed) or a draft was just loaded."""
        self.dirty = False
        self.last_payload = payload
        self.idle_timer.stop()
        self.deadline_timer.stop()

    def flush(self) -> None:
        """Start a write now if anything changed since the last one."""
        self.idle_timer.stop()
        self.deadline_timer.stop()
        if not (self.active and self.dirty):
            return
        payload = self._payload()
        self.dirty = False
        if payload == self.last_payload:
            return
        # Counted as written from now on; typing meanwhile makes the editor dirty again.
        self.last_payload = payload
        self._write(payload)

    def written(self, when: datetime, payload: str) -> None:
        self.saved.emit(when)

    def write_failed(self, exc: BaseException, payload: str) -> None:
        """Shown to the user and retried, never lost."""
        log.warning("draft not saved", exc_info=exc)
        if self.last_payload == payload:
            self.last_payload = None
        if self.active:
            self.dirty = True
            self.deadline_timer.start()
        self.failed.emit(describe_error(exc))

    def stop(self) -> None:
        """No more drafts (the note is signed or the editor is gone)."""
        if not self.active:
            return
        self.flush()
        self.active = False
        self.idle_timer.stop()
        self.deadline_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.disconnect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not self.dirty:
            return
        inside = [
            w is not None and (w is self._window or self._window.isAncestorOf(w))
            for w in (old, new)
        ]
        if any(inside) or new is None:
            self.flush()
