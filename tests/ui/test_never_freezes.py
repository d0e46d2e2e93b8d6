"""Another workstation holds the clinic's write lock: the note stays usable, nothing is lost.

A second process on the same SQLite file holds ``BEGIN IMMEDIATE`` until the test releases
it. Meanwhile saves, drafts, signing and closing are asked for; the window keeps handling
keys and timers, says it is waiting, and once the lock is released everything asked for is
stored, with the typing done during the wait kept. Waits are on conditions, never on time.
"""

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from sportacu_desktop.ui.background import SerialWorker
from sportacu_desktop.ui.charting.storing import WAITING
from tests.processes import AnotherWorkstation
from tests.ui.charting_support import (
    CTRL,
    activate,
    charting,
    demo_clinic_copy,
    new_visit_window,
    patient_without,
)


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, clinic, open_window):
    main = open_window(clinic)
    note = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    yield note
    SerialWorker.shared().finish()  # nothing of this test is still running in the next


def clinic_file(clinic) -> Path:
    return Path(clinic.engine.url.database)


def assessment_box(window):
    return window.editor.assessment.boxes["assessment"]


def stored(clinic, visit_id: int) -> tuple[str, int, str]:
    """The visit row's assessment, version and status, read as another program would:
    the note's service records each read in the audit trail, which would wait for the lock."""
    with sqlite3.connect(clinic_file(clinic)) as connection:
        return connection.execute(
            "SELECT assessment, version, status FROM visit WHERE id = ?", (visit_id,)
        ).fetchone()


def stored_assessment(clinic, visit_id: int) -> str:
    return stored(clinic, visit_id)[0]


def a_timer_still_ticks(qtbot) -> None:
    """The event loop runs: a timer started now fires."""
    ticked = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: bool(ticked))


def test_save_waits_for_the_lock_while_typing_goes_on_and_nothing_is_lost(qtbot, clinic, window):
    box = assessment_box(window)
    box.setFocus()
    qtbot.keyClicks(box, "ITBS right")
    with AnotherWorkstation(clinic_file(clinic)) as other:
        qtbot.keyClick(box, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: window.waiting_label.text() == WAITING)
        a_timer_still_ticks(qtbot)
        qtbot.keyClicks(box, ", improving")  # typed while the save waits
        assert box.toPlainText() == "ITBS right, improving"
        assert stored_assessment(clinic, window.note.id) == ""
        other.release()
    qtbot.waitUntil(lambda: stored_assessment(clinic, window.note.id) == "ITBS right")
    qtbot.waitUntil(lambda: window.waiting_label.text() == "")
    # The save's result did not overwrite the typing that followed it...
    assert box.toPlainText() == "ITBS right, improving"
    # ... which is still unsaved, and goes out as the next draft.
    assert window.autosave.dirty
    window.autosave.flush()
    qtbot.waitUntil(lambda: "improving" in (charting(clinic).draft_payload(window.note.id) or ""))


def test_saves_asked_for_during_the_wait_run_one_after_the_other(qtbot, clinic, window):
    box = assessment_box(window)
    box.setFocus()
    version = window.note.version
    with AnotherWorkstation(clinic_file(clinic)) as other:
        for words in ("Calf strain", ", grade 1", ", left"):
            qtbot.keyClicks(box, words)
            qtbot.keyClick(box, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: window.waiting_label.text() == WAITING)
        other.release()
    final = "Calf strain, grade 1, left"
    qtbot.waitUntil(lambda: stored_assessment(clinic, window.note.id) == final)
    qtbot.waitUntil(lambda: not window.writer.busy)
    # The first save ran alone; the two asked for during it were coalesced into one.
    assert stored(clinic, window.note.id)[1] == version + 2
    assert window.message_box is None  # no "changed on another workstation"
    assert not window.autosave.dirty


def test_signing_under_the_lock_shows_its_result_when_done_and_cannot_be_pressed_twice(
    qtbot, clinic, window
):
    qtbot.keyClicks(window.editor.subjective.pain, "2")
    window.editor.assessment.fill_if_empty("assessment", "Hamstring strain, settling")
    window.editor.refresh_checks()
    qtbot.waitUntil(window.sign_button.isEnabled)
    with AnotherWorkstation(clinic_file(clinic)) as other:
        qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: window.sign_confirmation is not None)
        qtbot.keyClick(window.sign_confirmation, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.waiting_label.text() == WAITING)
        assert not window.sign_button.isEnabled()
        assert not window.editor.isEnabled()  # nothing typed now could go into the note
        activate(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)  # Sign again: nothing happens
        a_timer_still_ticks(qtbot)
        assert window.sign_confirmation is None
        assert window.sign() is False
        assert not window.note.signed
        other.release()
    qtbot.waitUntil(lambda: window.note.signed)
    assert window.stack.currentWidget() is window.signed_page
    assert "Signed by" in window.statusBar().currentMessage()
    signed = charting(clinic).get(window.note.id)
    assert signed.signed and signed.content.assessment == "Hamstring strain, settling"
    assert window.waiting_label.text() == ""


def test_closing_during_a_waiting_save_stores_the_note_after_the_window_has_gone(
    qtbot, clinic, open_window
):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    visit_id = window.note.id
    box = assessment_box(window)
    box.setFocus()
    qtbot.keyClicks(box, "Plantar fasciitis")
    with AnotherWorkstation(clinic_file(clinic)) as other:
        qtbot.keyClick(box, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: window.writer.busy)
        qtbot.keyClicks(box, ", left")  # after the save started, before closing
        window.close()  # at once: the window does not wait for the lock
        assert visit_id not in main.charting.windows
        assert stored_assessment(clinic, visit_id) == ""
        other.release()
    qtbot.waitUntil(lambda: stored_assessment(clinic, visit_id) == "Plantar fasciitis, left")
    SerialWorker.shared().finish()


def test_the_note_reopens_only_once_its_closing_save_is_stored(qtbot, clinic, open_window):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    visit_id = window.note.id
    box = assessment_box(window)
    box.setFocus()
    qtbot.keyClicks(box, "Achilles tendinopathy")
    with AnotherWorkstation(clinic_file(clinic)) as other:
        window.close()
        assert main.charting.open_visit(visit_id) is None  # waits for the closing save
        assert visit_id not in main.charting.windows
        other.release()
    qtbot.waitUntil(lambda: visit_id in main.charting.windows)
    reopened = main.charting.windows[visit_id]
    assert assessment_box(reopened).toPlainText() == "Achilles tendinopathy"
    reopened.close()
    SerialWorker.shared().finish()
