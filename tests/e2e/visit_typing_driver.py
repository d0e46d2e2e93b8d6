"""Runs the real desktop windows in a process of its own and types a visit note like a user.

``type DB PATIENT``: opens the main window on DB, opens the patient, presses Ctrl+Shift+N,
then types TEXT into the assessment one key at a time (a typist's pace, never pausing
long enough for the idle save) until it is killed. After every key it prints
``typed <count>``, and after every draft the app writes ``saved <count>``: how many
characters had been typed when that draft was stored.

``restore DB``: the next start. Offers unsigned drafts as the launcher does, answers
"Open It", and prints the assessment the reopened editor shows.
"""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sportacu_desktop.services.context import Clinic, command_line_actor  # noqa: E402
from sportacu_desktop.ui.app_context import AppContext  # noqa: E402
from sportacu_desktop.ui.background import SerialWorker  # noqa: E402
from sportacu_desktop.ui.launch import application  # noqa: E402
from sportacu_desktop.ui.main_window import MainWindow  # noqa: E402
from tests.hang_guard import HANG_GUARD_MS  # noqa: E402

TEXT = (
    "Right ITBS improving: lateral knee pain now only after 14 km, Ober still positive, "
    "Noble negative today. Hip abductor strength 4/5 on the right. Continue weekly for three "
    "visits, reassess single-leg squat at visit four; reduce downhill running this week. "
) * 40  # more than is ever typed before the kill, however slow the machine
# A typist's pace: the event loop runs between keys, as it does for a real keyboard.
KEY_INTERVAL_MS = 120


def say(*words) -> None:
    print(*words, flush=True)


def main_window(db: str) -> tuple[QApplication, MainWindow]:
    app = application()
    clinic = Clinic.open(db)
    settings = QSettings(os.path.join(os.path.dirname(db), "driver.ini"), QSettings.IniFormat)
    window = MainWindow(AppContext.create(clinic, command_line_actor()), settings=settings)
    window.show()
    window.activateWindow()
    # Shortcuts reach only the active window.
    assert QTest.qWaitForWindowActive(window, HANG_GUARD_MS)
    return app, window


def typed_in(payload: str) -> str:
    return json.loads(payload)["sections"]["assessment"]["assessment"]


def type_note(db: str, patient_id: int) -> None:
    app, window = main_window(db)
    window.open_patient(patient_id)
    new_visit = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.search_panel.search_box, Qt.Key.Key_N, new_visit)
    (visit,) = window.charting.windows.values()
    assert QTest.qWaitForWindowActive(visit, HANG_GUARD_MS)
    box = visit.editor.assessment.boxes["assessment"]
    box.setFocus()
    # Drafts are written off the UI thread: each reports how much of the text it held.
    visit.writer.draft_saved.connect(lambda _when, payload: say("saved", len(typed_in(payload))))
    say("visit", visit.note.id)
    for count, char in enumerate(TEXT, start=1):
        QTest.keyClicks(box, char)
        say("typed", count)
        QTest.qWait(KEY_INTERVAL_MS)
    say("done")
    app.exec()  # stay up (typing is over) until killed


def restore(db: str) -> None:
    app, window = main_window(db)
    box = window.charting.offer_drafts()
    say("offer", json.dumps(box.text() if box else None))
    if box is None:
        return
    box.defaultButton().click()  # "Open It": the note's window opens at once
    for visit in window.charting.windows.values():
        text = visit.editor.assessment.boxes["assessment"].toPlainText()
        say("restored", visit.note.id, json.dumps(text))
    window.close()
    SerialWorker.shared().finish()  # what closing asked to store, before the process ends


if __name__ == "__main__":
    mode, db = sys.argv[1], sys.argv[2]
    if mode == "type":
        type_note(db, int(sys.argv[3]))
    else:
        restore(db)
