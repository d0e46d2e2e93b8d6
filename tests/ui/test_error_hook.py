"""A bug in a slot ends in the log and a message box, not in a lost traceback."""

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from sportacu_desktop.domain.errors import Conflict
from sportacu_desktop.log_file import start_logging, stop_logging
from sportacu_desktop.ui.error_hook import ErrorReporter
from sportacu_desktop.ui.operations import BackgroundOp, describe_error

PATIENT = "Zebulon Quackenbush"


@pytest.fixture
def log(tmp_path):
    path = start_logging(tmp_path / "log")
    yield path
    stop_logging()


@pytest.fixture
def reporter(qapp):
    installed = ErrorReporter().install()
    yield installed
    if installed.box is not None:
        installed.box.close()
    installed.uninstall()


def log_text(path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def open_chart():
    raise KeyError(f"chart of {PATIENT}")


def button_that_runs(qtbot, slot) -> QPushButton:
    button = QPushButton("Open")
    qtbot.addWidget(button)
    button.clicked.connect(slot)
    return button


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_exception_in_a_slot_is_logged_and_shown(qtbot, log, reporter):
    button_that_runs(qtbot, open_chart).click()
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    box = reporter.box
    assert box.objectName() == "unexpectedErrorBox"
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text() == (
        "Something went wrong and the last action may not have been completed. Everything "
        "saved before is kept, and a visit note being typed is kept as a draft. "
        f"The details were written to {log}."
    )
    text = log_text(log)
    assert "ERROR sportacu_desktop.bug pid=" in text and "unhandled exception" in text
    assert "in open_chart" in text and "\nKeyError\n" in text
    assert PATIENT not in text


@pytest.mark.qt_no_exception_capture
def test_a_second_bug_does_not_stack_a_second_box(qtbot, log, reporter):
    button = button_that_runs(qtbot, open_chart)
    button.click()
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    first = reporter.box
    button.click()
    assert log_text(log).count("unhandled exception") == 2
    assert reporter.box is first
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)] == [first]


@pytest.mark.qt_no_exception_capture
def test_a_problem_the_user_can_fix_is_shown_as_it_is_and_not_logged(qtbot, log, reporter):
    def sign():
        raise Conflict(f"The note of {PATIENT} was signed on another workstation.")

    button_that_runs(qtbot, sign).click()
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    assert reporter.box.objectName() == "userErrorBox"
    assert reporter.box.text() == f"The note of {PATIENT} was signed on another workstation."
    assert "ERROR" not in log_text(log) and PATIENT not in log_text(log)


@pytest.mark.qt_log_ignore("^a test warning from Qt$")
def test_qt_warnings_go_to_the_log(qtbot, log, reporter):
    qWarning("a test warning from Qt")
    assert "WARNING sportacu_desktop.qt" in log_text(log)
    assert "Qt: a test warning from Qt (default)" in log_text(log)


def test_uninstalling_puts_the_previous_hooks_back(qapp):
    import sys

    before = sys.excepthook
    reporter = ErrorReporter().install()
    assert sys.excepthook == reporter.excepthook
    reporter.uninstall()
    assert sys.excepthook is before


def test_a_bug_in_background_work_is_logged_and_said_in_words(qtbot, log):
    failures = []

    def work(progress):
        raise ZeroDivisionError(f"visits of {PATIENT}")

    parent = QPushButton()
    qtbot.addWidget(parent)
    BackgroundOp(parent, work, pytest.fail).failure(failures.append).run_in_background()
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert describe_error(failures[0], failed="the superbills were not printed") == (
        "Something went wrong: the superbills were not printed (ZeroDivisionError). "
        f"The details were written to {log}."
    )
    text = log_text(log)
    assert "in work" in text and "\nZeroDivisionError\n" in text
    assert PATIENT not in text
