"""The flags banner of an open chart: contraindications, missing consents, the next race."""

from datetime import date, timedelta

from PySide6.QtCore import Qt

from sportacu_desktop.domain.patients import FlagView, PatientHeader, RaceView
from sportacu_desktop.ui.patients.header_panel import ConsentChip, FlagChip, PatientHeaderPanel
from tests.ui.patient_form_support import field, open_edit_form, save

BEA = PatientHeader(
    id=7,
    chart_number="SA-000007",
    first_name="Bea",
    last_name="Lindqvist",
    preferred_name="",
    date_of_birth=date(1992, 5, 1),
    age=34,
    sex="F",
    phone="(207) 555-0107",
    payer="",
    training_phase="peak",
    sports="Triathlon",
    flags=(FlagView("metal_implant", "Metal implant", "Plate, left tibia"),),
    next_race=RaceView("Maine Coast Half", date(2026, 12, 1), "21.1 km", "B", 9),
    visit_count=2,
    last_visit=None,
    archived=False,
)


def consent_chips(panel: PatientHeaderPanel) -> list[str]:
    return [chip.text() for chip in panel.consents_box.findChildren(ConsentChip)]


def test_missing_consents_sit_next_to_the_flags(qtbot):
    panel = PatientHeaderPanel()
    qtbot.addWidget(panel)
    panel.resize(640, 480)
    panel.show()
    panel.show_patient(BEA, ["dry_needling", "cupping"])
    assert consent_chips(panel) == [
        "✎ No signed consent: Dry needling",
        "✎ No signed consent: Cupping",
    ]
    assert panel.consents_box.isVisible()
    assert not panel.consents_ok_label.isVisible()
    assert "No signed consent: Cupping" in panel.shown_text()
    assert "Maine Coast Half" in panel.race_label.text()
    assert "in 9 days" in panel.race_label.text()

    panel.show_patient(BEA, [])
    assert consent_chips(panel) == []
    assert panel.consents_ok_label.isVisible()

    # Unknown (e.g. could not be read): nothing is claimed either way.
    panel.show_patient(BEA)
    assert consent_chips(panel) == []
    assert not panel.consents_ok_label.isVisible()
    assert not panel.consents_box.isVisible()


def test_opening_a_chart_shows_flags_missing_consents_and_race(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    window.search_panel.search_box.setText("Ruiz Ana")
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Return)
    header = window.header_panel
    qtbot.waitUntil(lambda: header.patient_id is not None)
    assert [chip.text() for chip in header.flags_box.findChildren(FlagChip)] == [
        "⚠ Pacemaker / ICD: Dual chamber",
        "⚠ Anticoagulants: Apixaban",
    ]
    assert [chip.modality for chip in header.consents_box.findChildren(ConsentChip)] == [
        "acupuncture",
        "dry_needling",
        "electroacupuncture",
        "cupping",
    ]
    assert "Next A race: <b>Harbor Marathon</b>" in header.race_label.text()
    assert "in 12 days" in header.race_label.text()

    # Record two consents and a nearer B race in the form: the header follows the save.
    dialog = open_edit_form(qtbot, window)
    safety = dialog.safety
    for modality in ("acupuncture", "dry_needling"):
        safety.consent_modality.setCurrentIndex(safety.consent_modality.findData(modality))
        safety.consent_version.setText("2025-1")
        safety.consent_adder.button.click()
    athlete = dialog.athlete
    athlete.race_name.setText("Turkey Trot")
    athlete.race_date.setText((date.today() + timedelta(days=2)).strftime("%m/%d/%Y"))
    athlete.race_priority.setCurrentIndex(athlete.race_priority.findData("B"))
    athlete.race_adder.button.click()
    field(dialog, "preferred_name").setText("Annie")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)

    assert header.name_label.text() == "Ana Ruiz “Annie”"
    assert [chip.modality for chip in header.consents_box.findChildren(ConsentChip)] == [
        "electroacupuncture",
        "cupping",
    ]
    race = header.race_label.text()
    assert "Next B race: <b>Turkey Trot</b>" in race
    assert "in 2 days" in race and "avoid aggressive dry needling" in race
    assert len(header.flags_box.findChildren(FlagChip)) == 2
