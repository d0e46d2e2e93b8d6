"""Admin ▸ Clinic: practice details and providers, errors under the fields, admin only."""

import pytest
from PySide6.QtCore import Qt

from sportacu_desktop.services.clinic_setup import ClinicSetup
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.admin.clinic_window import ClinicWindow
from tests.ui.session_support import Sessions


@pytest.fixture
def sessions(qtbot, ui_settings, inline_runner):
    driver = Sessions(qtbot, ui_settings, inline_runner)
    yield driver
    driver.close_all()


def open_clinic(manager) -> ClinicWindow:
    manager.window.registry[ActionId.CLINIC_SETUP].trigger()
    window = manager.admin.open_windows[ActionId.CLINIC_SETUP]
    assert isinstance(window, ClinicWindow) and window.isVisible()
    return window


def retype(qtbot, edit, text):
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_a_wrong_ein_is_shown_under_the_field_and_a_fixed_one_saved(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_clinic(manager)
    form = window.practice
    assert form.form.inputs["name"].text() == "Harborview Sports Acupuncture"
    retype(qtbot, form.form.inputs["ein"], "00-1234567")
    retype(qtbot, form.form.inputs["fax"], "207 555 01")
    form.save_button.click()
    assert "IRS prefix" in form.form.error_text("ein")
    assert "10 digits" in form.form.error_text("fax")
    assert form.form.inputs["fax"].text() == "207 555 01"  # what was typed stays
    retype(qtbot, form.form.inputs["ein"], "011234567")
    retype(qtbot, form.form.inputs["fax"], "2075550143")
    form.save_button.click()
    assert form.message.text() == "Practice details saved."
    saved = ClinicSetup(demo_clinic.session_factory, command_line_actor()).practice()
    assert saved.ein == "01-1234567" and saved.fax == "(207) 555-0143"
    # The rows that showed an error get their full height back.
    ein = form.form.inputs["ein"]
    qtbot.waitUntil(lambda: ein.height() >= ein.sizeHint().height())


def test_edit_a_providers_license_and_npi(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_clinic(manager)
    window.tabs.setCurrentIndex(1)
    people = window.providers
    names = [people.people.item(i).text() for i in range(people.people.count())]
    people.people.setCurrentRow(next(i for i, n in enumerate(names) if "Ruth" in n))
    retype(qtbot, people.form.inputs["npi"], "1234567890")
    people.save_button.click()
    assert "last digit" in people.form.error_text("npi")
    retype(qtbot, people.form.inputs["npi"], "1234567893")
    retype(qtbot, people.form.inputs["license_number"], "AC7777")
    qtbot.mouseClick(people.role_boxes[next(iter(people.role_boxes))], Qt.MouseButton.LeftButton)
    people.save_button.click()
    assert people.message.text() == "Ruth Okafor saved."
    ruth = next(
        p
        for p in ClinicSetup(demo_clinic.session_factory, command_line_actor()).providers()
        if p.username == "rokafor"
    )
    assert ruth.npi == "1234567893" and ruth.license_number == "AC7777"
    assert {r.value for r in ruth.roles} == {"admin", "practitioner"}
    npi = people.form.inputs["npi"]
    qtbot.waitUntil(lambda: npi.height() >= npi.sizeHint().height())


def test_front_desk_has_no_clinic_setup(qtbot, sessions, demo_clinic):
    manager = sessions.signed_in(demo_clinic, "frontdesk")
    assert not manager.window.registry[ActionId.CLINIC_SETUP].isVisible()


def test_fees_and_billing_rules(qtbot, sessions, demo_clinic):
    from sportacu_desktop.services.fee_schedule import FeeSchedule

    manager = sessions.signed_in(demo_clinic, "dwhitcomb")
    window = open_clinic(manager)
    window.tabs.setCurrentIndex(2)
    fees = window.fees
    codes = [fees.table.item(r, 0).text() for r in range(fees.table.rowCount())]
    fees.table.setCurrentCell(codes.index("97813"), 0)
    assert fees.code.text() == "97813" and fees.price.text() == "95.00"
    retype(qtbot, fees.price, "ninety")
    fees.save_button.click()
    assert "not an amount" in fees.message.text()
    retype(qtbot, fees.price, "99.50")
    fees.save_button.click()
    assert fees.message.text() == "97813 is now $99.50."
    fees.cupping.setCurrentIndex(fees.cupping.findData("97140"))
    fees.dry_needling.setChecked(False)
    assert "left off" in fees.rule_note.text()
    fees.rules_button.click()
    service = FeeSchedule(demo_clinic.session_factory, command_line_actor())
    assert next(f for f in service.fees() if f.code == "97813").charge_cents == 9950
    policy = service.policy()
    assert policy.cupping_code == "97140" and not policy.dry_needling_with_acupuncture
