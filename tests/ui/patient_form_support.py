"""Driving the patient form with the keyboard, shared by the patient UI tests."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sportacu_desktop.ui.patients.form_dialog import PatientFormDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def focused():
    return QApplication.focusWidget()


def activate(qtbot, window) -> None:
    # A desktop gives the main window back its focus when a dialog closes; offscreen not.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def type_and_tab(qtbot, text: str) -> None:
    """Type into whatever has the focus, then Tab on, as a user does."""
    widget = focused()
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def open_new_form(qtbot, window) -> PatientFormDialog:
    activate(qtbot, window)
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_N, CTRL)
    dialog = window.patient_actions.form_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    qtbot.waitUntil(lambda: focused() is dialog.demographics.inputs["first_name"])
    return dialog


def open_edit_form(qtbot, window) -> PatientFormDialog:
    activate(qtbot, window)
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_E, CTRL)
    dialog = window.patient_actions.form_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    return dialog


def save(qtbot, dialog: PatientFormDialog) -> None:
    qtbot.keyClick(focused() or dialog, Qt.Key.Key_S, CTRL)


def field(dialog: PatientFormDialog, name: str):
    for tab in dialog.tab_pages:
        if name in tab.inputs:
            return tab.inputs[name]
    raise KeyError(name)


def alt(qtbot, number: int) -> None:
    qtbot.keyClick(focused(), Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)


def tab_to(qtbot, widget) -> None:
    """Press Tab until ``widget`` has the focus (at most a form's worth of presses)."""
    for _ in range(40):
        current = focused()
        if current is widget:
            return
        assert current is not None, "nothing has the keyboard focus"
        qtbot.keyClick(current, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName()!r}")
