"""The visit editor's fields: shorthand points, quick entries, errors, templates, copy forward."""

import json

import pytest
from PySide6.QtCore import Qt

from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.ui.charting.rows import COMPLETION_ROLE
from sportacu_desktop.ui.charting.visit_actions import VisitAction
from tests.ui.charting_support import (
    CTRL,
    SHIFT,
    charting,
    demo_clinic_copy,
    focused,
    new_visit_window,
    patient_without,
    stored,
    type_into_focus,
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


def test_shorthand_adds_rows_with_sides_and_the_defaults(qtbot, window):
    points = window.editor.points
    qtbot.keyClicks(points.defaults["retention_minutes"], "25")
    qtbot.keyClicks(points.line, "LI4 ST36-B GB34-R SP6-L GV20")
    qtbot.keyClick(points.line, Qt.Key.Key_Return)
    rows = [row.values() for row in points.table.rows]
    assert [(r["code"], r["side"], r["retention_minutes"]) for r in rows] == [
        ("LI4", "B", "25"),
        ("ST36", "B", "25"),
        ("GB34", "R", "25"),
        ("SP6", "L", "25"),
        ("GV20", "M", "25"),
    ]
    assert points.line.text() == ""
    assert points.added.text() == "Added 5 points."
    assert points.table.rows[1].editors["name"].text() == "Zusanli"
    window.editor.refresh_checks()
    # Both sides count two needles; one side and the midline one each: 2+2+1+1+1.
    assert "<b>7</b>" in window.editor.needles.placed.text()


def test_an_unknown_point_says_which_and_keeps_the_typed_text(qtbot, window):
    points = window.editor.points
    qtbot.keyClicks(points.line, "LI4 ST63 GB34-R")
    qtbot.keyClick(points.line, Qt.Key.Key_Return)
    assert points.line_error.isVisibleTo(window)
    assert points.line_error.text() == (
        "Point 2 “ST63”: ST63 is not a known point: the ST points run from ST1 to ST45."
    )
    assert points.line.text() == "LI4 ST63 GB34-R"
    assert points.line.selectedText() == "ST63"  # typing over it fixes the typo
    assert points.table.rows == []
    qtbot.keyClicks(points.line, "ST36")
    qtbot.keyClick(points.line, Qt.Key.Key_Return)
    assert [r.values()["code"] for r in points.table.rows] == ["LI4", "ST36", "GB34"]
    assert not points.line_error.isVisibleTo(window)


def test_point_type_ahead_offers_most_used_first_and_matches_pinyin(qtbot, window, clinic):
    points = window.editor.points
    most_used = charting(clinic).most_used_points(window.note.patient_id)
    model = points.line.completer_.model()
    first = [model.index(i, 0).data(COMPLETION_ROLE).split()[0] for i in range(3)]
    assert first == most_used[:3]
    qtbot.keyClicks(points.line, "LI4 zusan")
    completer = points.line.completer_
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "ST36 Zusanli"
    points.line.insert_completion(completer.currentCompletion())
    assert points.line.text() == "LI4 ST36 "


def test_quick_entries_fill_rows_and_a_bad_one_says_why(qtbot, window):
    editor = window.editor
    for table, line in (
        (editor.objective.tests.table, "ober r +"),
        (editor.objective.rom.table, "hip ir 30 r"),
        (editor.objective.muscle_tests.table, "glut med 4 r"),
        (editor.dry_needling.table, "tfl r 2 ltr"),
        (editor.electro.table, "GB31-R GB33-R 2/100 20m"),
        (editor.cupping.table, "lateral thigh moving 4 8m"),
        (editor.adverse.table, "bruising mild pressure applied"),
    ):
        qtbot.keyClicks(table.line, line)
        qtbot.keyClick(table.line, Qt.Key.Key_Return)
        assert len(table.rows) == 1, line
    rom = editor.objective.rom.table.rows[0]
    assert rom.editors["normal"].text() == "of 45°"
    content, errors = editor.read()
    assert errors == {}
    assert content.tests[0].test_name == "Ober test" and content.tests[0].result == "positive"
    assert content.electro[0].waveform == "dense-disperse"
    assert content.dry_needling[0].twitch_response is True
    assert content.adverse_events[0].kind == "bruising"

    line = editor.electro.table.line
    qtbot.keyClicks(line, "GB31-R XX9")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert line.text() == "GB31-R XX9"
    assert "XX9" in editor.electro.table.line_error.text()


def test_save_shows_errors_next_to_rows_and_keeps_what_was_typed(qtbot, window, clinic):
    editor = window.editor
    qtbot.keyClicks(editor.electro.table.line, "GB31-R GB33-R")
    qtbot.keyClick(editor.electro.table.line, Qt.Key.Key_Return)
    row = editor.electro.table.rows[0]
    row.editors["frequency_hz"].clear()
    qtbot.keyClicks(row.editors["frequency_hz"], "fast")
    qtbot.keyClicks(editor.dry_needling.table.line, "soleus l")
    qtbot.keyClick(editor.dry_needling.table.line, Qt.Key.Key_Return)
    needles = editor.dry_needling.table.rows[0].editors["needles"]
    needles.clear()
    qtbot.keyClicks(needles, "two")

    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    # The form's own check first: a number that is not a number.
    assert editor.dry_needling.table.rows[0].error.text() == (
        "Dry needling row 1: the number of needles must be a whole number, not “two”"
    )
    needles.clear()
    qtbot.keyClicks(needles, "2")
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    stored(qtbot)
    # Then the service's: the frequency, shown under the EA row.
    assert "frequency is a number of Hz" in row.error.text()
    assert row.editors["frequency_hz"].text() == "fast"
    assert editor.error_banner.isVisibleTo(window)
    assert charting(clinic).get(window.note.id).content == VisitContent()

    row.editors["frequency_hz"].clear()
    qtbot.keyClicks(row.editors["frequency_hz"], "2/100")
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    stored(qtbot)
    assert not row.error.isVisibleTo(window) and not editor.error_banner.isVisibleTo(window)
    saved = charting(clinic).get(window.note.id).content
    assert saved.electro[0].frequency_hz == "2/100" and saved.dry_needling[0].needles == 2


def test_section_shortcuts_and_tab_order_follow_the_form(qtbot, window):
    editor = window.editor
    for number, target in (
        (1, editor.subjective.pain),
        (2, editor.objective.tests.table.line),
        (3, editor.assessment.boxes["assessment"]),
        (4, editor.points.line),
        (5, editor.dry_needling.table.line),
        (6, editor.electro.table.line),
        (7, editor.cupping.table.line),
        (8, editor.adverse.table.line),
    ):
        qtbot.keyClick(focused(), Qt.Key(Qt.Key.Key_0 + number), CTRL)
        assert focused() is target, number
        assert not target.visibleRegion().isEmpty(), f"section {number} scrolled into view"
    qtbot.keyClick(focused(), Qt.Key.Key_9, CTRL)
    assert focused() is editor.needles.needles_in

    qtbot.keyClicks(editor.dry_needling.table.line, "tfl r")
    qtbot.keyClick(editor.dry_needling.table.line, Qt.Key.Key_Return)
    row = editor.dry_needling.table.rows[0]
    editor.dry_needling.table.line.setFocus()
    for expected in (row.editors["muscle"], row.editors["side"], row.editors["twitch_response"]):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is expected
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.electro.table.line

    row.editors["muscle"].setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Delete, CTRL)
    assert editor.dry_needling.table.rows == []
    assert focused() is editor.dry_needling.table.line


def test_copy_forward_starts_from_the_last_visits_treatment(qtbot, clinic, open_window):
    patient_id = patient_without(clinic, "pacemaker_icd")
    last = charting(clinic).visits_of(patient_id)[0]
    previous = charting(clinic).get(last.id).content
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_id, from_last=True)
    content, errors = window.editor.read()
    assert errors == {}
    assert content.points == previous.points and content.electro == previous.electro
    assert content.plan == previous.plan
    assert content.pain_nrs is None and content.assessment == "" and content.tests == ()
    assert len(window.editor.points.table.rows) == len(previous.points)


def test_opening_a_visit_from_the_timeline_with_enter(qtbot, clinic, open_window):
    patient_id = patient_without(clinic, "pacemaker_icd")
    main = open_window(clinic)
    main.open_patient(patient_id)
    visits = charting(clinic).visits_of(patient_id)
    timeline = main.charting.timeline
    assert timeline.table.rowCount() == len(visits)
    assert timeline.table.item(0, 1).text() in ("Signed", "Draft")
    qtbot.keyClick(main.search_panel.search_box, Qt.Key.Key_V, CTRL | SHIFT)
    assert focused() is timeline.table
    qtbot.keyClick(timeline.table, Qt.Key.Key_Down)
    qtbot.keyClick(timeline.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: visits[1].id in main.charting.windows)
    opened = main.charting.windows[visits[1].id]
    assert opened.note.id == visits[1].id
    if opened.note.signed:
        assert opened.stack.currentWidget() is opened.signed_page
        assert not opened.actions_[VisitAction.SAVE].isEnabled()
        assert opened.actions_[VisitAction.ADD_ADDENDUM].isEnabled()


def test_save_as_template_keeps_the_treatment_for_the_clinic(qtbot, window, clinic):
    from sportacu_desktop.services.context import command_line_actor
    from sportacu_desktop.services.protocols import Protocols

    editor = window.editor
    type_into_focus(qtbot, "3")
    qtbot.keyClicks(editor.points.line, "GB34-R ST36")
    qtbot.keyClick(editor.points.line, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.dry_needling.table.line, "soleus r 2")
    qtbot.keyClick(editor.dry_needling.table.line, Qt.Key.Key_Return)
    window.request_save_template()
    dialog = window.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.setTextValue("Calf tightness")
    dialog.accept()
    saved = Protocols(clinic.session_factory, command_line_actor()).get("custom-calf-tightness")
    assert saved.points == "GB34 ST36" and saved.muscles == ("Soleus",)


def test_closing_keeps_a_draft_that_cannot_be_saved_and_reopening_restores_it(
    qtbot, clinic, open_window
):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    visit_id = window.note.id
    editor = window.editor
    qtbot.keyClicks(editor.subjective.pain, "7")
    assert editor.subjective.pain.value() == 7
    qtbot.keyClicks(editor.points.line, "LI4 ST3")  # half typed, not added yet
    qtbot.keyClicks(editor.electro.table.line, "GB31-R GB33-R")
    qtbot.keyClick(editor.electro.table.line, Qt.Key.Key_Return)
    hz = editor.electro.table.rows[0].editors["frequency_hz"]
    hz.clear()
    qtbot.keyClicks(hz, "fa")  # not valid yet: the note cannot be saved, the draft keeps it
    payload = editor.raw_json()
    assert json.loads(payload)["sections"]["points"]["line"] == "LI4 ST3"

    window.close()
    qtbot.waitUntil(lambda: visit_id not in main.charting.windows)
    stored(qtbot)  # the draft, then the save that fails on the Hz, after the window went
    assert charting(clinic).draft_payload(visit_id) == payload
    assert [d.id for d in charting(clinic).unsigned_drafts()] == [visit_id]
    assert main.charting.timeline.table.item(0, 1).text() == "Draft · unsaved typing"

    again = main.charting.open_visit(visit_id)
    assert again.editor.subjective.pain.value() == 7
    assert again.editor.points.line.text() == "LI4 ST3"
    assert again.editor.electro.table.rows[0].values()["frequency_hz"] == "fa"
    assert again.editor.raw_json() == payload


def test_front_desk_gets_no_visits_dock(qtbot, clinic, ui_settings):
    from sportacu_desktop.domain.enums import Role
    from sportacu_desktop.services.context import Actor
    from sportacu_desktop.ui.app_context import AppContext
    from sportacu_desktop.ui.main_window import MainWindow

    desk = Actor("desk", "Front Desk", frozenset({Role.FRONT_DESK}))
    main = MainWindow(AppContext.create(clinic, desk), settings=ui_settings)
    qtbot.addWidget(main)
    main.show()
    main.open_patient(patient_without(clinic, "pacemaker_icd"))
    assert not main.charting.clinical
    assert not main.charting.dock.isVisible()
    assert main.charting.timeline.table.rowCount() == 0
    assert main.charting.offer_drafts() is None
