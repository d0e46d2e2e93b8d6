"""Shared by the charting UI tests: a demo clinic per test, and driving the visit window."""

import shutil
import tempfile
from functools import cache
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.ui.background import SerialWorker
from sportacu_desktop.ui.charting.window import VisitWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@cache
def _template() -> Path:
    """The brief's demo clinic (6 patients, seed 4), built once per test run."""
    path = Path(tempfile.mkdtemp(prefix="sportacu-charting-")) / "demo.db"
    clinic = Clinic.open(str(path))
    create_demo_clinic(clinic, command_line_actor(), patients=6, seed=4)
    clinic.close()
    return path


def demo_clinic_copy(tmp_path: Path) -> Clinic:
    path = tmp_path / "clinic.db"
    shutil.copyfile(_template(), path)
    return Clinic.open(str(path))


def charting(clinic: Clinic) -> Charting:
    return Charting(clinic.session_factory, command_line_actor())


def patient_without(clinic: Clinic, *kinds: str) -> int:
    """The first patient whose header shows none of the flags ``kinds``."""
    from sportacu_desktop.services.patients import PatientDirectory

    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    for patient_id in range(1, 7):
        header = directory.header(patient_id)
        if not {f.kind for f in header.flags} & set(kinds):
            return patient_id
    raise LookupError("every demo patient has one of " + ", ".join(kinds))


def key(qtbot, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifiers)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def type_into_focus(qtbot, text: str, enter: bool = False) -> None:
    widget = focused()
    assert widget is not None, "nothing has the keyboard focus"
    qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def new_visit_window(qtbot, main_window, patient_id: int, *, from_last: bool = False):
    """Open the patient, press Ctrl+Shift+N (or L) and wait for the note's window."""
    main_window.open_patient(patient_id)
    before = set(main_window.charting.windows)
    letter = Qt.Key.Key_L if from_last else Qt.Key.Key_N
    qtbot.keyClick(main_window.search_panel.search_box, letter, CTRL | SHIFT)
    qtbot.waitUntil(lambda: bool(set(main_window.charting.windows) - before))
    (visit_id,) = set(main_window.charting.windows) - before
    window: VisitWindow = main_window.charting.windows[visit_id]
    activate(qtbot, window)
    return window


def activate(qtbot, window: QWidget) -> None:
    # Shortcuts reach only the active window, as with a real keyboard.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def stored(qtbot) -> None:
    """Wait until every save, draft or signing asked for so far has run (off the UI thread)."""
    qtbot.waitUntil(lambda: not SerialWorker.shared().busy())
