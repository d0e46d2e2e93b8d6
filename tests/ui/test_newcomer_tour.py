"""Rough edges a new clinic notices in its first hour, kept fixed."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

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


def test_help_lists_every_shortcut_from_the_action_declarations(qtbot, small_clinic, open_window):
    from sportacu_desktop.ui.actions import ACTIONS, ActionId, key_sequences
    from sportacu_desktop.ui.charting.visit_actions import SPECS

    main = open_window(small_clinic)
    menu_texts = [a.text() for a in main.menuBar().actions()]
    help_menu = main.menuBar().actions()[menu_texts.index("&Help")].menu()
    assert [a.text() for a in help_menu.actions() if a.text()][:2] == [
        "&User Guide",
        "&Keyboard Shortcuts",
    ]
    main.registry[ActionId.KEYBOARD_SHORTCUTS].trigger()
    window = main.help.shortcuts
    qtbot.waitExposed(window)
    shown = window.browser.toPlainText()
    for spec in [*ACTIONS.values(), *SPECS.values()]:
        for sequence in key_sequences(spec):
            assert sequence.toString(QKeySequence.SequenceFormat.NativeText) in shown
        if key_sequences(spec):
            assert spec.text.replace("&", "").removesuffix("…") in shown
    assert "Sign Note" in shown and "Find Patient" in shown.replace("&", "")


def test_the_user_guide_is_the_readmes_using_the_app_part(qtbot, small_clinic, open_window):
    from sportacu_desktop.ui.help import GUIDE_FILE, guide_from_readme

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    # The shipped copy: after editing the README run
    #   python -c "from sportacu_desktop.ui.help import write_guide; write_guide()"
    assert GUIDE_FILE.read_text(encoding="utf-8") == guide_from_readme(readme)
    main = open_window(small_clinic)
    qtbot.keyClick(main, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: main.help.guide is not None and main.help.guide.isVisible())
    text = main.help.guide.browser.toPlainText()
    assert text.startswith("Using the app")
    assert "Charting a visit" in text and "## " not in text  # rendered, not raw Markdown


def test_first_start_fits_the_main_window_to_the_screen(qtbot, small_clinic, open_window):
    main = open_window(small_clinic)
    area = main.screen().availableGeometry()
    assert area.contains(main.frameGeometry()) or area.contains(main.geometry())
    assert main.width() == pytest.approx(area.width() * 0.8, abs=2)
    assert main.height() == pytest.approx(area.height() * 0.8, abs=2)
    # Every column of the patient list is wide enough for its header.
    table = main.search_panel.table
    header = table.horizontalHeader()
    for column in range(header.count()):
        title = table.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= table.fontMetrics().horizontalAdvance(title)


def test_the_front_desk_never_gets_the_visits_dock_back_from_a_saved_layout(
    qtbot, ui_settings, inline_runner, demo_clinic
):
    from tests.ui.session_support import Sessions

    driver = Sessions(qtbot, ui_settings, inline_runner)
    try:
        manager = driver.signed_in(demo_clinic, "dwhitcomb")
        practitioner = manager.window
        assert practitioner.charting.dock.isVisible()
        practitioner.save_window_state()  # the layout with the dock, as on quitting
        manager.sign_out(discard=True)
        driver.sign_in_again(manager, "frontdesk")
        window = manager.window
        assert window is not practitioner
        assert not window.charting.dock.isVisible()
        assert "practitioners" in window.charting.timeline.summary.text()
    finally:
        driver.close_all()
