"""File ▸ Export ▸ CSV…: the owner exports the clinic off the UI thread, and can cancel."""

import csv
import threading

from PySide6.QtWidgets import QMessageBox

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.context import Actor
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.main_window import MainWindow
from sportacu_desktop.ui.operations import ProgressHandle, TaskRunner, _Relay
from sportacu_desktop.ui.session.permissions import gate_actions, hide_empty_menus

DESK = Actor("desk", "Jamie", frozenset({Role.FRONT_DESK}))


def file_menu(window: MainWindow):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")


def export_menu_action(window: MainWindow):
    return next(a for a in file_menu(window).actions() if a.text() == "&Export")


def test_the_owner_exports_every_patient_into_a_new_folder(
    qtbot, demo_clinic, open_window, tmp_path
):
    window = open_window(demo_clinic)
    action = window.registry[ActionId.EXPORT_CSV]
    assert action in export_menu_action(window).menu().actions() and action.isVisible()
    exporter = window.clinic_export
    exporter.export_csv(into=tmp_path / "usb")
    qtbot.waitUntil(lambda: exporter.message is not None)
    result = exporter.last_result
    assert result is not None and result.folder.parent == tmp_path / "usb"
    assert "SportAcu clinic export" in result.folder.name
    with open(result.folder / "patient.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == window.context.patients.count()
    assert exporter.message.icon() == QMessageBox.Icon.Information
    assert str(result.folder) in exporter.message.text()
    assert action.isEnabled()


def test_cancel_leaves_no_folder(qtbot, demo_clinic, open_window, tmp_path):
    window = open_window(demo_clinic)
    runner = TaskRunner()  # one worker, as in the app; held busy until the cancel is in
    exporter = window.clinic_export
    exporter._runner = runner
    release = threading.Event()
    blocker = _Relay(lambda _r: None, lambda _e: None)
    runner.submit(lambda _progress: release.wait(), ProgressHandle(lambda *_: None), blocker)
    op = exporter.export_csv(into=tmp_path / "out")
    op.progress_dialog.reject()  # the user presses Cancel
    release.set()
    qtbot.waitUntil(lambda: exporter.message is not None)
    assert "cancelled" in exporter.message.text()
    assert exporter.last_result is None
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    runner.shutdown()


def test_front_desk_never_sees_the_export(qtbot, demo_clinic, ui_settings):
    window = MainWindow(AppContext.create(demo_clinic, DESK), settings=ui_settings)
    qtbot.addWidget(window)
    gate_actions(window.registry, DESK)
    hide_empty_menus(window.menuBar())
    assert not window.registry[ActionId.EXPORT_CSV].isVisible()
    assert not export_menu_action(window).isVisible()
    assert file_menu(window) is not None
