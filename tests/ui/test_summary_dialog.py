"""Episode ▸ Treatment Summary…: reviewed, previewed, issued, printed and saved; refusals
say why and keep everything typed."""

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.reports.summary_content import Section
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.summaries import SummaryRequest
from sportacu_desktop.storage import models as m
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.main_window import MainWindow
from sportacu_desktop.ui.session.permissions import gate_actions

TODAY = date.today()
NOTE = "Thank you for seeing her; the calf loading is going well."


@pytest.fixture
def demo(sqlite_url):
    from sportacu_desktop.services.context import Clinic

    clinic = Clinic.open(sqlite_url)
    create_demo_clinic(clinic, command_line_actor(), patients=4, seed=9, today=TODAY)
    with clinic.session_factory() as s:
        patient_id = s.scalar(
            select(m.Visit.patient_id)
            .join(m.CareTeamLink, m.CareTeamLink.patient_id == m.Visit.patient_id)
            .where(m.Visit.status == "signed", m.Visit.episode_id.is_not(None))
            .order_by(m.Visit.patient_id)
            .limit(1)
        )
    yield clinic, patient_id
    clinic.close()


def open_dialog(qtbot, open_window, clinic, patient_id):
    window = open_window(clinic)
    window.open_patient(patient_id)
    action = window.registry[ActionId.TREATMENT_SUMMARY]
    assert action.isVisible() and action.isEnabled()
    qtbot.keyClick(
        window,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.episodes.dialog
    assert dialog is not None and dialog.objectName() == "summaryDialog"
    return window, dialog


def stored(clinic, model, *conditions):
    with clinic.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model).where(*conditions))


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_preview_then_issue_print_and_save(qtbot, open_window, demo, tmp_path, monkeypatch):
    clinic, patient_id = demo
    _window, dialog = open_dialog(qtbot, open_window, clinic, patient_id)
    recipient_id = dialog.recipient.currentData()
    assert recipient_id is not None  # the patient's care team is offered first
    # Sections the episode has nothing for are greyed out (they would be left out anyway).
    chosen = SummaryRequest(patient_id, dialog.episode.currentData())
    available = dialog.summaries.content(chosen).available
    assert {s for s, box in dialog.sections.items() if box.isEnabled()} == available
    assert Section.TREATMENT in available
    qtbot.keyClicks(dialog.note, NOTE)
    dialog.sections[Section.RESPONSE].setChecked(False)

    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview_pdf is not None)
    preview = text_of(dialog.preview_pdf, tmp_path)
    assert "Preview — not issued" in preview and NOTE in preview
    assert "Response to treatment" not in preview
    assert stored(clinic, m.IssuedDocument, m.IssuedDocument.kind == "summary") == 0
    dialog.shown.close()

    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.issued is not None)
    issued = dialog.issued
    assert issued.number in dialog.banner.text() and not dialog.issue_button.isEnabled()
    with clinic.session_factory() as s:
        row = s.scalar(select(m.IssuedDocument).where(m.IssuedDocument.number == issued.number))
        assert (row.kind, row.recipient_contact_id) == ("summary", recipient_id)
        assert row.content == issued.content
    assert stored(clinic, m.Disclosure, m.Disclosure.document_id == issued.document_id) == 1
    letter = text_of(issued.content, tmp_path)
    assert issued.number in letter and NOTE in letter
    assert dialog.shown is not None  # the print preview of the issued letter
    dialog.shown.close()

    target = tmp_path / "out" / "letter.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", staticmethod(lambda url: True))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == row.content  # exactly what was issued
    assert (target.stat().st_mode & 0o777) == 0o600


def test_refused_preview_says_why_and_keeps_everything_typed(qtbot, open_window, demo):
    clinic, patient_id = demo
    _window, dialog = open_dialog(qtbot, open_window, clinic, patient_id)
    qtbot.keyClicks(dialog.note, NOTE)
    dialog.by_period.setChecked(True)
    qtbot.keyClicks(dialog.start, "13/45/2020")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert "MM/DD/YYYY" in dialog.banner.text() and dialog.banner.problem
    dialog.start.setText("01/01/2001")
    dialog.end.setText("01/31/2001")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing to summarize" in dialog.banner.text())
    assert dialog.note.toPlainText() == NOTE and dialog.start.text() == "01/01/2001"
    assert dialog.preview_pdf is None and dialog.issue_button.isEnabled()
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.issued is None and "Nothing to summarize" in dialog.banner.text()
    assert stored(clinic, m.IssuedDocument, m.IssuedDocument.kind == "summary") == 0


def test_front_desk_has_no_treatment_summary(qtbot, ui_settings, demo):
    clinic, patient_id = demo
    desk = Actor("desk", "Front desk", frozenset({Role.FRONT_DESK}))
    window = MainWindow(AppContext.create(clinic, desk), settings=ui_settings)
    qtbot.addWidget(window)
    window.open_patient(patient_id)
    gate_actions(window.registry, desk)  # as the signed-in session does
    assert not window.registry[ActionId.TREATMENT_SUMMARY].isVisible()
    assert window.episodes.treatment_summary() is None
