"""Background operations: results on the main thread, a late progress dialog, a real Cancel."""

import threading

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from sportacu_desktop.ui.operations import BackgroundOp, describe_error
from tests.hang_guard import HANG_GUARD_S


class Stopped(Exception):
    pass


class ShowRecorder(QObject):
    def __init__(self):
        super().__init__()
        self.shown = 0

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Show:
            self.shown += 1
        return False


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_result_arrives_on_the_main_thread_without_a_dialog(qtbot, parent):
    threads = {}
    results = []

    def work(progress):
        threads["work"] = threading.current_thread()
        progress(1, 1)
        return 42

    def done(result):
        threads["done"] = threading.current_thread()
        results.append(result)

    op = BackgroundOp(parent, work, done).with_progress("Counting")
    op.run_in_background()
    recorder = ShowRecorder()
    dialog = op.progress_dialog
    dialog.installEventFilter(recorder)
    qtbot.waitUntil(lambda: results == [42])
    assert threads["work"] is not threading.main_thread()
    assert threads["done"] is threading.main_thread()
    assert recorder.shown == 0
    assert not dialog.isVisible()


def test_slow_work_shows_progress_late_and_cancel_stops_it(qtbot, parent):
    release = threading.Event()
    outcome = []

    def work(progress):
        progress(3, 10)
        release.wait(HANG_GUARD_S)
        if not progress(4, 10):
            raise Stopped
        return "finished"

    op = BackgroundOp(parent, work, outcome.append).cancelled(lambda: outcome.append("cancelled"))
    op.with_progress("Creating a demo clinic…").run_in_background()
    dialog = op.progress_dialog
    assert not dialog.isVisible()  # not at once: quick work never flashes a dialog

    qtbot.waitUntil(dialog.isVisible)
    assert dialog.label_text == "Creating a demo clinic…"
    qtbot.waitUntil(lambda: dialog.progress == (3, 10))

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.label_text == "Cancelling…"
    assert dialog.isVisible()  # until the worker has really stopped
    release.set()
    qtbot.waitUntil(lambda: outcome == ["cancelled"])
    assert not dialog.isVisible()


def test_a_failure_reaches_the_failure_callback(qtbot, parent):
    failures = []

    def work(progress):
        raise ValueError("The number of patients must be between 1 and 20000.")

    BackgroundOp(parent, work, pytest.fail).failure(failures.append).run_in_background()
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert describe_error(failures[0]) == "The number of patients must be between 1 and 20000."


def test_an_unhandled_failure_is_shown_in_words(qtbot, parent):
    def work(progress):
        raise OSError("database or disk is full")

    BackgroundOp(parent, work, pytest.fail).run_in_background()
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox) is not None)
    box = parent.findChild(QMessageBox)
    assert "disk holding the clinic database is full" in box.text()
    box.close()


def test_inline_runner_runs_work_at_once(qtbot, parent, inline_runner):
    ran = []
    results = []
    BackgroundOp(
        parent, lambda progress: ran.append(1) or "ok", results.append, runner=inline_runner
    ).run_in_background()
    assert ran == [1]
    qtbot.waitUntil(lambda: results == ["ok"])
