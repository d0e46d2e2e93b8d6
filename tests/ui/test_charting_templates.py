"""A template on the real visit editor: sides per point, real needle details, EA counted."""

import pytest
from PySide6.QtCore import Qt

from sportacu_desktop.domain.settings import NEEDLE_GAUGE, NEEDLE_TECHNIQUE
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.settings import ClinicSettings
from tests.ui.charting_support import (
    CTRL,
    activate,
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


def rows_of(section) -> dict[str, dict]:
    return {row.values()["code"]: row.values() for row in section.table.rows}


def test_a_right_sided_template_on_the_editor_sides_points_and_fills_needles(
    qtbot, clinic, open_window
):
    ClinicSettings(clinic.session_factory, command_line_actor()).set(NEEDLE_GAUGE, "0.20")
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    editor = window.editor
    assert editor.points.defaults["gauge"].text() == "0.20"
    qtbot.keyClick(focused(), Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    qtbot.keyClicks(window.dialog.filter, "itb r")
    assert "GB30-R" in window.dialog.details.text() and "LI4 " in window.dialog.details.text()
    qtbot.keyClick(window.dialog.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(editor.points.table.rows) == 9)
    activate(qtbot, window)
    rows = rows_of(editor.points)
    assert {c: rows[c]["side"] for c in ("GB30", "GB34", "LI4", "LR3", "ST36", "SP6")} == {
        "GB30": "R",
        "GB34": "R",
        "LI4": "B",
        "LR3": "B",
        "ST36": "B",
        "SP6": "B",
    }
    assert (rows["GB30"]["technique"], rows["GB30"]["length_mm"]) == ("reduce", "75")
    assert rows["ST36"] == {
        "code": "ST36",
        "side": "B",
        "technique": "even",
        "gauge": "0.20",
        "length_mm": "40",
        "retention_minutes": "20",
    }
    # What the rows show is what is stored.
    editor.subjective.pain.setValue(5)
    assert window.save()
    stored(qtbot)
    points = {p.code: p for p in charting(clinic).get(window.note.id).content.points}
    assert (points["GB30"].side, points["GB30"].gauge, points["GB30"].length_mm) == (
        "R",
        "0.20",
        75,
    )
    assert points["LI4"].side == "B" and points["LI4"].retention_minutes == 20


def test_an_ea_pair_alone_counts_its_needles_and_once_with_its_points(qtbot, window):
    editor = window.editor
    qtbot.keyClicks(editor.electro.table.line, "GB31-R GB33-R 2 20m")
    qtbot.keyClick(editor.electro.table.line, Qt.Key.Key_Return)
    editor.refresh_checks()
    assert "<b>2</b>" in editor.needles.placed.text()
    qtbot.keyClicks(editor.points.line, "GB31-R GB33-R LI4")
    qtbot.keyClick(editor.points.line, Qt.Key.Key_Return)
    editor.refresh_checks()
    assert "<b>4</b>" in editor.needles.placed.text()  # GB31, GB33 once; LI4 both sides


def test_the_clinic_sets_its_needle_defaults_in_clinic_setup(qtbot, clinic, open_window):
    from sportacu_desktop.ui.admin.clinic_needles import NeedleDefaultsForm

    settings = ClinicSettings(clinic.session_factory, command_line_actor())
    form = NeedleDefaultsForm(settings)
    qtbot.addWidget(form)
    assert form.technique.currentText() == "even" and form.length.value() == 40
    form.technique.setCurrentText("tonify")
    form.gauge.setCurrentIndex(form.gauge.findData("0.30"))
    form.retention.setValue(30)
    form.save_button.click()
    assert "saved" in form.message.text()
    assert settings.get(NEEDLE_TECHNIQUE) == "tonify" and settings.get(NEEDLE_GAUGE) == "0.30"
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    defaults = {k: e.text() for k, e in window.editor.points.defaults.items()}
    assert defaults == {
        "technique": "tonify",
        "gauge": "0.30",
        "length_mm": "40",
        "retention_minutes": "30",
    }
