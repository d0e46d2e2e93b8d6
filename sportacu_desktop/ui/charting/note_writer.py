"""Storing one visit note off the UI thread: its drafts, saves and signing, in order.

Each request takes what the form holds when it is made (so typing that goes on during a
slow write is neither in it nor overwritten by it) and runs on the application's
``SerialWorker``; the note's version is read only when the request's turn comes, after the
earlier save's result was applied, so a second Save never trips over the first.

The writer is not a child of the visit window: a note closed while its last save waits for
another workstation is still stored, after the window has gone (``detach``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from sportacu_desktop.domain.visits import VisitContent, VisitNote
from sportacu_desktop.ui.background import Job, SerialWorker

log = logging.getLogger(__name__)


class NoteWriter(QObject):
    draft_saved = Signal(object, str)  # when, the payload written
    draft_failed = Signal(object, str)  # the error, the payload not written
    saved = Signal(object, str)  # the stored VisitNote, the editor payload it came from
    save_failed = Signal(object, bool)  # the error, quiet
    signed = Signal(object)  # the signed VisitNote
    sign_failed = Signal(object)
    waiting_changed = Signal(bool)  # a write of this note waits for another workstation

    def __init__(self, charting, note: VisitNote, worker: SerialWorker | None = None):
        super().__init__()
        self._charting = charting
        self.note = note
        self.worker = worker or SerialWorker.shared()
        self.attached = True
        self.worker.waiting_changed.connect(self._worker_waiting)

    @property
    def visit_id(self) -> int:
        return self.note.id

    @property
    def busy(self) -> bool:
        """A write of this note is running or waiting its turn."""
        return self.worker.busy(lambda key: key[1] == self.visit_id)

    @property
    def signing(self) -> bool:
        return self.worker.busy(lambda key: key == ("sign", self.visit_id))

    # --- requests ------------------------------------------------------------------------

    def write_draft(self, payload: str) -> None:
        def prepare():
            return lambda: self._charting.autosave(self.visit_id, payload)

        self._submit(
            "draft",
            prepare,
            lambda when: self._tell(self.draft_saved, when, payload),
            lambda exc: self._tell(self.draft_failed, exc, payload),
        )

    def save(self, content: VisitContent, payload: str, *, quiet: bool = False) -> None:
        def prepare():
            version = self.note.version
            return lambda: self._charting.save(self.visit_id, content, version)

        def done(note: VisitNote) -> None:
            self.note = note
            self._tell(self.saved, note, payload)

        self._submit("save", prepare, done, lambda exc: self._tell(self.save_failed, exc, quiet))

    def sign(self, content: VisitContent) -> None:
        def prepare():
            version = self.note.version
            return lambda: self._charting.sign(self.visit_id, content, version)

        def done(note: VisitNote) -> None:
            self.note = note
            self._tell(self.signed, note)

        self._submit("sign", prepare, done, lambda exc: self._tell(self.sign_failed, exc))

    def detach(self) -> None:
        """The window is closing: what was asked for is still stored, nothing is shown."""
        self.attached = False
        self.worker.waiting_changed.disconnect(self._worker_waiting)

    # --- plumbing ------------------------------------------------------------------------

    def _submit(self, kind: str, prepare, done, failed) -> None:
        self.worker.submit(Job((kind, self.visit_id), prepare, done, failed))

    def _tell(self, signal, *args: Any) -> None:
        if self.attached:
            signal.emit(*args)
            return
        # Nobody is looking any more: a failure still goes to the log (the draft written
        # before the closing save keeps what was typed).
        problem = next((a for a in args if isinstance(a, BaseException)), None)
        if problem is not None:
            log.warning(
                "visit %s not stored after its window closed", self.visit_id, exc_info=problem
            )

    def _worker_waiting(self, waiting: bool) -> None:
        self.waiting_changed.emit(waiting and self.busy)
