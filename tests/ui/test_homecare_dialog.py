"""Home-care Sheet… from a signed visit: edit the text, preview, save; logged once per issue."""

import pytest
from PySide6.QtCore import Qt

from sportacu_desktop.domain.visits import DryNeedlingEntry, PointRow, VisitContent
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.charting import printing
from sportacu_desktop.ui.charting.homecare_dialog import HomecareDialog
from sportacu_desktop.ui.charting.visit_actions import VisitAction
from tests.reports.homecare_support import codes_in, sheet_text
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
        assessment="Achilles tendinopathy, left (M76.62)",
        recommendations="Slow calf raises 3x15 daily; no hills this week.",
        points=(PointRow("KI3", "L"), PointRow("BL57", "L")),
        dry_needling=(
            DryNeedlingEntry("Gastrocnemius", "L"),
            DryNeedlingEntry("Soleus", "L"),
            DryNeedlingEntry("Tibialis posterior", "L"),
        ),
        needles_in=5,
        needles_out=5,
    )
    return chart.sign(note.id, content, note.version)


def homecare_logged(clinic, patient_id):
    rows = Disclosures(clinic.session_factory, command_line_actor()).for_patient(patient_id)
    return [r for r in rows if r.what == "homecare"]


def test_ctrl_shift_h_edits_saves_and_logs_the_sheet(
    qtbot, clinic, open_window, signed_visit, tmp_path
):
    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    window = main.charting.open_visit(signed_visit.id)
    activate(qtbot, window)
    assert window.actions_[VisitAction.HOMECARE].isEnabled()
    qtbot.keyClick(window.note_view, Qt.Key.Key_H, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(window.dialog, HomecareDialog))
    dialog = window.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "Slow calf raises 3x15 daily" in dialog.text.toPlainText()

    # Too much text: refused in the dialog, nothing issued, the typed text kept.
    long_text = "Stretch gently after every run. " * 40
    dialog.text.setPlainText(long_text)
    assert "900" in dialog.count.text()
    assert dialog.save_pdf(tmp_path / "sheet.pdf") is None
    assert "characters" in dialog.message.text()
    assert dialog.text.toPlainText() == long_text
    assert not (tmp_path / "sheet.pdf").exists()
    assert homecare_logged(clinic, signed_visit.patient_id) == []

    dialog.text.setPlainText("Ice the calf for 10 minutes tonight.\nWalk, don't run, tomorrow.")
    saved = dialog.save_pdf(tmp_path / "sheet.pdf")
    assert saved is not None and "saved to" in dialog.message.text()
    text = sheet_text(saved.read_bytes())
    assert "Ice the calf for 10 minutes tonight." in text
    assert "Train lighter for the next 24 hours" in text
    assert codes_in(text) == []
    dialog.grab().save(str(tmp_path / "homecare_dialog.png"))
    [logged] = homecare_logged(clinic, signed_visit.patient_id)
    assert logged.recipient == "Patient" and logged.description.startswith("Home-care sheet HC-")
    dialog.reject()


def test_preview_stores_nothing(qtbot, clinic, open_window, signed_visit):
    pytest.importorskip("PySide6.QtPdf", reason="QtPdf (PySide6-Pdf) is not installed")
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    window = main.charting.open_visit(signed_visit.id)
    dialog = window.homecare_sheet()
    shown = dialog.preview()
    assert isinstance(shown, QPrintPreviewDialog)
    qtbot.waitUntil(lambda: shown.findChild(QPrintPreviewWidget).pageCount() == 1)
    shown.reject()
    assert dialog.issued is None
    assert homecare_logged(clinic, signed_visit.patient_id) == []
    dialog.reject()


def test_the_visits_dock_offers_it_for_a_signed_visit_only(
    qtbot, clinic, open_window, signed_visit
):
    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    action = main.registry[ActionId.HOMECARE_SHEET]
    timeline = main.charting.timeline
    row = timeline.visit_ids.index(signed_visit.id)
    timeline.table.setCurrentCell(row, 0)
    assert action.isEnabled() and action in timeline.table.actions()
    action.trigger()
    dialog = main.charting.homecare_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.draft.visit_id == signed_visit.id
    dialog.reject()
    draft = charting(clinic).start_visit(signed_visit.patient_id)
    main.charting.refresh_timeline()
    timeline.table.setCurrentCell(timeline.visit_ids.index(draft.id), 0)
    assert not action.isEnabled()


def test_printing_issues_the_stored_sheet(qtbot, clinic, open_window, signed_visit):
    if not printing.qtpdf_available():
        pytest.skip("QtPdf absent: printing saves a PDF instead (covered above)")
    main = open_window(clinic)
    main.open_patient(signed_visit.patient_id)
    window = main.charting.open_visit(signed_visit.id)
    dialog = window.homecare_sheet()
    shown = dialog.print_sheet()
    assert dialog.issued is not None and shown.windowTitle() == f"Print {dialog.issued.number}"
    shown.reject()
    assert len(homecare_logged(clinic, signed_visit.patient_id)) == 1
    dialog.reject()
