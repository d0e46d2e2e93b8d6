"""Measurements through the real main window: patient search through its Qt model,
opening a chart, and how long the UI thread stalls while another workstation writes.

Used by ``python -m benchmarks``; asserts nothing. The window is built for the demo
clinic's owner (administrator and practitioner), as signing in would.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sportacu_desktop.services.context import Clinic  # noqa: E402
from sportacu_desktop.services.demo import DEMO_PASSWORD  # noqa: E402
from sportacu_desktop.services.users import authenticate  # noqa: E402
from sportacu_desktop.ui.app_context import AppContext  # noqa: E402
from sportacu_desktop.ui.main_window import MainWindow  # noqa: E402

TYPED = ["nguyen", "zoe", "o'brien", "sa-0012", "1990-03", "207 555", "marcus", "okafor"]
VISIBLE_ROWS = 40  # what a patient list shows on a laptop screen

# Another workstation: takes the write lock, says so, holds it, lets go.
WRITER = r"""
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


def _quiet_offscreen(_mode, _context, message: str) -> None:
    # The offscreen platform says what it cannot do for every window; the table stays clean.
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def application() -> QApplication:
    qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def main_window(clinic: Clinic, settings_folder: Path) -> MainWindow:
    application()
    actor = authenticate(clinic.session_factory, "dwhitcomb", DEMO_PASSWORD)
    settings = QSettings(str(settings_folder / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext.create(clinic, actor), settings=settings)
    window.show()
    application().processEvents()
    return window


def search_keystrokes(window: MainWindow, repeat: int) -> tuple[list[float], list[float]]:
    """Milliseconds per keystroke on the UI thread (the search the box runs, then the rows
    a view shows), and milliseconds until the whole list of a search with more matches
    than the first screenful is in (read on the worker meanwhile)."""
    app = application()
    panel, model = window.search_panel, window.search_panel.model
    times, whole = [], []
    for _ in range(repeat):
        for word in TYPED:
            for end in range(1, len(word) + 1):
                panel.search_box.setText(word[:end])
                started = time.perf_counter()
                panel.run_search()
                for row in range(min(VISIBLE_ROWS, model.rowCount())):
                    for column in range(model.columnCount()):
                        model.index(row, column).data()
                times.append((time.perf_counter() - started) * 1000)
                # Keys come a tenth of a second apart or more: the rest of a long list
                # arrives before the next one, as it would while a person types.
                while not model.complete:
                    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
                    if model.complete:
                        whole.append((time.perf_counter() - started) * 1000)
    panel.search_box.clear()
    panel.run_search()
    while not model.complete:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    return times, whole


def open_chart(window: MainWindow, patient_id: int, repeat: int) -> list[float]:
    """Milliseconds to open the patient and lay out what the window then shows (opening
    clears the previous patient first, so nothing of it is reused)."""
    app = application()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        window.open_patient(patient_id)
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    return times


def longest_stall(window: MainWindow, db: Path, patient_id: int, hold_s: float = 3.0) -> float:
    """The longest the UI thread went without turning its event loop (milliseconds) while
    another process held the write lock for ``hold_s``: meanwhile the user saves a visit
    note and searches for a patient, through the window as a user would."""
    app = application()
    window.open_patient(patient_id)
    visit = window.charting.new_visit(copy_forward=True)
    if visit is None:
        raise RuntimeError("could not start a visit note for the stall measurement")
    app.processEvents()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(hold_s)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    if writer.stdout.readline().strip() != "locked":
        raise RuntimeError("the other workstation could not take the write lock")
    ticks: list[float] = []
    loop = QEventLoop()
    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        ticks.append(time.perf_counter())
        if writer.poll() is not None and ticks[-1] - ticks[0] > hold_s + 0.5:
            loop.quit()

    ticker.timeout.connect(tick)
    ticker.start()
    QTimer.singleShot(50, lambda: visit.save(quiet=True))
    QTimer.singleShot(100, lambda: window.search_panel.search_box.setText("nguy"))
    QTimer.singleShot(110, window.search_panel.run_search)
    loop.exec()
    ticker.stop()
    writer.wait()
    visit.hide()  # not closed: a close could stop to ask about the note
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)]
    return max(gaps) * 1000 if gaps else float("nan")


def measure(
    clinic: Clinic, work_db: Path, patient_id: int, repeat: int
) -> dict[str, list[float] | float]:
    """Every UI measurement on one main window for the owner of ``clinic`` (a working
    copy at ``work_db``: the stall measurement saves a visit note)."""
    with tempfile.TemporaryDirectory(prefix="sportacu-bench-ui-") as folder:
        window = main_window(clinic, Path(folder))
        try:
            return {
                **dict(
                    zip(("search", "whole list"), search_keystrokes(window, repeat), strict=True)
                ),
                "open": open_chart(window, patient_id, max(3, repeat * 2)),
                "stall": longest_stall(window, work_db, patient_id),
            }
        finally:
            window.hide()
            window.deleteLater()
            application().processEvents()
