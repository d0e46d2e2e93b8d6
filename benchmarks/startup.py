"""Start-up, measured on the whole process as a user sees it.

Each measurement is a fresh interpreter started the way the app starts
(``sportacu_desktop.entry.main``) and timed from before ``exec`` to the first painted
frame of its first window; a bare PySide6 window started the same way, in the same run,
is the yardstick. Signing in is timed from the click on Sign In (once the clinic is open)
to the first painted frame of the main window. Prints numbers; asserts nothing. Run:

    .venv/bin/python benchmarks/startup.py --db /tmp/sportacu-bench/clinic-5000.db
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sportacu_desktop.services.demo import DEMO_PASSWORD

# The child: the same QApplication for both kinds, and an event filter that notices the
# first paint of a window. "bare" shows an empty QMainWindow; "app" runs the real entry
# point; "sign-in" also signs in once the clinic is open and waits for the main window
# (the main window's first event, as it is being built, marks the password as checked).
PROBE = r"""
import os, resource, sys, time
kind, db, password = sys.argv[1], sys.argv[2], sys.argv[3]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])

def report(*values):
    print(*values, flush=True)
    os._exit(0)

class Painted(QObject):
    def __init__(self):
        super().__init__()
        self.clicked = None
        self.checked = None
    def eventFilter(self, watched, event):
        if self.clicked and self.checked is None and type(watched).__name__ == "MainWindow":
            # The window's first event: the password was checked, the window is being built.
            self.checked = time.perf_counter() - self.clicked
        if event.type() != QEvent.Type.Paint or not watched.isWidgetType():
            return False
        if not watched.isWindow():
            return False
        name = type(watched).__name__
        if kind != "sign-in":
            report(time.time(), name)
        if name == "SignInDialog" and self.clicked is None:
            self.clicked = 0.0
            QTimer.singleShot(0, lambda: self.sign_in(watched))
        elif name == "MainWindow" and self.clicked:
            elapsed = time.perf_counter() - self.clicked
            rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            report(elapsed * 1000, rss_mb, self.checked * 1000)
        return False
    def sign_in(self, dialog):
        if not dialog.clinic_is_open:
            QTimer.singleShot(10, lambda: self.sign_in(dialog))
            return
        dialog.username.setText("dwhitcomb")
        dialog.password.setText(password)
        self.clicked = time.perf_counter()
        dialog.sign_in_button.click()

painted = Painted()
app.installEventFilter(painted)
if kind == "bare":
    window = QMainWindow()
    window.show()
    app.exec()
else:
    from sportacu_desktop.entry import main
    main(["--db", db])
print("no window was painted", file=sys.stderr)
sys.exit(1)
"""


def _child(kind: str, db: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", PROBE, kind, str(db), DEMO_PASSWORD],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the {kind} start-up probe failed: {out.stderr.strip()[-500:]}")
    fields = out.stdout.split()
    if kind == "sign-in":
        return fields
    return [str((float(fields[0]) - started) * 1000), fields[1]]


def first_window(db: Path, runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds from exec to the first painted frame: (bare PySide6, the app), runs
    interleaved so both see the same load on the machine."""
    bare, app = [], []
    for _ in range(runs):
        bare.append(float(_child("bare", db)[0]))
        app.append(float(_child("app", db)[0]))
    return bare, app


def sign_in(db: Path, runs: int) -> tuple[list[float], list[float], float]:
    """Milliseconds from Sign In to the main window's first frame, the part of it spent
    checking the password (Argon2, deliberately slow), and the peak resident memory (MB)
    of the app with the main window open."""
    times, checks, peak = [], [], 0.0
    for _ in range(runs):
        elapsed, rss, checked = _child("sign-in", db)
        times.append(float(elapsed))
        checks.append(float(checked))
        peak = max(peak, float(rss))
    return times, checks, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bare, app = first_window(args.db, args.runs)
    print(f"bare PySide6 window  median {statistics.median(bare):7.0f} ms  {sorted(bare)}")
    print(f"first app window     median {statistics.median(app):7.0f} ms  {sorted(app)}")
    print(f"ratio                {statistics.median(app) / statistics.median(bare):7.2f} x")
    times, checks, peak = sign_in(args.db, args.runs)
    print(f"sign-in to main window median {statistics.median(times):5.0f} ms  {sorted(times)}")
    print(f"  of which the password check {statistics.median(checks):5.0f} ms")
    print(f"peak memory with the main window open {peak:.0f} MB")


if __name__ == "__main__":
    main()
