"""Rough edges a new clinic notices in its first hour, kept fixed."""

import pytest
from PySide6.QtCore import Qt

from tests.ui.charting_support import (
    CTRL,
    demo_clinic_copy,
    new_visit_window,
    patient_without,
    type_into_focus,
)


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


def test_an_empty_note_cannot_be_signed_and_says_what_is_missing(qtbot, clinic, open_window):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    window.editor.refresh_checks()
    qtbot.waitUntil(lambda: "Cannot sign yet" in window.sign_status.text())
    status = window.sign_status.text()
    assert "subjective or objective" in status and "assessment" in status
    assert not window.sign_button.isEnabled()

    # Pain on the scale is a subjective finding; the assessment is still missing.
    type_into_focus(qtbot, "3")
    window.editor.refresh_checks()
    qtbot.waitUntil(lambda: "subjective or objective" not in window.sign_status.text())
    assert "Write an assessment." in window.sign_status.text()


def test_signing_updates_the_chart_headers_visit_count_and_last_visit(qtbot, clinic, open_window):
    patient_id = patient_without(clinic, "pacemaker_icd")
    main = open_window(clinic)
    main.open_patient(patient_id)
    before = main.header_panel.header.visit_count
    window = new_visit_window(qtbot, main, patient_id)
    type_into_focus(qtbot, "2")
    window.editor.assessment.fill_if_empty("assessment", "Hamstring strain, settling")
    window.editor.refresh_checks()
    qtbot.waitUntil(window.sign_button.isEnabled)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.sign_confirmation is not None)
    qtbot.keyClick(window.sign_confirmation, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.note.signed)
    header = main.header_panel.header
    assert header.visit_count == before + 1
    assert header.last_visit == window.note.visit_date
    assert f"{before + 1:,}" in main.header_panel.shown_text()
