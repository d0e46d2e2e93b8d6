"""Billing ▸ Day Sheet and a visit's billing, driven as the front desk drives them."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.day_sheet import DaySheet
from sportacu_desktop.storage import models as m
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.billing.day_sheet_model import DaySheetModel
from sportacu_desktop.ui.billing.day_sheet_window import DaySheetWindow
from sportacu_desktop.ui.billing.visit_billing import VisitBillingDialog
from tests.ui.session_support import Sessions


@pytest.fixture
def sessions(qtbot, ui_settings, inline_runner):
    driver = Sessions(qtbot, ui_settings, inline_runner)
    yield driver
    driver.close_all()


def busiest_day(clinic) -> date:
    with clinic.session_factory() as s:
        return s.execute(
            select(m.Visit.visit_date)
            .where(m.Visit.status == "signed")
            .group_by(m.Visit.visit_date)
            .order_by(func.count(func.distinct(m.Visit.patient_id)).desc(), m.Visit.visit_date)
            .limit(1)
        ).scalar_one()


@pytest.fixture
def sheet(qtbot, sessions, demo_clinic, inline_runner):
    manager = sessions.signed_in(demo_clinic, "frontdesk")
    manager.window.registry[ActionId.DAY_SHEET].trigger()
    window = manager.window.day_sheet
    assert isinstance(window, DaySheetWindow) and window.isVisible()
    window._runner = inline_runner
    day = busiest_day(demo_clinic)
    window.date.setDate(day)
    return window


def test_the_day_sheet_model_passes_the_model_tester(qtmodeltester, demo_clinic):
    model = DaySheetModel()
    model.set_rows(
        DaySheet(demo_clinic.session_factory, command_line_actor()).rows(busiest_day(demo_clinic))
    )
    qtmodeltester.check(model, force_py=True)


def test_day_sheet_lists_the_days_visits_with_totals(sheet, demo_clinic):
    rows = [sheet.model.row_at(r) for r in range(sheet.model.rowCount())]
    assert len(rows) >= 2
    with demo_clinic.session_factory() as s:
        expected = s.scalar(select(func.count(m.Visit.id)).where(m.Visit.visit_date == sheet.day))
    assert len(rows) == expected
    billed = sum(r.billed_cents for r in rows)
    assert f"billed ${billed // 100:,}.{billed % 100:02d}" in sheet.totals.text()
    assert all(r.superbill_status in ("Not issued", "Note not signed") for r in rows)


def test_enter_opens_the_visits_billing_without_the_note(qtbot, sheet, demo_clinic):
    sheet.table.setFocus()
    sheet.table.setCurrentIndex(sheet.model.index(0, 0))
    qtbot.keyClick(sheet.table, Qt.Key.Key_Return)
    dialog = sheet.visit_dialog
    assert isinstance(dialog, VisitBillingDialog) and dialog.isVisible()
    with demo_clinic.session_factory() as s:
        visit = s.get(m.Visit, dialog.visit_id)
        secret = visit.assessment
    assert secret and secret not in dialog.facts.text()
    assert "Contact" in dialog.facts.text() and dialog.lines.rowCount() >= 1


def test_adjusting_a_line_is_checked_saved_and_keeps_what_was_typed(qtbot, sheet, demo_clinic):
    dialog = sheet.open_visit(0)
    pointer = dialog.lines.item(0, 2)
    pointer.setText("Z")
    assert not dialog.save_lines()
    assert "does not exist" in dialog.message.text()
    assert dialog.lines.item(0, 2).text() == "Z"  # kept for fixing
    dialog.lines.item(0, 2).setText("A")
    dialog.lines.item(0, 1).setText("GP")
    assert dialog.save_lines()
    with demo_clinic.session_factory() as s:
        first = s.scalars(
            select(m.BillingLine)
            .where(m.BillingLine.visit_id == dialog.visit_id)
            .order_by(m.BillingLine.position)
        ).first()
        assert first.modifiers == "GP"


def test_a_payment_lowers_the_balance_on_the_day_sheet(qtbot, sheet):
    row = sheet.model.row_at(0)
    dialog = sheet.open_visit(0)
    payment = dialog.record_payment()
    payment.amount.setText("12.34")
    payment.method.setCurrentIndex(payment.method.findData("check"))
    payment.reference.setText("Check 1042")
    payment.save_button.click()
    assert payment.recorded is not None and payment.recorded.amount_cents == 1234
    qtbot.waitUntil(lambda: sheet.model.row_at(0).paid_cents == row.paid_cents + 1234)


def test_issue_a_visits_superbill_from_its_billing(qtbot, sheet, tmp_path):
    dialog = sheet.open_visit(0)
    number = dialog.issue_superbill(tmp_path / "one.pdf")
    assert number.startswith("SB-") and (tmp_path / "one.pdf").read_bytes().startswith(b"%PDF")
    assert f"Issued superbill {number}" in dialog.message.text()
    assert not dialog.save_button.isEnabled()  # its lines are now fixed
    qtbot.waitUntil(lambda: sheet.model.row_at(0).superbill == number)


def test_issuing_asks_once_to_whom_and_logs_the_disclosure(
    qtbot, sheet, demo_clinic, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    from sportacu_desktop.services.disclosures import Disclosures

    target = tmp_path / "sb.pdf"
    asked = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args: asked.append(args) or (str(target), "PDF (*.pdf)")),
    )
    dialog = sheet.open_visit(0)
    patient_id = dialog.view.patient_id
    dialog.issue_button.click()
    ask = dialog.to_whom
    qtbot.waitUntil(ask.isVisible)
    assert ask.recipient.currentText() == "Patient"
    assert ask.purpose.currentText() == "For insurance reimbursement"
    ask.ok_button.click()
    qtbot.waitUntil(target.exists)
    assert len(asked) == 1  # where to save; who and why were asked once, before
    number = dialog.message.text().split("superbill ")[1].split(":")[0]
    [logged] = Disclosures(demo_clinic.session_factory, command_line_actor()).for_patient(
        patient_id
    )
    assert (logged.recipient, logged.purpose) == ("Patient", "For insurance reimbursement")
    assert logged.description == f"Superbill {number}"


def test_superbills_for_the_day_write_one_file_per_patient(qtbot, sheet, tmp_path):
    patients = {sheet.model.row_at(r).patient_id for r in range(sheet.model.rowCount())}
    op = sheet.run_batch(tmp_path / "day")
    qtbot.waitUntil(lambda: sheet.last_batch is not None)
    outcome = sheet.last_batch
    assert op is not None
    assert len(outcome.written) + len(outcome.refused) == len(patients)
    assert len(list((tmp_path / "day").glob("*.pdf"))) == len(outcome.written) >= 1
    assert (
        all(
            sheet.model.row_at(r).superbill
            for r in range(sheet.model.rowCount())
            if sheet.model.row_at(r).signed and sheet.model.row_at(r).billed_cents
        )
        or outcome.refused
    )


def test_the_combined_file_opens_the_print_preview(qtbot, sheet, tmp_path):
    sheet.combined.setChecked(True)
    sheet.run_batch(tmp_path / "print")
    qtbot.waitUntil(lambda: sheet.last_batch is not None)
    assert sheet.last_batch.combined is not None
    (combined,) = (tmp_path / "print").glob("*.pdf")
    from pypdf import PdfReader

    assert len(PdfReader(combined).pages) >= len(sheet.last_batch.written)
    dialog = sheet.print_dialog
    assert dialog is not None
    dialog.close()


def test_practitioners_have_no_day_sheet(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "rokafor")
    assert not manager.window.registry[ActionId.DAY_SHEET].isVisible()


def test_the_chart_header_shows_the_patients_balance(qtbot, sessions, demo_clinic):
    from sportacu_desktop.services.billing import Billing

    manager = sessions.signed_in(demo_clinic, "frontdesk")
    window = manager.window
    window.open_patient(1)
    expected = Billing(demo_clinic.session_factory, command_line_actor()).patient_balance_cents(1)
    label = window.header_panel.balance_label
    assert label.isVisibleTo(window)
    if expected > 0:
        assert f"${expected // 100:,}.{expected % 100:02d}" in label.text()
    else:
        assert "paid in full" in label.text() or "Credit" in label.text()
