"""The billable facts beside the note: e-stim, needle re-insertions, separate evaluation."""

import json

import pytest
from PySide6.QtCore import Qt

from tests.ui.charting_support import (
    CTRL,
    charting,
    demo_clinic_copy,
    focused,
    new_visit_window,
    patient_without,
    stored,
)


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, clinic, open_window):
    main = open_window(clinic)
    return new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))


def test_reinsertions_and_evaluation_are_saved_with_the_note(qtbot, window, clinic):
    box = window.editor.billable
    qtbot.mouseClick(box.estim_first, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(box.reinsertions, "e m E")
    assert box.summary.text() == "3 re-insertions: 2 with e-stim, 1 without"
    qtbot.mouseClick(box.evaluation, Qt.MouseButton.LeftButton)
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    stored(qtbot)
    saved = charting(clinic).get(window.note.id).content
    assert saved.estim_first_block and saved.separate_evaluation
    assert saved.reinsertions == (True, False, True)


def test_a_wrong_letter_is_shown_and_the_typed_text_kept(qtbot, window, clinic):
    box = window.editor.billable
    qtbot.keyClicks(box.reinsertions, "E X")
    qtbot.keyClick(box.reinsertions, Qt.Key.Key_S, CTRL)
    assert box.errors["reinsertions"].text() == (
        "Re-insertions are E (with e-stim) or M (without), not X."
    )
    assert box.reinsertions.text() == "E X"
    assert charting(clinic).get(window.note.id).content.reinsertions == ()
    # The draft keeps it too, so a crash loses nothing.
    assert json.loads(window.editor.raw_json())["sections"]["billable"]["reinsertions"] == "E X"
