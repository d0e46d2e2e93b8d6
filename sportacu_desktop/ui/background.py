"""Short database work off the UI thread: one job at a time, in the order it was asked for.

Saving a note, writing its draft, signing it are each one small transaction, but while
another workstation holds the clinic's write lock the transaction waits its turn, for
seconds. On the UI thread that wait freezes the window; here it happens on a worker thread
while the user goes on typing, and ``waiting_changed`` says when a job has waited longer
than a moment so the window can say why nothing has happened yet.

A job is described on the UI thread by ``prepare``, called only when the job's turn comes:
it reads what it needs then (the note's version after every earlier job's result was
applied) and returns the work, or None when there is nothing left to do. The work runs on
the worker and must not touch a widget; ``done`` and ``failed`` run on the UI thread. A
job still waiting at the end of the line is replaced by a newer one with the same key, so
Saves pressed during a slow first one run once, after it, never beside it.

One worker serves the whole application: SQLite has a single writer anyway, and jobs of
different notes then never race each other.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from shiboken6 import isValid

from sportacu_desktop.services.errors import DatabaseLocked, as_user_error

log = logging.getLogger(__name__)

# A write that takes longer than this is waiting for another workstation: a note's save
# takes a few milliseconds otherwise.
WAIT_NOTICE_MS = 300
# Each attempt waits the engine's busy timeout for the lock; after these the job fails and
# the user is told, with what they typed still in the window.
LOCK_ATTEMPTS = 4

Work = Callable[[], Any]


def is_lock_wait(exc: BaseException) -> bool:
    """Whether ``exc`` only says the database was busy with another workstation's write."""
    return isinstance(as_user_error(exc), DatabaseLocked)


@dataclass(eq=False)
class Job:
    key: Hashable
    prepare: Callable[[], Work | None]
    done: Callable[[Any], None] = lambda _result: None
    failed: Callable[[BaseException], None] = lambda exc: log.warning("job failed", exc_info=exc)
    # Filled in by the worker thread; read on the UI thread once the job has finished.
    outcome: tuple[bool, Any] | None = field(default=None, repr=False)
    delivered: bool = False


class _Relay(QObject):
    """Lives on the UI thread; what the worker emits is queued to it there."""

    finished = Signal(object)
    retrying = Signal()


class _Run(QRunnable):
    def __init__(self, job: Job, work: Work, relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._job = job
        self._work = work
        self._relay = relay

    def run(self) -> None:
        for attempt in range(1, LOCK_ATTEMPTS + 1):
            try:
                self._job.outcome = (True, self._work())
                break
            except BaseException as exc:  # noqa: BLE001 - every failure reaches the UI thread
                # A unit of work that found the database locked did nothing: run it again.
                if attempt < LOCK_ATTEMPTS and is_lock_wait(exc):
                    self._relay.retrying.emit()
                    continue
                self._job.outcome = (False, exc)
                break
        self._relay.finished.emit(self._job)


class SerialWorker(QObject):
    waiting_changed = Signal(bool)  # True: the running job waits for another workstation
    idle = Signal()  # nothing running, nothing queued

    _shared: SerialWorker | None = None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._queue: deque[Job] = deque()
        self._running: Job | None = None
        self.waiting = False
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay.retrying.connect(self._notice_wait, Qt.ConnectionType.QueuedConnection)
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.setInterval(WAIT_NOTICE_MS)
        self._wait_timer.timeout.connect(self._notice_wait)

    @classmethod
    def shared(cls) -> SerialWorker:
        if cls._shared is None:
            cls._shared = cls()
            app = QCoreApplication.instance()
            if app is not None:
                # What was asked for is stored before the process ends, even when the
                # app quits while another workstation holds the lock.
                app.aboutToQuit.connect(cls._shared.finish)
        return cls._shared

    # --- asking ----------------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        if self._queue and self._queue[-1].key == job.key:
            # Coalesced: the newer request replaces the older one still waiting. Only the
            # last in line is replaced, so a job never jumps ahead of one asked for after it
            # (a draft written before the save that clears it would be lost).
            self._queue[-1] = job
        else:
            self._queue.append(job)
        self._start_next()

    def busy(self, key_test: Callable[[Hashable], bool] | None = None) -> bool:
        jobs = list(self._queue) + ([self._running] if self._running else [])
        return any(key_test is None or key_test(job.key) for job in jobs)

    def finish(self) -> None:
        """Run everything asked for to its end, blocking: only when the application quits,
        so no typing is dropped with the last window."""
        while self._running is not None or self._queue:
            if self._running is not None:
                self._pool.waitForDone()
                self._deliver(self._running)
            else:
                self._start_next(inline=True)

    # --- running ---------------------------------------------------------------------------

    def _start_next(self, *, inline: bool = False) -> None:
        while self._running is None and self._queue:
            job = self._queue.popleft()
            try:
                work = job.prepare()
            except Exception as exc:  # noqa: BLE001 - a bug in prepare fails this job only
                job.failed(exc)
                continue
            if work is None:
                job.done(None)
                continue
            self._running = job
            if inline:
                _Run(job, work, self._relay).run()
                self._deliver(job)
                return
            self._wait_timer.start()
            self._pool.start(_Run(job, work, self._relay))
        if self._running is None and not self._queue:
            self._set_waiting(False)
            self.idle.emit()

    @Slot(object)
    def _deliver(self, job: Job) -> None:
        if job.delivered or job.outcome is None:
            return
        job.delivered = True
        if job is self._running:
            self._running = None
        self._wait_timer.stop()
        self._set_waiting(False)
        ok, value = job.outcome
        try:
            job.done(value) if ok else job.failed(value)
        finally:
            self._start_next()

    @Slot()
    def _notice_wait(self) -> None:
        if self._running is not None:
            self._set_waiting(True)

    def _set_waiting(self, waiting: bool) -> None:
        if waiting != self.waiting:
            self.waiting = waiting
            self.waiting_changed.emit(waiting)


class _Answer(QObject):
    answered = Signal(int, bool, object)  # serial, succeeded, result or error


class _Query(QRunnable):
    def __init__(self, serial: int, work: Work, relay: _Answer):
        super().__init__()
        self.setAutoDelete(True)
        self._serial = serial
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            answer = (True, self._work())
        except BaseException as exc:  # noqa: BLE001 - reaches the UI thread
            answer = (False, exc)
        # RuntimeError: the application is shutting down and nobody waits for the answer.
        with contextlib.suppress(RuntimeError):
            self._relay.answered.emit(self._serial, *answer)


class LatestOnly(QObject):
    """Reads off the UI thread where only the answer to the latest question counts (a
    search as the user types): an older answer arriving late is dropped, never shown."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._serial = 0
        self._pending: tuple[Callable[[Any], None], Callable[[BaseException], None]] | None
        self._pending = None
        # Without a parent: it may outlive this object while a query finishes.
        self._relay = _Answer()
        self._relay.answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def asking(self) -> bool:
        return self._pending is not None

    def ask(
        self,
        work: Work,
        answer: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self._serial += 1
        self._pool.clear()  # questions not yet started are moot
        self._pending = (answer, failed)
        self._pool.start(_Query(self._serial, work, self._relay))

    def forget(self) -> None:
        """Whatever is being asked is no longer wanted."""
        self._serial += 1
        self._pending = None

    def wait(self) -> None:
        self._pool.waitForDone()

    @Slot(int, bool, object)
    def _deliver(self, serial: int, ok: bool, value: Any) -> None:
        if serial != self._serial or self._pending is None or not isValid(self):
            return
        answer, failed = self._pending
        self._pending = None
        answer(value) if ok else failed(value)
