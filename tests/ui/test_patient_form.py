"""The patient form driven with the keyboard, on a real clinic file, like the front desk."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from sportacu_desktop.ui.patients.header_panel import ConsentChip, FlagChip
from tests.ui.patient_form_support import (
    alt,
    field,
    focused,
    open_edit_form,
    open_new_form,
    save,
    tab_to,
    type_and_tab,
)


def test_register_a_runner_with_the_keyboard_errors_first(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    assert dialog.windowTitle().startswith("New patient")

    future = (date.today() + timedelta(days=30)).strftime("%m/%d/%Y")
    for text in ("Maya", "Lindqvist", "", future):  # first, last, preferred, birth date
        type_and_tab(qtbot, text)
    assert focused() is field(dialog, "sex")
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # Female
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is field(dialog, "phone")
    for text in ("207-555-01", "maya@", "12 Fore St", "", "Portland", "ZZ", "0410"):
        type_and_tab(qtbot, text)
    assert focused() is field(dialog, "emergency_name")

    save(qtbot, dialog)

    errors = {
        "date_of_birth": "The date of birth cannot be in the future.",
        "phone": "A phone number has 10 digits, like (207) 555-0142.",
        "email": "This email address looks incomplete (it needs a name, @ and a domain).",
        "state": "Use the two-letter US state code, like ME or MA.",
        "postal_code": "A ZIP code has 5 digits (or ZIP+4: 04101-1234).",
    }
    for name, message in errors.items():
        assert dialog.error_text(name) == message
        assert dialog.demographics.forms[0].parentWidget() is not None
    assert dialog.error_text("first_name") == ""
    # What was typed is all still there, mistakes included.
    assert field(dialog, "first_name").text() == "Maya"
    assert field(dialog, "date_of_birth").text() == future
    assert field(dialog, "phone").text() == "207-555-01"
    assert field(dialog, "state").text() == "ZZ"
    assert "Please correct 5 fields: Date of birth, Phone, Email, State, ZIP code." in (
        dialog.banner.text()
    )
    assert focused() is field(dialog, "date_of_birth")
    assert window.context.patients.count() == 5

    # Fix each field where the cursor lands, then save.
    fixes = {
        "date_of_birth": "1991-04-02",
        "phone": "2075550188",
        "email": "maya@example.com",
        "state": "ME",
        "postal_code": "04101",
    }
    for name, text in fixes.items():
        edit: QLineEdit = field(dialog, name)
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, text)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)

    assert window.context.patients.count() == 6
    header = window.header_panel
    assert header.name_label.text() == "Maya Lindqvist"
    assert "Female" in header.identity_label.text()
    assert window.search_panel.current_patient_id() == header.patient_id

    dialog = open_edit_form(qtbot, window)
    assert field(dialog, "date_of_birth").text() == "04/02/1991"
    assert field(dialog, "phone").text() == "(207) 555-0188"
    assert field(dialog, "email").text() == "maya@example.com"
    assert field(dialog, "address_line1").text() == "12 Fore St"
    assert field(dialog, "city").text() == "Portland"
    assert not dialog.is_dirty()
    qtbot.keyClick(focused() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)


def test_a_whole_registration_with_the_keyboard_only(qtbot, small_clinic, contacts, open_window):
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    for text in ("Jonas", "Eriksen", "Joe", "07/19/1988"):
        type_and_tab(qtbot, text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # sex left as not recorded
    for text in ("(207) 555-0177", "jonas@example.com", "5 Cove Rd", "", "Falmouth"):
        type_and_tab(qtbot, text)
    for text in ("me", "04105", "Ingrid Eriksen", "Spouse", "207 555 0178"):
        type_and_tab(qtbot, text)

    alt(qtbot, 2)  # Insurance
    assert focused() is field(dialog, "ins1.payer")
    for text in ("Harbor Health Plan", "HHP-99812", "G-4471"):
        type_and_tab(qtbot, text)
    assert focused() is dialog.insurance.primary.relationship
    assert not field(dialog, "ins1.subscriber_name").isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # spouse of the holder
    assert field(dialog, "ins1.subscriber_name").isEnabled()
    type_and_tab(qtbot, "")
    for text in ("Ingrid Eriksen", "03/02/1987", "5 Cove Rd, Falmouth ME 04105"):
        type_and_tab(qtbot, text)

    alt(qtbot, 3)  # Care team
    care = dialog.care_team
    tab_to(qtbot, care.search)
    qtbot.keyClicks(care.search, "chen")
    qtbot.keyClick(care.search, Qt.Key.Key_Return)
    assert care.team_names() == ["Maya Chen, DPT"]
    care.team.setFocus()
    care.team.selectRow(0)
    tab_to(qtbot, care.referring)
    qtbot.keyClick(care.referring, Qt.Key.Key_Space)
    assert care.referring.isChecked()

    alt(qtbot, 4)  # Athlete
    athlete = dialog.athlete
    for text in ("Trail running", "80 km/week"):
        type_and_tab(qtbot, text)
    qtbot.keyClicks(focused(), "Peak")
    assert athlete.phase.currentData() == "peak"
    tab_to(qtbot, athlete.race_name)
    race_day = date.today() + timedelta(days=20)
    qtbot.keyClicks(athlete.race_name, "Cranmore Hill Climb")
    type_and_tab(qtbot, "")
    for text in (race_day.isoformat(), "10 km"):
        type_and_tab(qtbot, text)
    qtbot.keyClick(focused(), Qt.Key.Key_Home)  # A – goal race
    athlete.race_distance.setFocus()
    qtbot.keyClick(athlete.race_distance, Qt.Key.Key_Return)
    assert athlete.races.rowCount() == 1
    assert athlete.races.item(0, 1).text() == "Cranmore Hill Climb"
    assert focused() is athlete.race_name

    alt(qtbot, 5)  # Flags & consents
    safety = dialog.safety
    tab_to(qtbot, safety.flag_kind)
    qtbot.keyClicks(safety.flag_kind, "Anti")
    type_and_tab(qtbot, "")
    qtbot.keyClicks(focused(), "Apixaban 5 mg")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert safety.flags.item(0, 0).text() == "Anticoagulants"
    tab_to(qtbot, safety.consent_version)
    qtbot.keyClicks(safety.consent_version, "2025-2")
    qtbot.keyClick(safety.consent_version, Qt.Key.Key_Return)  # acupuncture, today
    assert safety.missing_modalities() == ["dry_needling", "electroacupuncture", "cupping"]

    alt(qtbot, 6)  # Intake
    intake = dialog.intake
    assert focused() is intake.history
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is intake.new_button
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert focused() is field(dialog, "intake.chief_complaint")
    for text in (
        "Right Achilles pain on climbs",
        "Left ankle sprain 2021",
        "80 km/week, 2,000 m climbing",
        "Forefoot strike, low cadence",
        "7.5",
    ):
        type_and_tab(qtbot, text)
    qtbot.keyClicks(focused(), "4")  # sleep quality 4 – good
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    for text in ("68", "46", "Fine", "High at work"):
        type_and_tab(qtbot, text)

    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)

    header = window.header_panel
    assert header.name_label.text() == "Jonas Eriksen “Joe”"
    assert [chip.text() for chip in header.flags_box.findChildren(FlagChip)] == [
        "⚠ Anticoagulants: Apixaban 5 mg"
    ]
    missing = [chip.modality for chip in header.consents_box.findChildren(ConsentChip)]
    assert missing == ["dry_needling", "electroacupuncture", "cupping"]
    assert "Cranmore Hill Climb" in header.race_label.text()
    assert "in 20 days" in header.race_label.text()

    services = window.patient_actions.services
    record = services.records.get(header.patient_id)
    assert record.details.state == "ME"
    assert record.details.emergency_phone == "(207) 555-0178"
    (coverage,) = record.insurance
    assert (coverage.payer, coverage.member_id, coverage.relationship) == (
        "Harbor Health Plan",
        "HHP-99812",
        "spouse",
    )
    assert coverage.subscriber_dob == date(1987, 3, 2)
    assert [(c.name, c.is_referring) for c in record.care_team] == [("Maya Chen, DPT", True)]
    assert (record.profile.sports, record.profile.training_phase) == ("Trail running", "peak")
    assert [(r.name, r.priority, r.race_date) for r in record.races] == [
        ("Cranmore Hill Climb", "A", race_day)
    ]
    (entry,) = services.intakes.history(header.patient_id)
    assert (entry.sleep_hours, entry.sleep_quality, entry.hrv_ms, entry.resting_hr) == (
        7.5,
        4,
        68,
        46,
    )
    assert entry.stress == "High at work"


def test_enter_in_a_field_never_saves(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    qtbot.keyClicks(focused(), "Ana")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.banner.text() == ""
    assert window.context.patients.count() == 5


def test_race_flag_and_consent_rows_explain_their_problems(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    athlete = dialog.athlete
    alt(qtbot, 4)
    athlete.race_date.setFocus()
    qtbot.keyClicks(athlete.race_date, "13/45/2026")
    qtbot.keyClick(athlete.race_date, Qt.Key.Key_Return)
    assert athlete.race_adder.error.text() == "Enter the race name."
    assert focused() is athlete.race_name
    qtbot.keyClicks(athlete.race_name, "Boston Marathon")
    qtbot.keyClick(athlete.race_name, Qt.Key.Key_Return)
    assert athlete.race_adder.error.text() == "“13/45/2026” is not a real calendar date."
    assert athlete.race_date.text() == "13/45/2026"
    assert athlete.races.rowCount() == 0

    safety = dialog.safety
    alt(qtbot, 5)
    safety.flag_kind.setCurrentIndex(safety.flag_kind.findData("other"))
    safety.flag_adder.button.click()
    assert safety.flag_adder.error.text() == "Describe the flag in Detail."
    safety.consent_date.setText((date.today() + timedelta(days=2)).isoformat())
    safety.consent_adder.button.click()
    assert safety.consent_adder.error.text() == "A consent cannot be signed in the future."
    assert safety.pending() == []


def test_each_tab_has_one_key_per_mnemonic(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    for tab in dialog.tab_pages:
        letters = []
        for widget in tab.findChildren(QLabel) + tab.findChildren(QAbstractButton):
            text = widget.text()
            if "&" in text.replace("&&", ""):
                letters.append(text.replace("&&", "")[text.replace("&&", "").index("&") + 1])
        for box in tab.findChildren(QGroupBox):
            if "&" in box.title():
                letters.append(box.title()[box.title().index("&") + 1])
        lowered = [letter.lower() for letter in letters]
        assert len(lowered) == len(set(lowered)), (tab.title, sorted(lowered))


def test_tab_order_follows_the_demographics_columns(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    expected = [
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "sex",
        "phone",
        "email",
        "address_line1",
        "address_line2",
        "city",
        "state",
        "postal_code",
        "emergency_name",
        "emergency_relation",
        "emergency_phone",
        "notes",
    ]
    seen = []
    for _ in expected:
        seen.append(next(k for k, w in dialog.demographics.inputs.items() if w is focused()))
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert seen == expected
    assert focused() is dialog.save_button
