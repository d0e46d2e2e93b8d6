"""The single writer: jobs in order, the latest of a kind coalesced, a lock timeout retried."""

import sqlite3
import threading

from sportacu_desktop.ui.background import LOCK_ATTEMPTS, Job, SerialWorker
from tests.hang_guard import HANG_GUARD_S


def test_jobs_run_in_order_and_a_waiting_one_is_replaced_by_a_newer_one(qtbot):
    worker = SerialWorker()
    gate = threading.Event()
    ran: list[str] = []

    def job(key, name: str, wait: bool = False) -> Job:
        def work() -> str:
            if wait:
                assert gate.wait(HANG_GUARD_S)
            return name

        return Job(key, lambda: work, ran.append)

    worker.submit(job(("save", 1), "first save", wait=True))
    worker.submit(job(("save", 1), "second save"))
    worker.submit(job(("save", 1), "third save"))  # replaces the second, still waiting
    worker.submit(job(("draft", 1), "draft"))
    worker.submit(job(("save", 1), "fourth save"))  # after the draft: not coalesced with it
    assert worker.busy()
    with qtbot.waitSignal(worker.idle):
        gate.set()
    assert ran == ["first save", "third save", "draft", "fourth save"]
    assert not worker.busy()


def test_a_unit_of_work_that_found_the_file_locked_runs_again(qtbot):
    worker = SerialWorker()
    attempts: list[int] = []
    done: list[str] = []

    def work() -> str:
        attempts.append(1)
        if len(attempts) < LOCK_ATTEMPTS:
            raise sqlite3.OperationalError("database is locked")
        return "stored"

    said: list[bool] = []
    worker.waiting_changed.connect(said.append)
    with qtbot.waitSignal(worker.idle):
        worker.submit(Job(("save", 1), lambda: work, done.append))
    assert done == ["stored"] and len(attempts) == LOCK_ATTEMPTS
    assert said == [True, False]  # "waiting for another workstation", then cleared


def test_a_file_locked_for_too_long_fails_and_says_so(qtbot):
    worker = SerialWorker()
    failures: list[BaseException] = []

    def work():
        raise sqlite3.OperationalError("database is locked")

    with qtbot.waitSignal(worker.idle):
        worker.submit(Job(("save", 1), lambda: work, failed=failures.append))
    assert "database is locked" in str(failures[0])
