"""Emergency access on the charting screens: notes read and printed, never charted or signed."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services.demo import DEMO_PASSWORD
from sportacu_desktop.services.users import authenticate
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.charting import window_flows
from sportacu_desktop.ui.charting.visit_actions import VisitAction
from sportacu_desktop.ui.main_window import MainWindow
from sportacu_desktop.ui.session.chrome import EMERGENCY_TEXT
from tests.ui.charting_support import CTRL, activate, charting, demo_clinic_copy, patient_without

REASON = "Dr. Okafor is away; EMS asks what was needled today"


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def emergency_window(qtbot, ui_settings, clinic):
    desk = authenticate(clinic.session_factory, "frontdesk", DEMO_PASSWORD, emergency_reason=REASON)
    window = MainWindow(AppContext.create(clinic, desk), settings=ui_settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_a_signed_note_is_read_and_printed_with_the_emergency_mark(
    qtbot, clinic, emergency_window, monkeypatch
):
    chart = charting(clinic)
    patient_id = patient_without(clinic, "pacemaker_icd")
    note = chart.start_visit(patient_id)
    chart.sign(
        note.id, VisitContent(pain_nrs=4, assessment="Achilles tendinopathy, right"), note.version
    )
    printed = []
    # The issued PDF handed to the printing step (preview or save) is what the test reads.
    monkeypatch.setattr(
        window_flows, "print_document", lambda parent, issued, name: printed.append(issued)
    )

    main = emergency_window
    main.open_patient(patient_id)
    window = main.charting.open_visit(note.id)
    activate(qtbot, window)
    assert window.emergency_bar is not None and window.emergency_bar.isVisible()
    assert window.emergency_bar.title.text() == EMERGENCY_TEXT
    assert "Achilles tendinopathy, right" in window.note_view.toPlainText()
    assert not window.actions_[VisitAction.ADD_ADDENDUM].isVisible()
    assert not window.addendum_button.isVisible()
    assert window.actions_[VisitAction.PRINT].isEnabled()

    qtbot.keyClick(window.note_view, Qt.Key.Key_P, CTRL)
    # Asked once to whom the printed note goes; Enter takes the default (the patient).
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible())
    qtbot.keyClick(window.dialog.recipient, Qt.Key.Key_Return)
    assert len(printed) == 1
    pages = PdfReader(io.BytesIO(printed[0].content)).pages
    text = "\n".join(page.extract_text() for page in pages)
    flat = " ".join(text.split())
    assert "PRINTED UNDER EMERGENCY ACCESS by Jamie Pelletier (frontdesk)" in flat
    assert f"Reason: {REASON}" in flat


def test_a_draft_opens_read_only_and_offers_no_charting(qtbot, clinic, emergency_window):
    chart = charting(clinic)
    patient_id = patient_without(clinic, "pacemaker_icd")
    draft = chart.start_visit(patient_id)
    chart.save(draft.id, VisitContent(assessment="Charted by the practitioner"), draft.version)

    main = emergency_window
    main.open_patient(patient_id)
    window = main.charting.open_visit(draft.id)
    activate(qtbot, window)
    assert not window.editable
    assert window.stack.currentWidget() is window.signed_page
    assert "Charted by the practitioner" in window.note_view.toPlainText()
    for action in (VisitAction.SAVE, VisitAction.SIGN, VisitAction.APPLY_TEMPLATE):
        assert not window.actions_[action].isVisible()
    assert not window.actions_[VisitAction.PRINT].isEnabled()  # drafts are never printed
    assert not window.print_button.isVisible()
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert menus == ["&Visit"]  # no templates, no going to sections to type in
    window.close()
    stored = chart.get(draft.id)
    assert stored.status == "draft" and stored.version == draft.version + 1
