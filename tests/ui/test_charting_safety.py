"""Safety while charting: a pacemaker blocks EA and signing; warnings are shown, not enforced."""

import pytest
from PySide6.QtCore import Qt

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.patient_details import PatientDetails
from sportacu_desktop.ui.charting.safety_panel import BLOCK_RED
from tests.ui.charting_support import (
    CTRL,
    activate,
    charting,
    demo_clinic_copy,
    focused,
    new_visit_window,
    patient_without,
)

PACEMAKER = "pacemaker"


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


def add_line(qtbot, table, text: str) -> None:
    qtbot.keyClicks(table.line, text)
    qtbot.keyClick(table.line, Qt.Key.Key_Return)


def count_needles(qtbot, editor) -> None:
    editor.refresh_checks()
    placed = str(editor.best_effort_content().needles_placed)
    for field in (editor.needles.needles_in, editor.needles.needles_out):
        field.clear()
        qtbot.keyClicks(field, placed)


def test_a_pacemaker_blocks_ea_and_signing_with_the_reason_shown(qtbot, clinic, open_window):
    patient_id = patient_without(clinic, "pacemaker_icd")
    details = PatientDetails(clinic.session_factory, command_line_actor())
    details.add_flag(patient_id, "pacemaker_icd", "Dual chamber")
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_id)
    editor = window.editor
    # A signable note: a subjective finding and an assessment.
    editor.subjective.pain.setValue(3)
    editor.assessment.fill_if_empty("assessment", "Lateral knee pain, right")
    add_line(qtbot, editor.objective.tests.table, "ober r +")
    qtbot.keyClicks(editor.points.line, "GB31-R GB33-R ST36")
    qtbot.keyClick(editor.points.line, Qt.Key.Key_Return)
    add_line(qtbot, editor.electro.table, "GB31-R GB33-R 2/100 20m")
    count_needles(qtbot, editor)

    panel = editor.safety_panel
    qtbot.waitUntil(lambda: bool(panel.blocking()))
    assert PACEMAKER in panel.blocking()[0]
    block = panel.findChild(type(editor.needles.placed), "finding_block")
    assert block.isVisibleTo(window) and BLOCK_RED in block.styleSheet()
    assert PACEMAKER in block.text()
    assert editor.electro.marker.isVisibleTo(window)
    assert "Blocked" in editor.electro.marker.text()
    assert not window.sign_button.isEnabled()
    assert PACEMAKER in window.sign_status.text()

    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # Sign: nothing to confirm
    assert window.sign_confirmation is None

    # Even past the form's own check, the service refuses and the reason is shown.
    assert window.sign() is True  # asked for; the service's answer comes back
    qtbot.waitUntil(lambda: window.message_box is not None)
    assert PACEMAKER in window.message_box.text()
    assert window.editor.isEnabled()  # refused: the note is still being charted
    qtbot.waitUntil(window.message_box.isVisible)
    window.message_box.close()  # read, then back to the note
    activate(qtbot, window)
    assert not charting(clinic).get(window.note.id).signed

    # Without the EA pair the note can be signed.
    row = editor.electro.table.rows[0]
    row.editors["point_a"].setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Delete, CTRL)
    count_needles(qtbot, editor)
    qtbot.waitUntil(window.sign_button.isEnabled)
    assert not editor.electro.marker.isVisibleTo(window)
    assert window.sign() is True
    qtbot.waitUntil(lambda: window.note.signed)
    assert charting(clinic).get(window.note.id).signed


def test_warnings_are_amber_and_info_is_muted(qtbot, clinic, open_window):
    patient_id = patient_without(clinic, "pacemaker_icd")
    details = PatientDetails(clinic.session_factory, command_line_actor())
    details.add_flag(patient_id, "anticoagulants", "Apixaban")
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_id)
    editor = window.editor
    # A signable note: a subjective finding and an assessment.
    editor.subjective.pain.setValue(3)
    editor.assessment.fill_if_empty("assessment", "Lateral knee pain, right")
    qtbot.keyClicks(editor.points.line, "ST13 LI4")  # ST13 is over the thorax
    qtbot.keyClick(editor.points.line, Qt.Key.Key_Return)
    for muscle in ("tfl r", "glut med r", "vl r"):
        add_line(qtbot, editor.dry_needling.table, muscle)
    panel = editor.safety_panel
    qtbot.waitUntil(lambda: len(panel.findings) >= 3)
    levels = {f.level.value for f in panel.findings}
    assert levels >= {"warn", "info"} and "block" not in levels
    text = panel.shown_text()
    assert "anticoagulants" in text and "thorax (ST13)" in text
    assert "lighter training" in text
    warn = panel.findChild(type(editor.needles.placed), "finding_warn")
    assert "#8a5a00" in warn.styleSheet()
    count_needles(qtbot, editor)
    qtbot.waitUntil(window.sign_button.isEnabled)  # warnings do not block
