"""The main window on a demo clinic, driven with the keyboard and mouse like a user would."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from sportacu_desktop import __version__
from sportacu_desktop.domain.text import fold
from sportacu_desktop.storage.patients import Patient, PatientFlag
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.main_window import MainWindow
from sportacu_desktop.ui.patients.header_panel import FlagChip


def most_flagged(clinic) -> tuple[Patient, int]:
    with clinic.session_factory() as session:
        patient_id, flags = session.execute(
            select(PatientFlag.patient_id, func.count())
            .where(PatientFlag.active)
            .group_by(PatientFlag.patient_id)
            .order_by(func.count().desc(), PatientFlag.patient_id)
        ).first()
        return session.get(Patient, patient_id), flags


def unflagged(clinic) -> Patient:
    with clinic.session_factory() as session:
        flagged = select(PatientFlag.patient_id)
        return session.scalars(
            select(Patient)
            .where(Patient.id.not_in(flagged), Patient.archived_at.is_(None))
            .order_by(Patient.id)
        ).first()


def shown_names(window: MainWindow) -> list[str]:
    model = window.search_panel.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def search(qtbot, window: MainWindow, text: str) -> None:
    box = window.search_panel.search_box
    box.clear()
    # QTest can only type ASCII; search folds accents anyway, as a receptionist would type.
    text = fold(text)
    qtbot.keyClicks(box, text)
    qtbot.waitUntil(lambda: window.search_panel.model.search_text == text)


def test_type_a_name_and_press_enter_to_open_the_chart(qtbot, demo_clinic, open_window):
    target, flag_count = most_flagged(demo_clinic)
    window = open_window(demo_clinic)
    assert window.header_panel.patient_id is None
    assert "Ctrl+F" in window.header_panel.empty_hint.text()

    query = f"{target.last_name} {target.first_name}"
    search(qtbot, window, query)
    assert f"{target.last_name}, {target.first_name}" in shown_names(window)
    panel = window.search_panel
    target_row = panel.model.row_of(target.id)
    for _ in range(target_row):
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    assert panel.current_patient_id() == target.id
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.header_panel.patient_id == target.id)
    header = window.header_panel
    assert header.name_label.text().startswith(f"{target.first_name} {target.last_name}")
    assert f"Chart {target.chart_number}" in header.identity_label.text()
    assert len(header.flags_box.findChildren(FlagChip)) == flag_count
    assert not header.no_flags_label.isVisibleTo(header)
    assert target.last_name in window.windowTitle()


def test_enter_opens_the_top_match_even_straight_after_typing(qtbot, demo_clinic, open_window):
    target = unflagged(demo_clinic)
    window = open_window(demo_clinic)
    box = window.search_panel.search_box
    qtbot.keyClicks(box, target.chart_number)
    # No wait for the search: Enter must not open whoever topped the previous list.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.header_panel.patient_id == target.id
    assert target.chart_number in window.header_panel.identity_label.text()


def test_double_click_opens_and_replaces_everything_shown(qtbot, demo_clinic, open_window):
    flagged, _ = most_flagged(demo_clinic)
    plain = unflagged(demo_clinic)
    window = open_window(demo_clinic)
    window.open_patient(flagged.id)
    assert window.header_panel.flags_box.findChildren(FlagChip)

    search(qtbot, window, plain.chart_number)
    table = window.search_panel.table
    rect = table.visualRect(window.search_panel.model.index(0, 1))
    # A real double click starts with a click; QTest's double click alone skips the press
    # that the view checks before it reports activation.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    header = window.header_panel
    qtbot.waitUntil(lambda: header.patient_id == plain.id)
    assert header.flags_box.findChildren(FlagChip) == []
    assert header.no_flags_label.isVisibleTo(header)
    assert flagged.last_name not in header.shown_text()
    assert plain.chart_number in header.identity_label.text()


def test_ctrl_f_returns_to_the_search_box(qtbot, demo_clinic, open_window):
    window = open_window(demo_clinic)
    window.search_panel.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_panel.table)
    qtbot.keyClick(window.search_panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_panel.search_box
    assert window.registry[ActionId.FIND_PATIENT].shortcut().toString() == "Ctrl+F"


def test_a_search_without_matches_says_so(qtbot, demo_clinic, open_window):
    window = open_window(demo_clinic)
    search(qtbot, window, "zzqxj")
    assert window.search_panel.model.rowCount() == 0
    assert window.search_panel.summary.text() == "No patient matches “zzqxj”."
    assert not window.registry[ActionId.OPEN_PATIENT].isEnabled()
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Return)
    assert window.header_panel.patient_id is None


def test_status_bar_names_the_clinic_database_and_count(demo_clinic, open_window):
    window = open_window(demo_clinic)
    assert window.clinic_label.text() == "Harborview Sports Acupuncture"
    assert window.database_label.text().endswith("clinic.db")
    assert window.count_label.text() == "60 patients"


def test_about_shows_the_version(qtbot, demo_clinic, open_window):
    window = open_window(demo_clinic)
    window.registry[ActionId.ABOUT].trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.version_label.text() == f"Version {__version__}"
    dialog.reject()


def test_window_geometry_and_splitter_are_remembered(qtbot, demo_clinic, ui_settings):
    first = MainWindow(AppContext.create(demo_clinic), settings=ui_settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    # Restoring keeps a window on its screen, so stay within the (small) offscreen one.
    screen = first.screen().availableGeometry()
    size = (screen.width() * 3 // 4, screen.height() * 3 // 4)
    first.resize(*size)
    first.splitter.setSizes([size[0] // 3, size[0] * 2 // 3])
    sizes = first.splitter.sizes()
    first.close()

    second = MainWindow(AppContext.create(demo_clinic), settings=ui_settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == size
    assert second.splitter.sizes() == sizes


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_PageDown])
def test_arrow_keys_never_leave_the_list(qtbot, demo_clinic, open_window, key):
    window = open_window(demo_clinic)
    panel = window.search_panel
    for _ in range(200):
        qtbot.keyClick(panel.search_box, key)
    assert panel.table.currentIndex().row() == panel.model.rowCount() - 1
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Up)
    assert panel.table.currentIndex().row() == panel.model.rowCount() - 2
