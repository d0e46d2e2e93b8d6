"""A whole visit charted through the widgets, then read back from the database.

Template → points by shorthand → dry needling → EA → cupping → needle count → sign →
addendum, with the keyboard only, on a real SQLite demo clinic.
"""

import pytest
from PySide6.QtCore import Qt

from tests.ui.charting_support import (
    CTRL,
    SHIFT,
    activate,
    charting,
    demo_clinic_copy,
    focused,
    new_visit_window,
    patient_without,
    type_into_focus,
)


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


def go(qtbot, window, section: int) -> None:
    qtbot.keyClick(focused() or window, Qt.Key(Qt.Key.Key_0 + section), CTRL)


def test_template_points_needling_ea_cupping_count_sign_and_addendum(qtbot, clinic, open_window):
    main = open_window(clinic)
    patient_id = patient_without(clinic, "pacemaker_icd")
    window = new_visit_window(qtbot, main, patient_id)
    editor = window.editor
    assert focused() is editor.subjective.pain

    # Subjective: pain 4, then how the last treatment went and the training since.
    type_into_focus(qtbot, "4")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_into_focus(qtbot, "Looser for 3 days after last session")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_into_focus(qtbot, "48 km, long run 20 km easy")

    # Template: Ctrl+T, "itb r", Enter.
    qtbot.keyClick(focused(), Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    qtbot.keyClicks(window.dialog.filter, "itb r")
    qtbot.keyClick(window.dialog.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(editor.points.table.rows) == 9)
    activate(qtbot, window)
    assert [r.values()["side"] for r in editor.objective.tests.table.rows] == ["R"] * 4

    # Special test results straight in the rows: Ober positive, Noble positive.
    for row, letter in zip(editor.objective.tests.table.rows[:2], "pp", strict=True):
        row.editors["result"].setFocus()
        qtbot.keyClicks(row.editors["result"], letter)

    # Points by shorthand: three more on the right.
    go(qtbot, window, 4)
    assert focused() is editor.points.line
    type_into_focus(qtbot, "ST34-R SP9-R GB41-R", enter=True)
    assert len(editor.points.table.rows) == 12

    # Dry needling: one more muscle, with a twitch.
    go(qtbot, window, 5)
    type_into_focus(qtbot, "piriformis r 2 ltr", enter=True)
    # EA: a second pair.
    go(qtbot, window, 6)
    type_into_focus(qtbot, "GB34-R GB39-R 2 20m", enter=True)
    # Cupping: gua sha on the calf after the template's moving cupping.
    go(qtbot, window, 7)
    type_into_focus(qtbot, "gs calf 5m", enter=True)

    editor.refresh_checks()
    placed = editor.best_effort_content().needles_placed
    assert f"<b>{placed}</b>" in editor.needles.placed.text()
    assert not window.sign_button.isEnabled()
    assert "Count the needles" in window.sign_status.text()

    # Needle count: Ctrl+9, in, Tab, out.
    qtbot.keyClick(focused(), Qt.Key.Key_9, CTRL)
    type_into_focus(qtbot, str(placed))
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_into_focus(qtbot, str(placed))
    qtbot.waitUntil(window.sign_button.isEnabled)

    # Sign: Ctrl+Enter, then Enter on the confirmation.
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.sign_confirmation is not None)
    box = window.sign_confirmation
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.note.signed)
    assert window.stack.currentWidget() is window.signed_page

    note = charting(clinic).get(window.note.id)
    c = note.content
    assert note.signed and note.signed_by
    assert c.pain_nrs == 4 and c.response_to_last == "Looser for 3 days after last session"
    assert c.training_since == "48 km, long run 20 km easy"
    assert c.assessment == "IT band syndrome, right."
    assert len(c.points) == 12 and {p.code for p in c.points} >= {"ST34", "SP9", "GB41", "GB34"}
    assert [(t.test_name, t.side, t.result) for t in c.tests[:2]] == [
        ("Ober test", "R", "positive"),
        ("Noble compression test", "R", "positive"),
    ]
    assert c.dry_needling[-1].muscle == "Piriformis"
    assert (c.dry_needling[-1].side, c.dry_needling[-1].twitch_response) == ("R", True)
    assert len(c.dry_needling) == 5 and c.dry_needling[-1].needles == 2
    assert [(e.point_a, e.point_b, e.minutes) for e in c.electro] == [
        ("GB31-R", "GB33-R", 20),
        ("GB34-R", "GB39-R", 20),
    ]
    assert [(x.kind, x.region) for x in c.cupping] == [
        ("cupping", "Lateral thigh"),
        ("gua_sha", "Calf"),
    ]
    assert c.needles_in == c.needles_out == placed == c.needles_placed
    assert charting(clinic).draft_payload(note.id) is None

    # Addendum: Ctrl+Shift+A, reason, Tab, text, Enter on the reason.
    qtbot.keyClick(window.note_view, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    dialog = window.dialog
    qtbot.keyClicks(dialog.reason, "Side corrected")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.text, "GB41 was needled on the left, not the right.")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.note.addenda) == 1)
    amended = charting(clinic).get(note.id)
    assert [(a.reason, a.text) for a in amended.addenda] == [
        ("Side corrected", "GB41 was needled on the left, not the right.")
    ]
    assert amended.content == c
    assert "Side corrected" in window.note_view.toPlainText()
    rows = main.charting.timeline.table
    assert rows.item(0, 1).text() == "Signed"
