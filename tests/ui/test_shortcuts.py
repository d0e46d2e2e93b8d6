"""Every shortcut works from wherever the focus is; typing after Ctrl+Shift+N is never lost."""

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.ui.charting_support import (
    CTRL,
    SHIFT,
    demo_clinic_copy,
    new_visit_window,
    patient_without,
)

TEXT_BOXES = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


class ClaimsEveryChord(QObject):
    """A text box that keeps every Ctrl chord for itself.

    Under X11's key bindings a line edit or spin box keeps Ctrl+E (end of line) and others;
    the offscreen test platform binds none, so the claim is made here the same way Qt's
    own text boxes make it: by accepting the shortcut-override event.
    """

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() & CTRL:
            event.accept()
            return True
        return False


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


def claim_every_chord(*widgets: QWidget) -> ClaimsEveryChord:
    claimer = ClaimsEveryChord()
    for widget in widgets:
        widget.installEventFilter(claimer)
    return claimer


def window_shortcuts(window: QWidget):
    """(action, key sequence) for every enabled window-wide chord of ``window``."""
    from PySide6.QtGui import QAction

    for action in window.findChildren(QAction):
        if not action.isEnabled() or action.shortcutContext() not in (
            Qt.ShortcutContext.WindowShortcut,
            Qt.ShortcutContext.ApplicationShortcut,
        ):
            continue
        for sequence in action.shortcuts():
            combination = sequence[0]
            if combination.keyboardModifiers() & CTRL:
                yield action, combination


def claimed(widget: QWidget, combination) -> bool:
    event = QKeyEvent(
        QEvent.Type.ShortcutOverride, combination.key(), combination.keyboardModifiers()
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_ctrl_e_edits_the_patient_from_the_search_box(qtbot, clinic, open_window):
    main = open_window(clinic)
    box = main.search_panel.search_box
    keeper = claim_every_chord(box)
    qtbot.keyClick(main.search_panel.table, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is box
    qtbot.keyClick(box, Qt.Key.Key_Return)  # opens the top match
    qtbot.waitUntil(lambda: main.header_panel.patient_id is not None)
    assert QApplication.focusWidget() is box

    qtbot.keyClick(box, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: main.patient_actions.form_dialog is not None)
    dialog = main.patient_actions.form_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    box.removeEventFilter(keeper)


def test_no_text_box_keeps_a_key_its_window_uses(qtbot, clinic, open_window):
    main = open_window(clinic)
    main.open_patient(patient_without(clinic, "pacemaker_icd"))
    visit = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    checked = 0
    for window in (main, visit):
        boxes = [w for w in window.findChildren(QWidget) if isinstance(w, TEXT_BOXES)]
        keeper = claim_every_chord(*boxes)
        shortcuts = list(window_shortcuts(window))
        assert shortcuts and boxes
        for box in boxes:
            for action, combination in shortcuts:
                assert not claimed(box, combination), (
                    f"{type(box).__name__} {box.objectName()!r} keeps "
                    f"{combination.toCombined()} from {action.text()!r}"
                )
                checked += 1
        for box in boxes:
            box.removeEventFilter(keeper)
    assert checked > 100


def test_typing_straight_after_ctrl_shift_n_goes_into_the_note(qtbot, clinic, open_window):
    main = open_window(clinic)
    main.open_patient(patient_without(clinic, "pacemaker_icd"))
    search = main.search_panel.search_box
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_N, CTRL | SHIFT)
    (window,) = main.charting.windows.values()
    # No waiting for the window system: the keys go wherever the focus is right now.
    for text in ("4", "\t", "Looser 3 days"):
        widget = QApplication.focusWidget()
        if text == "\t":
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        else:
            qtbot.keyClicks(widget, text)
    qtbot.waitUntil(window.isActiveWindow)
    subjective = window.editor.subjective
    assert subjective.pain.value() == 4
    assert subjective.response.text() == "Looser 3 days"
    assert search.text() == ""
    assert QApplication.focusWidget() is subjective.response


def test_the_pain_box_takes_the_first_digit_typed_when_the_window_opens(qtbot, clinic, open_window):
    main = open_window(clinic)
    window = new_visit_window(qtbot, main, patient_without(clinic, "pacemaker_icd"))
    pain = window.editor.subjective.pain
    assert QApplication.focusWidget() is pain
    qtbot.keyClicks(pain, "7")
    assert pain.value() == 7
