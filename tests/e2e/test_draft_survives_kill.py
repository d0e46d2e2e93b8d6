"""SIGKILL the app while a visit note is being typed: the draft comes back, minus ≤ 5 s.

A real process runs the real windows (``visit_typing_driver.py``) and types the assessment
without ever pausing, reporting each key with its time. Once the database holds a draft
and typing has gone on a few seconds more, the process is killed with SIGKILL: no close
event, no flush, nothing of the app's shutdown runs. The database is then opened as the
next start would: the draft must be a prefix of what was typed that holds everything typed
up to five seconds before the kill, ``unsigned_drafts()`` must offer it, and a restarted
app must put it back in the editor.
"""

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from tests.e2e.visit_typing_driver import TEXT

DRIVER = Path(__file__).with_name("visit_typing_driver.py")
ROOT = Path(__file__).resolve().parents[2]
ALLOWED_LOSS_S = 5.0
TYPE_ON_AFTER_FIRST_DRAFT_S = 6.5

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


class Driver:
    """The driver process with its output lines queued by a thread, so reads can time out."""

    def __init__(self, *args: str):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def read(self, deadline: float) -> tuple[str, str]:
        """The next line as (first word, rest), before ``deadline``."""
        while time.monotonic() < deadline:
            try:
                word, _, rest = self.lines.get(timeout=0.2).partition(" ")
                return word, rest
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    raise AssertionError(
                        f"driver exited: {self.process.stderr.read()[-2000:]}"
                    ) from None
        raise AssertionError("the driver said nothing before the deadline")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.process.stdout.close()
        self.process.stderr.close()


def draft_assessment(db: Path, visit_id: int) -> str | None:
    """The typed assessment in the draft row, read straight from the file (read-only)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
    try:
        row = connection.execute(
            "SELECT payload FROM visit_draft WHERE visit_id = ?", (visit_id,)
        ).fetchone()
    except sqlite3.OperationalError:  # locked for a moment by the writer: ask again
        return None
    finally:
        connection.close()
    if row is None:
        return None
    return json.loads(row[0])["sections"]["assessment"]["assessment"]


@pytest.fixture
def clinic_file(tmp_path) -> Path:
    path = tmp_path / "clinic.db"
    clinic = Clinic.open(str(path))
    create_demo_clinic(clinic, command_line_actor(), patients=6, seed=4)
    clinic.close()
    return path


def test_typed_note_survives_sigkill_and_is_offered_back(clinic_file):
    typist = Driver("type", str(clinic_file), "1")
    typed: list[tuple[float, int]] = []  # (monotonic time, characters typed by then)
    try:
        deadline = time.monotonic() + 90
        word, visit = typist.read(deadline)
        assert word == "visit", (word, visit)
        visit_id = int(visit)
        kill_at = None
        while True:
            word, rest = typist.read(deadline)
            assert word == "typed", (word, rest)
            at, count = rest.split()
            typed.append((float(at), int(count)))
            if kill_at is None and draft_assessment(clinic_file, visit_id):
                kill_at = time.monotonic() + TYPE_ON_AFTER_FIRST_DRAFT_S
            if kill_at is not None and time.monotonic() >= kill_at:
                break
        typist.process.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        assert typist.process.wait(10) == -signal.SIGKILL
        while not typist.lines.empty():  # keys typed between the last read and the kill
            word, rest = typist.lines.get().partition(" ")[::2]
            if word == "typed":
                at, count = rest.split()
                typed.append((float(at), int(count)))
    finally:
        typist.stop()

    # The next start: open the file as the app does and ask for unsigned drafts.
    clinic = Clinic.open(str(clinic_file))
    try:
        chart = Charting(clinic.session_factory, command_line_actor())
        assert [d.id for d in chart.unsigned_drafts()] == [visit_id]
        saved = json.loads(chart.draft_payload(visit_id))["sections"]["assessment"]["assessment"]
    finally:
        clinic.close()
    total = typed[-1][1]
    assert saved == TEXT[: len(saved)], "the draft holds exactly what was typed, in order"
    by_then = max((count for at, count in typed if at <= killed_at - ALLOWED_LOSS_S), default=0)
    assert by_then > 0, "typing went on for more than 5 s"
    assert by_then <= len(saved) <= total, (
        f"the draft has {len(saved)} of {total} characters typed; "
        f"{by_then} had been typed 5 s before the kill"
    )

    restorer = Driver("restore", str(clinic_file))
    try:
        deadline = time.monotonic() + 60
        word, offer = restorer.read(deadline)
        assert word == "offer"
        assert json.loads(offer).startswith("You have an unsaved visit note for ")
        word, rest = restorer.read(deadline)
        assert word == "restored"
        restored_id, text = rest.split(" ", 1)
        assert (int(restored_id), json.loads(text)) == (visit_id, saved)
        assert restorer.process.wait(30) == 0
    finally:
        restorer.stop()
