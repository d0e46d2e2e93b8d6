"""The episode panel on the chart, driven with the keyboard on a real clinic file."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.services.users import create_owner
from sportacu_desktop.ui.episodes.icd_picker import IcdMatchModel, IcdPicker

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
ANA, BEN = 1, 2
TODAY = date.today()


@pytest.fixture
def charted(small_clinic):
    """Ana: a chronic Achilles episode, 4 signed sessions, pain that did not move."""
    create_owner(
        small_clinic.session_factory,
        username="dana",
        display_name="Dana",
        password="long enough pw",
    )
    actor = command_line_actor()
    episodes = Episodes(small_clinic.session_factory, actor)
    chart = Charting(small_clinic.session_factory, actor)
    achilles = episodes.create(
        ANA,
        title="Achilles tendinopathy, right",
        onset_date=(TODAY - timedelta(weeks=20)).isoformat(),
        diagnoses=["M76.61"],
    )
    for week in range(4):
        day = TODAY - timedelta(weeks=4 - week)
        note = chart.start_visit(ANA, on=day)
        signed = VisitContent(assessment=f"week {week}", objective="Achilles tender")
        chart.sign(note.id, signed, note.version)
        episodes.record_score(achilles.id, "NPRS", 6 - (week % 2), measured_on=day)
    return small_clinic, achilles


def test_icd_match_model_passes_the_model_tester(qtmodeltester):
    model = IcdMatchModel()
    from sportacu_desktop.services import icd

    model.set_matches(icd.search("achilles"))
    qtmodeltester.check(model, force_py=True)


def test_icd_picker_by_keyboard_parent_shows_why_and_children(qtbot):
    picker = IcdPicker()
    qtbot.addWidget(picker)
    chosen = []
    picker.chosen.connect(lambda code, text: chosen.append(code))
    qtbot.keyClicks(picker.search, "M76.6")
    codes = [m.code for m in picker.model.matches]
    assert codes[:2] == ["M76.61", "M76.62"] and "M76.6" in codes
    for _ in range(codes.index("M76.6")):
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert chosen == []  # a category is never chosen
    assert "not a billable code" in picker.why.text() and "Choose the side" in picker.why.text()
    assert [m.code for m in picker.model.matches] == ["M76.60", "M76.61", "M76.62"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert chosen == ["M76.61"]


def test_chronic_patient_shows_band_reconsider_plot_and_next_visit(open_window, charted):
    clinic, achilles = charted
    window = open_window(clinic)
    window.open_patient(ANA)
    panel = window.episodes.panel
    text = panel.shown_text()
    assert "Achilles tendinopathy, right — chronic, open" in text
    assert "Session 4 of 8–16" in text
    assert "M76.61 Achilles tendinitis, right leg" in text
    assert panel.reconsider.isVisibleTo(panel)
    assert "Pain (NPRS) 6 → 5 (-1, stalled)" in panel.reconsider.text()
    assert "should be reconsidered" in panel.reconsider.text()
    assert "Next suggested visit" in window.header_panel.shown_text()
    # The outcome plot holds exactly the recorded scores, in date order.
    assert panel.outcome_plot.series_values("Pain (NPRS)") == [6, 5, 6, 5]
    panel.tabs.setCurrentWidget(panel.calendar_plot)
    assert panel.calendar_plot.model.races[0].name == "Harbor Marathon"


def test_new_episode_by_keyboard_keeps_typing_after_a_refusal(qtbot, open_window, charted):
    clinic, _achilles = charted
    window = open_window(clinic)
    window.open_patient(BEN)
    assert "No episode of care yet" in window.episodes.panel.shown_text()
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = window.episodes.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.title.hasFocus)
    qtbot.keyClicks(dialog.title, "Plantar fasciitis, left")
    qtbot.keyClicks(dialog.onset, "13/45/2026")
    qtbot.keyClicks(dialog.picker.search, "plantar fasc")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.codes() == ["M72.2"]
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and "Onset:" in dialog.banner.text()
    assert dialog.title.text() == "Plantar fasciitis, left" and dialog.codes() == ["M72.2"]
    dialog.onset.clear()
    qtbot.keyClicks(dialog.onset, (TODAY - timedelta(days=10)).strftime("%m/%d/%Y"))
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    text = window.episodes.panel.shown_text()
    assert "Plantar fasciitis, left — acute, open" in text and "Session 0 of 2–6" in text


def test_measures_are_recorded_and_plotted(qtbot, open_window, charted):
    clinic, _achilles = charted
    window = open_window(clinic)
    window.open_patient(ANA)
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL | SHIFT)
    dialog = window.episodes.dialog
    qtbot.waitUntil(dialog.boxes["NPRS"].hasFocus)
    qtbot.keyClicks(dialog.boxes["NPRS"], "12")
    qtbot.keyClicks(dialog.boxes["HRV"], "64")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert "Pain (NPRS) is between 0 and 10." in dialog.banner.text()
    assert dialog.boxes["HRV"].text() == "64"
    dialog.boxes["NPRS"].clear()
    qtbot.keyClicks(dialog.boxes["NPRS"], "2")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    panel = window.episodes.panel
    assert not panel.reconsider.isVisibleTo(panel)  # 6 → 2 passed its MCID
    assert "Pain (NPRS) 6 → 2 ▲ improved" in panel.shown_text()
    assert panel.outcome_plot.series_values("Pain (NPRS)") == [6, 5, 6, 5, 2]
    panel.tabs.setCurrentWidget(panel.recovery_plot)
    assert panel.recovery_plot.series_values("HRV") == [64]


def test_discharge_and_a_visit_that_asks_for_its_episode(qtbot, open_window, charted):
    clinic, achilles = charted
    Episodes(clinic.session_factory, command_line_actor()).create(
        ANA, title="Knee", onset_date=TODAY.isoformat(), diagnoses=["M76.51"]
    )
    window = open_window(clinic)
    window.open_patient(ANA)
    window.charting.new_visit(copy_forward=False)
    question = window.charting.episode_question
    assert question is not None and question.isVisible()
    assert question.comboBoxItems() == [
        f"Knee (#{achilles.id + 1})",
        f"Achilles tendinopathy, right (#{achilles.id})",
    ]
    question.setTextValue(f"Achilles tendinopathy, right (#{achilles.id})")
    question.accept()
    qtbot.waitUntil(lambda: len(window.charting.windows) == 1)
    visit_window = next(iter(window.charting.windows.values()))
    assert visit_window.note.episode_id == achilles.id
    visit_window.close()
    panel = window.episodes.panel
    panel.chooser.setCurrentIndex(panel.chooser.findData(achilles.id))
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL | SHIFT)
    dialog = window.episodes.dialog
    dialog.setTextValue("Referred out")
    dialog.accept()
    qtbot.waitUntil(lambda: "discharged" in panel.summary.text())
    assert "Referred out" in panel.summary.text()
