"""Long work off the UI thread: one worker, results delivered to the main thread by signal.

Work functions receive a ``progress(done, total) -> bool`` callable they can hand straight
to a service. They run on the worker thread and must never touch a widget; everything
visible happens in the ``success`` / ``failure`` / ``cancelled`` callbacks, which run on
the main thread.

Only one worker exists so database writes never race each other (a single writer, as
SQLite wants). Tests may build a ``TaskRunner(inline=True)`` to run work synchronously.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from sportacu_desktop.services.errors import user_message
from sportacu_desktop.ui.progress import DelayedProgressDialog

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int], bool]


class ProgressHandle:
    """What the worker calls to report progress; returns False once the user cancelled."""

    # A service may report after every row; the screen needs a few updates a second at most.
    MIN_INTERVAL_S = 0.05

    def __init__(self, report: Callable[[int, int], None]):
        self._report = report
        self._cancelled = threading.Event()
        self._last_report = 0.0

    def __call__(self, done: int, total: int) -> bool:
        if self._cancelled.is_set():
            return False
        now = time.monotonic()
        if done >= total or now - self._last_report >= self.MIN_INTERVAL_S:
            self._last_report = now
            self._report(done, total)
        return True

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class _Relay(QObject):
    """Lives on the main thread; signals the worker emits are queued to its slots there.

    The slots are methods of this QObject (not plain callables) so Qt knows which thread
    must run them.
    """

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, on_finished: Callable[[Any], None], on_failed: Callable[[Any], None]):
        super().__init__()
        self._on_finished = on_finished
        self._on_failed = on_failed
        self.finished.connect(self._deliver_result, Qt.QueuedConnection)
        self.failed.connect(self._deliver_failure, Qt.QueuedConnection)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        self._on_finished(result)

    @Slot(object)
    def _deliver_failure(self, exc: Any) -> None:
        self._on_failed(exc)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], handle: ProgressHandle, relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._handle = handle
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work(self._handle)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the UI thread
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class TaskRunner:
    """A single-worker executor shared by the whole application."""

    _shared: TaskRunner | None = None

    def __init__(self, *, inline: bool = False):
        self.inline = inline
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._running: set[BackgroundOp] = set()

    @classmethod
    def shared(cls) -> TaskRunner:
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def submit(self, work: Callable[[Progress], Any], handle: ProgressHandle, relay: _Relay):
        if self.inline:
            _Job(work, handle, relay).run()
        else:
            self._pool.start(_Job(work, handle, relay))

    def keep(self, op: BackgroundOp) -> None:
        self._running.add(op)

    def release(self, op: BackgroundOp) -> None:
        self._running.discard(op)

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Ask running work to stop and wait for it; used when the app quits."""
        for op in list(self._running):
            op.cancel()
        return self._pool.waitForDone(timeout_ms)


class BackgroundOp(Generic[T]):
    """One piece of long work, in the spirit of Anki's QueryOp/CollectionOp.

    ``BackgroundOp(parent, work, success).with_progress("Creating…").run_in_background()``
    """

    def __init__(
        self,
        parent: QWidget,
        work: Callable[[Progress], T],
        success: Callable[[T], None],
        *,
        runner: TaskRunner | None = None,
    ):
        self._parent = parent
        self._work = work
        self._success = success
        self._failure: Callable[[BaseException], None] = self._show_failure
        self._on_cancelled: Callable[[], None] = lambda: None
        self._runner = runner or TaskRunner.shared()
        self._label: str | None = None
        self._cancellable = True
        self._delay_ms = DelayedProgressDialog.DEFAULT_DELAY_MS
        self._dialog: DelayedProgressDialog | None = None
        self._relay = _Relay(self._finished, self._failed)
        self._handle = ProgressHandle(self._relay.progressed.emit)

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp[T]:
        self._failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> BackgroundOp[T]:
        self._on_cancelled = callback
        return self

    def with_progress(
        self, label: str, *, cancellable: bool = True, delay_ms: int | None = None
    ) -> BackgroundOp[T]:
        self._label = label
        self._cancellable = cancellable
        if delay_ms is not None:
            self._delay_ms = delay_ms
        return self

    @property
    def progress_dialog(self) -> DelayedProgressDialog | None:
        return self._dialog

    def cancel(self) -> None:
        self._handle.cancel()

    def run_in_background(self) -> None:
        if self._label is not None:
            self._dialog = DelayedProgressDialog(
                self._parent, self._label, cancellable=self._cancellable, delay_ms=self._delay_ms
            )
            self._dialog.cancel_requested.connect(self.cancel)
            self._relay.progressed.connect(self._dialog.set_progress, Qt.QueuedConnection)
            self._dialog.start()
        self._runner.keep(self)
        self._runner.submit(self._work, self._handle, self._relay)

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.finish()
            self._dialog = None

    def _finished(self, result: T) -> None:
        self._close_dialog()
        self._runner.release(self)
        self._success(result)

    def _failed(self, exc: BaseException) -> None:
        self._close_dialog()
        self._runner.release(self)
        if self._handle.cancelled:
            # The service stopped because progress() returned False: a choice, not an error.
            self._on_cancelled()
            return
        self._failure(exc)

    def _show_failure(self, exc: BaseException) -> None:
        show_error(self._parent, exc)


def describe_error(exc: BaseException) -> str:
    """A sentence for the user; bugs get a generic one and their traceback goes to the log."""
    known = user_message(exc)
    if known:
        return known
    if isinstance(exc, ValueError):
        return str(exc)
    if isinstance(exc, PermissionError) and exc.errno is None:
        # A service refusing the user's role (PermissionDenied) or an action; not a file.
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return f"Something went wrong and the action was not completed ({type(exc).__name__})."


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, "SportAcu Desktop", describe_error(exc))
    box.setParent(parent, box.windowFlags())
    box.setWindowModality(Qt.WindowModal)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    return box
