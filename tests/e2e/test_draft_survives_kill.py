"""SIGKILL the app while a visit note is being typed: the draft comes back.

A real process runs the real windows (``visit_typing_driver.py``) and types the assessment
without ever pausing long enough for the idle save, reporting each key and each draft the
app stores. Once the app has stored drafts while typing went on, and more was typed after
the last one, the process is killed with SIGKILL: no close event, no flush, nothing of the
app's shutdown runs. The database is then opened as the next start would: the draft must
be exactly the start of what was typed and hold at least everything the last stored draft
held, ``unsigned_drafts()`` must offer it, and a restarted app must put it back in the
editor. How soon a draft is written after typing is the autosave's schedule, tested in
``tests/ui/test_charting_autosave.py``; nothing here depends on the machine's speed.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from tests.e2e.visit_typing_driver import TEXT
from tests.processes import LineReader

DRIVER = Path(__file__).with_name("visit_typing_driver.py")
ROOT = Path(__file__).resolve().parents[2]
DRAFTS_BEFORE_KILL = 2
KEYS_AFTER_LAST_DRAFT = 5

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


class Driver:
    """The driver process; its output is read line by line."""

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
        self.reader = LineReader(self.process)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.fixture
def clinic_file(tmp_path) -> Path:
    path = tmp_path / "clinic.db"
    clinic = Clinic.open(str(path))
    create_demo_clinic(clinic, command_line_actor(), patients=6, seed=4)
    clinic.close()
    return path


def test_typed_note_survives_sigkill_and_is_offered_back(clinic_file):
    typist = Driver("type", str(clinic_file), "1")
    typed = 0
    drafts: list[int] = []  # characters typed when each draft was stored
    try:
        word, visit = typist.reader.next()
        assert word == "visit", (word, visit)
        visit_id = int(visit)
        while len(drafts) < DRAFTS_BEFORE_KILL or typed < drafts[-1] + KEYS_AFTER_LAST_DRAFT:
            word, rest = typist.reader.next()
            assert word in ("typed", "saved"), (word, rest)
            if word == "typed":
                typed = int(rest)
            else:
                drafts.append(int(rest))
        typist.process.send_signal(signal.SIGKILL)
        assert typist.process.wait() == -signal.SIGKILL
        for word, rest in typist.reader.rest():  # said between the last read and the kill
            if word == "typed":
                typed = int(rest)
            elif word == "saved":
                drafts.append(int(rest))
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
    assert saved == TEXT[: len(saved)], "the draft holds exactly what was typed, in order"
    assert drafts[-1] <= len(saved) <= typed, (
        f"the draft has {len(saved)} of {typed} characters typed; "
        f"the last draft the app reported held {drafts[-1]}"
    )

    restorer = Driver("restore", str(clinic_file))
    try:
        word, offer = restorer.reader.next()
        assert word == "offer"
        assert json.loads(offer).startswith("You have an unsaved visit note for ")
        word, rest = restorer.reader.next()
        assert word == "restored"
        restored_id, text = rest.split(" ", 1)
        assert (int(restored_id), json.loads(text)) == (visit_id, saved)
        assert restorer.process.wait() == 0
    finally:
        restorer.stop()
