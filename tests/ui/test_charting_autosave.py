"""Never lose a typed note: drafts within 5 s of typing, on focus change, on close; offered back."""

import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from sportacu_desktop.ui.charting.autosave import Autosave
from tests.ui.charting_support import (
    activate,
    charting,
    demo_clinic_copy,
    new_visit_window,
    patient_without,
    stored,
)

HOUR_MS = 3_600_000


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


def draft_text(clinic, visit_id: int) -> dict:
    payload = charting(clinic).draft_payload(visit_id)
    return json.loads(payload) if payload else {}


def typed_assessment(clinic, visit_id: int) -> str:
    raw = draft_text(clinic, visit_id)
    return raw.get("sections", {}).get("assessment", {}).get("assessment", "")


def test_typing_is_saved_as_a_draft_once_typing_pauses(qtbot, clinic, open_window):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    box = window.editor.assessment.boxes["assessment"]
    box.setFocus()
    qtbot.keyClicks(box, "ITBS right, improving")
    assert charting(clinic).draft_payload(window.note.id) is None  # nothing yet: still typing
    # The write is due within the five seconds a crash may cost, however busy the machine.
    autosave = window.autosave
    assert autosave.idle_timer.isActive() and autosave.deadline_timer.isActive()
    assert 0 <= autosave.deadline_timer.remainingTime() <= 5000
    with qtbot.waitSignal(autosave.saved):
        pass
    assert typed_assessment(clinic, window.note.id) == "ITBS right, improving"
    assert "Draft saved" in window.autosave_label.text()


def test_typing_without_a_pause_is_still_saved_by_the_deadline(qtbot):
    """Keys keep coming and the idle write never fires: the deadline still writes."""
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    writes: list[str] = []

    def write(payload: str) -> datetime:
        writes.append(payload)
        return datetime.now(UTC)

    autosave = Autosave(write, editor.toPlainText, editor, idle_ms=HOUR_MS)
    editor.textChanged.connect(autosave.mark_dirty)
    words = iter(range(1, 1_000_000))

    def type_a_word_unless_saved() -> bool:
        if not writes:
            qtbot.keyClicks(editor, f"w{next(words)} ")
        return bool(writes)

    # Typing goes on between every look, so a deadline that typing postponed never comes.
    qtbot.waitUntil(type_a_word_unless_saved)
    assert writes[0].startswith("w1 w2 ")
    assert editor.toPlainText().startswith(writes[0])
    autosave.stop()


def test_moving_focus_saves_at_once(qtbot, clinic, open_window):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    editor = window.editor
    editor.subjective.response.setFocus()
    qtbot.keyClicks(editor.subjective.response, "Much better")
    assert charting(clinic).draft_payload(window.note.id) is None
    qtbot.keyClick(editor.subjective.response, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.subjective.training
    stored(qtbot)  # asked for at once, written off the UI thread
    raw = draft_text(clinic, window.note.id)
    assert raw["sections"]["subjective"]["response_to_last"] == "Much better"


def test_closing_saves_and_the_next_start_offers_the_draft_back(qtbot, clinic, open_window):
    main = open_window(clinic)
    patient_id = patient_without(clinic, "pacemaker_icd")
    window = new_visit_window(qtbot, main, patient_id)
    visit_id = window.note.id
    editor = window.editor
    qtbot.keyClicks(editor.points.line, "LI4 ST3")  # half a point: nothing valid to save
    hz_line = editor.electro.table.line
    qtbot.keyClicks(hz_line, "GB31-R GB33-R")
    qtbot.keyClick(hz_line, Qt.Key.Key_Return)
    editor.electro.table.rows[0].editors["minutes"].setText("twenty")
    window.close()
    stored(qtbot)
    assert draft_text(clinic, visit_id)["sections"]["points"]["line"] == "LI4 ST3"
    main.close()

    # The next start (the launcher calls offer_drafts once the main window is up).
    again = open_window(clinic)
    box = again.charting.offer_drafts()
    assert box is not None and box.isVisible()
    patient = again.context.patients.header(patient_id)
    assert box.text().startswith(
        f"You have an unsaved visit note for {patient.last_name}, {patient.first_name} from "
    )
    activate(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # "Open It" is the default
    qtbot.waitUntil(lambda: visit_id in again.charting.windows)
    restored = again.charting.windows[visit_id].editor
    assert restored.points.line.text() == "LI4 ST3"
    assert restored.electro.table.rows[0].values()["minutes"] == "twenty"


def test_later_leaves_the_draft_for_another_time(qtbot, clinic, open_window):
    chart = charting(clinic)
    note = chart.start_visit(patient_without(clinic, "pacemaker_icd"))
    chart.autosave(note.id, '{"sections": {"assessment": {"assessment": "typed before"}}}')
    main = open_window(clinic)
    box = main.charting.offer_drafts()
    later = next(b for b in box.buttons() if b.text() == "Later")
    later.click()
    assert main.charting.windows == {}
    assert [d.id for d in chart.unsigned_drafts()] == [note.id]
    main.open_patient(note.patient_id)
    window = main.charting.open_visit(note.id)
    assert window.editor.assessment.boxes["assessment"].toPlainText() == "typed before"


def test_a_save_that_changes_nothing_listed_keeps_the_visits_dock_as_it_was(
    qtbot, clinic, open_window
):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    dock = main.charting.timeline
    assert dock.table.rowCount() >= 3
    dock.table.setCurrentCell(2, 0)
    first = dock.table.item(2, 0)
    window.editor.subjective.pain.setValue(3)
    window.save()
    stored(qtbot)
    # Nothing the dock lists changed: the same rows, the chosen one still chosen.
    assert dock.table.currentRow() == 2 and dock.table.item(2, 0) is first
    box = window.editor.assessment.boxes["assessment"]
    box.setPlainText("ITBS right, improving")
    window.save()
    stored(qtbot)
    row = dock.visit_ids.index(window.note.id)
    qtbot.waitUntil(lambda: dock.table.item(row, 2).text() == "ITBS right, improving")
