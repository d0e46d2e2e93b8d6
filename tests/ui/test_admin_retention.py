"""Admin ▸ Records Retention: the period, the eligible charts, and destroying one."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from sportacu_desktop.services.audit_log import AuditFilter, AuditLog
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.patients import PatientDirectory, PatientNotFound
from sportacu_desktop.services.retention import Retention
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.admin.retention_view import DestroyDialog, RetentionWindow
from tests.ui.session_support import Sessions


@pytest.fixture
def sessions(qtbot, ui_settings, inline_runner):
    driver = Sessions(qtbot, ui_settings, inline_runner)
    yield driver
    driver.close_all()


def open_retention(manager) -> RetentionWindow:
    manager.window.registry[ActionId.RECORD_RETENTION].trigger()
    window = manager.admin.open_windows[ActionId.RECORD_RETENTION]
    assert isinstance(window, RetentionWindow) and window.isVisible()
    return window


def test_the_period_is_a_setting_and_the_list_follows_it(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_retention(manager)
    assert window.years.value() == 7
    seven = len(window.candidates)
    window.years.setValue(2)
    window.save_years_button.click()
    assert Retention(demo_clinic.session_factory, command_line_actor()).years() == 2
    assert len(window.candidates) > seven
    assert window.table.rowCount() == len(window.candidates)
    assert window.message.text() == "Charts are now kept 2 years after the last visit."

    sessions.activate(window)
    window.years.selectAll()
    qtbot.keyClicks(window.years, "3")
    qtbot.keyClick(window.years, Qt.Key.Key_Return)  # Enter in the box saves, and stays open
    assert Retention(demo_clinic.session_factory, command_line_actor()).years() == 3
    assert window.isVisible()


def test_destroying_needs_the_chart_number_typed_and_a_reason(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_retention(manager)
    if not window.candidates:  # a young demo: shorten the period so some charts qualify
        window.years.setValue(1)
        window.save_years_button.click()
    target = window.candidates[0]
    assert window.summary.text().endswith("past the retention period and may be destroyed.")
    assert not window.destroy_button.isEnabled()
    window.select_chart(target.chart_number)
    window.destroy_button.click()
    dialog = window.destroy_dialog
    assert isinstance(dialog, DestroyDialog) and dialog.isVisible()
    assert f"Destroy {target.chart_number}?" in [
        label.text() for label in dialog.findChildren(QLabel)
    ]
    assert not dialog.destroy_button.isEnabled()

    qtbot.keyClicks(dialog.chart, target.chart_number[:-1])
    qtbot.keyClicks(dialog.reason, "Retention period over; annual review")
    assert not dialog.destroy_button.isEnabled()  # one digit short
    qtbot.keyClick(dialog.chart, Qt.Key.Key_Return)  # Enter never destroys
    assert PatientDirectory(demo_clinic.session_factory, command_line_actor()).rows(
        [target.patient_id]
    )
    qtbot.keyClicks(dialog.chart, target.chart_number[-1])
    assert dialog.destroy_button.isEnabled()
    dialog.destroy_button.click()

    assert not dialog.isVisible()
    assert target.chart_number not in [c.chart_number for c in window.candidates]
    assert window.message.text().startswith(f"{target.chart_number} ({target.name}) was destroyed")
    with pytest.raises(PatientNotFound):
        PatientDirectory(demo_clinic.session_factory, command_line_actor()).id_for_chart(
            target.chart_number
        )
    events = AuditLog(demo_clinic.session_factory, command_line_actor()).events(
        AuditFilter(action="destroy")
    )
    assert events[0].actor == "dwhitcomb"
    assert "Retention period over; annual review" in events[0].detail
