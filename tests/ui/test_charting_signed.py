"""A signed note: read-only with its addenda, printed from the issued PDF."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.ui.charting import printing
from sportacu_desktop.ui.charting.visit_actions import VisitAction
from tests.ui.charting_support import (
    CTRL,
    SHIFT,
    activate,
    charting,
    demo_clinic_copy,
    patient_without,
)


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def signed_visit(clinic):
    chart = charting(clinic)
    patient_id = patient_without(clinic, "pacemaker_icd")
    note = chart.start_visit(patient_id)
    content = VisitContent(
        pain_nrs=3,
        assessment="Plantar fasciitis left, morning pain easing",
        points=(PointRow("KI3", "L", "even", "0.20", 30, 20), PointRow("ST36")),
        needles_in=3,
        needles_out=3,
    )
    signed = chart.sign(note.id, content, note.version)
    chart.add_addendum(signed.id, "Late entry", "Advised calf raises 3x15 daily.")
    return signed


def test_a_signed_note_opens_read_only_with_its_addenda(qtbot, clinic, open_window, signed_visit):
    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    assert main.charting.timeline.table.item(0, 1).text() == "Signed"
    window = main.charting.open_visit(signed_visit.id)
    activate(qtbot, window)
    assert window.stack.currentWidget() is window.signed_page
    text = window.note_view.toPlainText()
    assert "Plantar fasciitis left, morning pain easing" in text
    assert "KI3" in text and "Taixi" in text
    assert "Late entry" in text and "Advised calf raises 3x15 daily." in text
    assert "Signed by" in text
    for action in (VisitAction.SAVE, VisitAction.SIGN, VisitAction.APPLY_TEMPLATE):
        assert not window.actions_[action].isEnabled()
    assert window.actions_[VisitAction.ADD_ADDENDUM].isEnabled()
    assert window.note_view.isReadOnly()

    # An addendum without a reason is refused in the dialog, with the typed text kept.
    qtbot.keyClick(window.note_view, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    dialog = window.dialog
    qtbot.keyClicks(dialog.text, "Pain 2/10 by phone on day 3.")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "Enter a reason."
    assert dialog.text.toPlainText() == "Pain 2/10 by phone on day 3."
    qtbot.keyClicks(dialog.reason, "Follow-up call")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.note.addenda) == 2)
    assert [a.reason for a in charting(clinic).get(signed_visit.id).addenda] == [
        "Late entry",
        "Follow-up call",
    ]


@pytest.mark.skipif(printing.qtpdf_available(), reason="QtPdf present: printing previews")
def test_print_without_qtpdf_saves_the_issued_pdf_and_opens_it(
    qtbot, clinic, open_window, signed_visit, tmp_path, monkeypatch
):
    target = tmp_path / "note.pdf"
    asked, opened = [], []

    def choose(parent, caption, directory, filters):
        asked.append((caption, directory, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    window = main.charting.open_visit(signed_visit.id)
    activate(qtbot, window)
    qtbot.keyClick(window.note_view, Qt.Key.Key_P, CTRL)
    # Asked once to whom it goes; the patient, at their request, is the default.
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    assert window.dialog.recipient.currentText() == "Patient"
    qtbot.keyClick(window.dialog.recipient, Qt.Key.Key_Return)

    assert asked and asked[0][0] == "Save Visit Note as PDF"
    assert asked[0][1].endswith(".pdf") and "VN-" in asked[0][1]
    assert opened and opened[0].toLocalFile() == str(target)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Plantar fasciitis left" in text and "Late entry" in text
    assert "saved to" in window.statusBar().currentMessage()
    [logged] = Disclosures(clinic.session_factory, command_line_actor()).for_patient(
        signed_visit.patient_id
    )
    assert (logged.what, logged.recipient) == ("visit_note", "Patient")
    assert logged.description.startswith("Visit note VN-")


def test_printing_a_draft_is_not_offered(qtbot, clinic, open_window):
    main = open_window(clinic)
    patient_id = patient_without(clinic, "pacemaker_icd")
    main.open_patient(patient_id)
    window = main.charting.new_visit(copy_forward=False)
    assert not window.actions_[VisitAction.PRINT].isEnabled()
    assert not window.actions_[VisitAction.ADD_ADDENDUM].isEnabled()
    assert window.print_note() is None


def test_print_with_qtpdf_previews_the_issued_pages(qtbot, clinic, open_window, signed_visit):
    pytest.importorskip("PySide6.QtPdf", reason="QtPdf (PySide6-Pdf) is not installed")
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    window = main.charting.open_visit(signed_visit.id)
    ask = window.print_note()
    ask.kept.setChecked(True)  # printed for the clinic's own files: not a disclosure
    ask.ok_button.click()
    dialog = window.printed
    assert isinstance(dialog, QPrintPreviewDialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() >= 1)
    assert dialog.windowTitle().startswith("Print VN-")
    dialog.reject()
    disclosures = Disclosures(clinic.session_factory, command_line_actor())
    assert disclosures.for_patient(signed_visit.patient_id) == []


def test_a_note_given_to_the_pt_is_logged_once_with_who_and_why(
    qtbot, clinic, open_window, signed_visit
):
    pytest.importorskip("PySide6.QtPdf", reason="QtPdf (PySide6-Pdf) is not installed")
    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    window = main.charting.open_visit(signed_visit.id)
    ask = window.print_note()
    ask.recipient.setEditText("")
    ask.ok_button.click()
    assert ask.isVisible() and "Say who receives it" in ask.message.text()
    assert ask.purpose.currentText() == "At the patient's request"  # what was typed stays
    ask.recipient.setEditText("Jo Smith (PT), Run Well Physio")
    ask.purpose.setEditText("Continuity of care")
    ask.ok_button.click()
    assert not ask.isVisible()
    qtbot.waitUntil(lambda: window.printed is not None)
    window.printed.reject()
    disclosures = Disclosures(clinic.session_factory, command_line_actor())
    [logged] = disclosures.for_patient(signed_visit.patient_id)
    assert (logged.recipient, logged.purpose) == (
        "Jo Smith (PT), Run Well Physio",
        "Continuity of care",
    )
