"""Care team, intake, roles and archiving, on a real clinic file."""

from datetime import date

from PySide6.QtCore import Qt

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.intake import IntakeInput
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.patients import form_dialog
from sportacu_desktop.ui.patients.form_dialog import PatientFormDialog, UnsavedChoice
from sportacu_desktop.ui.patients.patient_services import PatientServices
from sportacu_desktop.ui.patients.pending import AddFlag
from tests.ui.test_patient_form import (  # noqa: F401 - the contacts fixture
    activate,
    contacts,
    field,
    focused,
    open_edit_form,
    save,
)

FRONT_DESK = Actor("desk", "Front desk", frozenset({Role.FRONT_DESK}))


def ana_id(window) -> int:
    return window.context.patients.search_ids("Ana Ruiz")[0]


def test_a_new_contact_is_checked_then_linked(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    window.open_patient(ana_id(window))
    dialog = open_edit_form(qtbot, window)
    care = dialog.care_team
    dialog.show_tab(2)
    form = care.new_form
    form.inputs["name"].setText("Dr. Lena Park")
    form.inputs["role"].setCurrentIndex(form.inputs["role"].findData("surgeon"))
    form.inputs["npi"].setText("1234567890")
    form.inputs["phone"].setText("207-555-01")
    care.create_button.click()
    assert form.error_text("npi") == (
        "This NPI's last digit does not match: check it for a typing error."
    )
    assert form.error_text("phone") == "A phone number has 10 digits, like (207) 555-0142."
    assert form.inputs["npi"].text() == "1234567890"
    assert focused() is form.inputs["npi"]
    assert care.team_names() == []

    form.inputs["npi"].setText("1234567893")
    form.inputs["phone"].setText("(207) 555-0160")
    care.create_button.click()
    assert form.error_text("npi") == ""
    assert care.team_names() == ["Dr. Lena Park"]
    assert form.inputs["name"].text() == ""
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    record = window.patient_actions.services.records.get(ana_id(window))
    assert [(c.name, c.role, c.npi) for c in record.care_team] == [
        ("Dr. Lena Park", "surgeon", "1234567893")
    ]


def test_removing_and_unmarking_care_team_members(qtbot, small_clinic, contacts, open_window):  # noqa: F811
    window = open_window(small_clinic)
    services = window.patient_actions.services
    services.details.link_contact(ana_id(window), contacts.id, is_referring=True)
    window.open_patient(ana_id(window))
    dialog = open_edit_form(qtbot, window)
    care = dialog.care_team
    care.team.selectRow(0)
    assert care.referring.isChecked()
    care.referring.setChecked(False)
    assert care.team.item(0, 6).text() == ""
    assert dialog.is_dirty()
    care.remove_button.click()
    assert care.team_names() == []
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    assert services.records.get(ana_id(window)).care_team == ()


def test_new_intake_starts_from_the_last_and_keeps_the_earlier_one(
    qtbot, small_clinic, open_window
):
    window = open_window(small_clinic)
    services = window.patient_actions.services
    services.intakes.add(
        ana_id(window),
        IntakeInput(
            taken_on="2026-01-10",
            chief_complaint="Left hamstring tightness",
            training_load="50 km/week",
            sleep_hours="7",
            sleep_quality="3",
            hrv_ms="60",
            resting_hr="50",
            stress="Moderate",
        ),
        today=date(2026, 1, 10),
    )
    window.open_patient(ana_id(window))
    dialog = open_edit_form(qtbot, window)
    intake = dialog.intake
    dialog.show_tab(5)
    assert intake.history.count() == 1
    assert "Left hamstring tightness" in intake.view.text()
    assert intake.new_button.isEnabled()

    intake.new_button.click()
    assert field(dialog, "intake.chief_complaint").text() == "Left hamstring tightness"
    assert field(dialog, "intake.training_load").toPlainText() == "50 km/week"
    assert intake.taken_on.text() == date.today().strftime("%m/%d/%Y")
    assert intake.history.item(0).text() == "New intake – not saved yet"
    assert not intake.new_button.isEnabled()

    hrv = field(dialog, "intake.hrv_ms")
    hrv.setText("650")
    field(dialog, "intake.chief_complaint").setText("Right calf strain")
    dialog.show_tab(0)
    save(qtbot, dialog)
    assert dialog.error_text("intake.hrv_ms") == "The HRV in ms must be between 1 and 300."
    assert dialog.tabs.currentIndex() == 5
    assert focused() is hrv
    assert hrv.text() == "650"

    hrv.setText("65")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    history = services.intakes.history(ana_id(window))
    assert [entry.chief_complaint for entry in history] == [
        "Right calf strain",
        "Left hamstring tightness",
    ]
    assert history[0].hrv_ms == 65
    assert history[0].stress == "Moderate"


def test_front_desk_sees_clinical_parts_locked_and_is_told_why(qtbot, small_clinic, monkeypatch):
    # The form is left with an unsaved flag; closing it at the end discards that.
    monkeypatch.setattr(form_dialog, "ask_unsaved_changes", lambda *_: UnsavedChoice.DISCARD)
    services = PatientServices.create(small_clinic, FRONT_DESK)
    record = services.records.get(1)
    dialog = PatientFormDialog(services, record, [])
    qtbot.addWidget(dialog)
    dialog.show()
    safety = dialog.safety
    assert not safety.flag_adder.button.isEnabled()
    assert not safety.remove_flag_button.isEnabled()
    assert safety.consent_adder.button.isEnabled()  # the desk files consent forms
    assert not dialog.intake.new_button.isEnabled()
    dialog.show_tab(5)
    assert "recorded and read by the practitioner" in dialog.intake.empty.text()

    # Should a flag reach the service anyway, its refusal is shown; nothing of the form is
    # stored, nothing typed is lost.
    safety._pending.append(AddFlag("pregnancy", ""))
    before = services.records.get(1)
    field(dialog, "city").setText("Bangor")
    assert not dialog.save()
    assert "Only practitioners may record flags" in dialog.banner.text()
    assert "Nothing of this form was stored" in dialog.banner.text()
    assert dialog.isVisible()
    stored = services.records.get(1)
    assert stored == before and stored.details.city != "Bangor"
    assert [type(op).__name__ for op in dialog.pending_ops()] == ["AddFlag"]
    assert dialog.is_dirty() and field(dialog, "city").text() == "Bangor"


def test_archive_takes_the_patient_out_of_the_list(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    action = window.registry[ActionId.ARCHIVE_PATIENT]
    assert not action.isEnabled()
    patient_id = ana_id(window)
    window.open_patient(patient_id)
    assert action.isEnabled()
    action.trigger()
    dialog = window.patient_actions.archive_dialog
    activate(qtbot, dialog)
    assert focused() is dialog.reason
    assert not dialog.archive_button.isEnabled()
    qtbot.keyClicks(focused(), "Moved to Denver")
    assert dialog.archive_button.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.context.patients.search_ids("Ana Ruiz") == [])
    assert window.search_panel.model.row_of(patient_id) is None
    header = window.header_panel
    assert header.patient_id == patient_id
    assert "Archived" in header.identity_label.text()
    assert not action.isEnabled()
    assert window.search_panel.summary.text() == "4 active patients"
