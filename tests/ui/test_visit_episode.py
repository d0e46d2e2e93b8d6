"""The visit window and its episode: session count, the reconsider notice, the template's
diagnoses in one keystroke, measures recorded with the visit."""

from PySide6.QtCore import Qt

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.episodes import Episodes
from tests.ui.test_episode_panel import ANA, CTRL, SHIFT, charted  # noqa: F401 - fixture


def new_visit(qtbot, window):
    window.open_patient(ANA)
    window.charting.new_visit(copy_forward=False)
    qtbot.waitUntil(lambda: len(window.charting.windows) == 1)
    visit = next(iter(window.charting.windows.values()))
    qtbot.waitUntil(visit.isActiveWindow)
    return visit


def test_the_note_says_which_session_and_to_reconsider(qtbot, open_window, charted):  # noqa: F811
    clinic, _achilles = charted
    visit = new_visit(qtbot, open_window(clinic))
    assert "Session 5 of 8–16" in visit.header.episode.text()
    assert "Achilles tendinopathy, right" in visit.header.episode.text()
    assert "should be reconsidered" in visit.episode_banner.text()


def test_template_diagnoses_go_on_the_episode_in_one_keystroke(qtbot, open_window, charted):  # noqa: F811
    clinic, achilles = charted
    visit = new_visit(qtbot, open_window(clinic))
    itb = next(p for p in visit.services.protocols.all() if "M76.31" in str(p.diagnoses))
    visit.apply_template(itb, "R")
    assert "Ctrl+Shift+D sets them on the episode" in visit.statusBar().currentMessage()
    qtbot.keyClick(visit, Qt.Key.Key_D, CTRL | SHIFT)
    codes = [
        c
        for c, _ in Episodes(clinic.session_factory, command_line_actor())
        .get(achilles.id)
        .diagnoses
    ]
    assert codes[0] == "M76.61" and "M76.31" in codes
    assert "Episode diagnoses: M76.61, M76.31" in visit.statusBar().currentMessage()


def test_measures_recorded_with_the_visit(qtbot, open_window, charted):  # noqa: F811
    clinic, achilles = charted
    visit = new_visit(qtbot, open_window(clinic))
    qtbot.keyClick(visit, Qt.Key.Key_M, CTRL | SHIFT)
    dialog = visit.dialog
    qtbot.waitUntil(dialog.boxes["NPRS"].hasFocus)
    qtbot.keyClicks(dialog.boxes["NPRS"], "2")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert visit.episode_banner.text() == ""  # 6 → 2: improved, nothing to reconsider
    from sqlalchemy import text

    with clinic.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT visit_id, score FROM outcome_measure WHERE instrument = 'NPRS'")
        ).all()
    assert (visit.note.id, 2.0) in rows
