"""File ▸ Export ▸ FHIR… and Patient ▸ Patient's Record on Request… in the main window:
work off the UI thread, a Cancel that leaves no file, hidden from whoever may not."""

import json
import stat
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.context import Actor
from sportacu_desktop.storage import models as m
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.operations import BackgroundOp, TaskRunner
from sportacu_desktop.ui.session.permissions import gate_actions, hide_empty_menus
from tests.hang_guard import HANG_GUARD_S


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def file_menu(window):
    (action,) = [a for a in window.menuBar().actions() if a.text() == "&File"]
    return action.menu()


def export_menu(window):
    (action,) = [a for a in file_menu(window).actions() if a.text() == "&Export"]
    return action


def test_export_fhir_writes_every_patient_and_says_so(qtbot, demo_clinic, open_window, tmp_path):
    window = open_window(demo_clinic)
    assert menu_texts(export_menu(window).menu()) == ["&CSV…", "&FHIR…"]
    out = tmp_path / "clinic.fhir.json"
    window.export_actions.export_fhir_to(out)
    qtbot.waitUntil(
        lambda: (
            window.export_actions.message_box is not None
            and window.export_actions.message_box.isVisible()
        )
    )
    text = window.export_actions.message_box.text()
    with demo_clinic.session_factory() as session:
        patients = len(session.scalars(select(m.Patient.id)).all())
    assert f"Exported {patients:,} patients" in text and str(out) in text
    bundle = json.loads(out.read_text())
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == patients
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_cancel_leaves_no_file_under_the_chosen_name(qtbot, demo_clinic, open_window, tmp_path):
    window = open_window(demo_clinic)
    # The one worker is busy with earlier work, so the export waits its turn; Cancel
    # pressed meanwhile stops it at its first step.
    runner = TaskRunner()
    window.export_actions.runner = runner
    release = threading.Event()
    BackgroundOp(
        window, lambda _p: release.wait(HANG_GUARD_S), lambda _r: None, runner=runner
    ).run_in_background()
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "clinic.fhir.json"
    op = window.export_actions.export_fhir_to(out)
    dialog = op.progress_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(
        lambda: (
            window.export_actions.message_box is not None
            and window.export_actions.message_box.isVisible()
        )
    )
    assert window.export_actions.message_box.text() == "Cancelled; nothing was written."
    assert list(folder.iterdir()) == []


def test_the_front_desk_sees_no_export_and_no_record_release(demo_clinic, open_window):
    window = open_window(demo_clinic)
    desk = Actor("jamie", "Jamie", frozenset({Role.FRONT_DESK}), None)
    gate_actions(window.registry, desk)
    hide_empty_menus(window.menuBar())
    assert not window.registry[ActionId.EXPORT_FHIR].isVisible()
    assert not export_menu(window).isVisible()
    assert not window.registry[ActionId.RECORD_ON_REQUEST].isVisible()
    assert "&Import Patients…" in menu_texts(file_menu(window))


def test_record_on_request_from_the_chart(qtbot, demo_clinic, open_window, tmp_path):
    window = open_window(demo_clinic)
    action = window.registry[ActionId.RECORD_ON_REQUEST]
    assert not action.isEnabled()  # no patient open
    with demo_clinic.session_factory() as session:
        patient = session.scalars(
            select(m.Patient)
            .join(m.Visit, m.Visit.patient_id == m.Patient.id)
            .where(m.Visit.status == "signed")
            .order_by(m.Patient.id)
        ).first()
        name = f"{patient.first_name} {patient.last_name}"
    window.open_patient(patient.id)
    assert action.isEnabled()
    action.trigger()
    dialog = window.export_actions.record_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert name in dialog.findChildren(type(dialog.problem))[0].text()
    folder = tmp_path / "record"
    dialog.recipient.clear()
    dialog.folder.setText(str(folder))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Say who receives" in dialog.problem.text()
    qtbot.keyClicks(dialog.recipient, "Dr. Ruth Lang, sports physician")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            window.export_actions.message_box is not None
            and window.export_actions.message_box.isVisible()
        )
    )
    assert "Record written to" in window.export_actions.message_box.text()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert {"visit-notes.pdf", "record.fhir.json", "CONTENTS.txt"} <= set(names)
    for file in folder.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
