"""The longest UI-thread stall while another workstation holds the clinic's write lock.

Prints numbers; asserts nothing. One measurement per process (run it again for more):

    .venv/bin/python benchmarks/ui_stall.py [--patients 200] [--db PATH] [--hold 3]

Opens the main window on a demo clinic (built once under /tmp/sportacu-bench), starts a
note, and while a second process holds ``BEGIN IMMEDIATE`` on the same file for ``hold``
seconds, works through the real widgets: types and saves, writes the draft, types a patient
search, saves again. A 5 ms timer ticks on the UI thread throughout; the longest gap
between two ticks, until the lock is released and the note is stored, is the stall.
``measure_ui_stall(db_path)`` is what ``python -m benchmarks`` calls.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.suite import BENCH_FOLDER, build_clinic  # noqa: E402

BUDGET_MS = 100.0
TICK_MS = 5
TYPED = "Lateral knee pain on descents"
MORE = ", settling with load management"
HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
print("released", flush=True)
"""


def _start_visit(window):
    """A new note's window on the first patient that has at most one open episode."""
    for patient_id in window.context.patients.search_ids(""):
        window.open_patient(patient_id)
        visit = window.charting.new_visit(copy_forward=False)
        if visit is not None:
            return visit
    raise RuntimeError("no patient in this clinic can start a visit")


def measure_ui_stall(db_path, hold_s: float = 3.0) -> float:
    """Milliseconds of the longest gap between UI event-loop ticks while the lock is held."""
    return measure_stalls(db_path, hold_s)[0]


def measure_stalls(db_path, hold_s: float = 3.0) -> tuple[float, float]:
    """The longest gaps (ms) between UI ticks: one that began while the other process
    held the lock, and any until the note was stored (the chart's refresh included)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from shiboken6 import isValid

    from sportacu_desktop.services.context import Clinic, command_line_actor
    from sportacu_desktop.ui.app_context import AppContext
    from sportacu_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    clinic = Clinic.open(str(db_path))
    state = Path(tempfile.mkdtemp(prefix="sportacu-stall-")) / "window.ini"
    window = MainWindow(
        AppContext.create(clinic, command_line_actor()),
        settings=QSettings(str(state), QSettings.Format.IniFormat),
    )
    # A desktop's size: the offscreen screen is small enough to squeeze the chart's panels,
    # and every squeeze would redraw its outcome figure.
    window.resize(1600, 1000)
    window.show()
    visit = _start_visit(window)
    box = visit.editor.assessment.boxes["assessment"]
    # The windows' first paint (the outcome figure's) is start-up, not a stall: done first.
    QTest.qWaitForWindowExposed(visit)
    QTest.qWait(500)
    window.grab()
    visit.grab()
    QTest.qWait(500)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path), str(hold_s)],
        stdout=subprocess.PIPE,
        text=True,
    )
    events = {"locked": threading.Event(), "released": threading.Event()}
    released_at: list[float] = []  # when each line was read: locked, then released

    def follow() -> None:
        for line in holder.stdout:
            word = line.strip()
            if word in events:
                released_at.append(time.perf_counter())
                events[word].set()

    threading.Thread(target=follow, daemon=True).start()
    if not events["locked"].wait(60):
        raise RuntimeError("the second process never took the lock")

    started = time.perf_counter()
    gaps = {"last": started, "longest": 0.0, "held": 0.0, "started": started}

    def tick() -> None:
        now = time.perf_counter()
        if os.environ.get("SPORTACU_STALL_STACKS") and now - gaps["last"] > 0.05:
            print(
                f"gap {1000 * (now - gaps['last']):.0f} ms at {now - started:.2f} s",
                file=sys.stderr,
            )
        gaps["longest"] = max(gaps["longest"], now - gaps["last"])
        if not events["released"].is_set() or gaps["last"] < released_at[-1]:
            # The gap began while the other process still held the lock.
            gaps["held"] = max(gaps["held"], now - gaps["last"])
        gaps["last"] = now

    def type_and_save() -> None:
        box.setFocus()
        QTest.keyClicks(box, TYPED)
        visit.save()

    def type_more_and_write_draft() -> None:
        QTest.keyClicks(box, MORE)
        visit.autosave.mark_dirty()
        visit.autosave.flush()

    def search() -> None:
        QTest.keyClicks(window.search_panel.search_box, "ru")

    deadline = time.perf_counter() + hold_s + 30

    def stored() -> bool:
        # Read as another program would: the note's service records each read in the
        # audit trail, a write that would itself wait for the lock on this thread.
        with sqlite3.connect(str(db_path)) as connection:
            (assessment,) = connection.execute(
                "SELECT assessment FROM visit WHERE id = ?", (visit.note.id,)
            ).fetchone()
        return assessment.startswith(TYPED)

    def check_done() -> None:
        if time.perf_counter() > deadline or (events["released"].is_set() and stored()):
            ticker.stop()  # measured up to here: what follows is quitting
            app.quit()

    if os.environ.get("SPORTACU_STALL_STACKS"):
        _watch_stalls(gaps)
    ticker = QTimer()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(tick)
    ticker.start()
    for at_ms, step in (
        (100, type_and_save),
        (600, type_more_and_write_draft),
        (1000, search),
        (1500, visit.save),
    ):
        QTimer.singleShot(at_ms, step)
    checker = QTimer()
    checker.setInterval(50)
    checker.timeout.connect(check_done)
    checker.start()
    app.exec()
    ticker.stop()
    checker.stop()
    held_ms, longest_ms = gaps["held"] * 1000, gaps["longest"] * 1000
    holder.wait()
    if isValid(visit):
        visit.close()
    try:
        from sportacu_desktop.ui.background import SerialWorker
    except ImportError:  # a build from before writes left the UI thread
        pass
    else:
        SerialWorker.shared().finish()
    getattr(window.search_panel.model, "wait_for_search", lambda: None)()
    window.close()
    window.deleteLater()
    clinic.close()
    if not stored():
        raise RuntimeError("the note was not stored after the lock was released")
    return held_ms, longest_ms


def _watch_stalls(gaps: dict) -> None:
    """Prints where the UI thread is while it has not ticked for 50 ms (for finding why)."""
    import traceback

    main_id = threading.main_thread().ident

    def watch() -> None:
        while True:
            time.sleep(0.05)
            if time.perf_counter() - gaps["last"] > 0.05:
                for ident, frame in sys._current_frames().items():
                    if ident == threading.get_ident():
                        continue
                    who = "UI" if ident == main_id else "worker"
                    stack = "".join(traceback.format_stack(frame)[-40:])
                    print(
                        f"--- {who} at {time.perf_counter() - gaps['started']:.2f}\n{stack}",
                        file=sys.stderr,
                    )

    threading.Thread(target=watch, daemon=True).start()


def demo_clinic(patients: int) -> Path:
    db = BENCH_FOLDER / f"stall-{patients}.db"
    build_clinic(db, patients)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=200)
    parser.add_argument("--db", type=Path, help="an existing clinic file (it gets a new note)")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds the lock is held")
    args = parser.parse_args()
    db = args.db or demo_clinic(args.patients)
    held, whole = measure_stalls(db, args.hold)
    for label, value in (
        (f"while a {args.hold:g} s write lock is held", held),
        ("until the note is stored, chart refresh included", whole),
    ):
        verdict = "ok" if value <= BUDGET_MS else "OVER BUDGET"
        print(f"longest UI stall {label}: {value:.0f} ms (budget {BUDGET_MS:.0f} ms) {verdict}")


if __name__ == "__main__":
    main()
