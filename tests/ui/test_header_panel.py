"""The chart header: flags impossible to miss, the next race, and never a mix of two patients."""

from dataclasses import replace
from datetime import date

import pytest

from sportacu_desktop.domain.patients import FlagView, PatientHeader, RaceView
from sportacu_desktop.ui.patients.header_panel import FlagChip, PatientHeaderPanel

ANA = PatientHeader(
    id=1,
    chart_number="SA-000001",
    first_name="Ana",
    last_name="Ruiz",
    preferred_name="",
    date_of_birth=date(1990, 3, 14),
    age=36,
    sex="F",
    phone="(207) 555-0101",
    payer="Blue Harbor Health",
    training_phase="taper",
    sports="Running",
    flags=(
        FlagView("pacemaker_icd", "Pacemaker / ICD", "Dual chamber"),
        FlagView("anticoagulants", "Anticoagulants", ""),
    ),
    next_race=RaceView("Harbor Marathon", date(2026, 12, 8), "Marathon", "A", 12),
    visit_count=14,
    last_visit=date(2026, 11, 2),
    archived=False,
)
BEN = replace(
    ANA,
    id=2,
    chart_number="SA-000002",
    first_name="Ben",
    last_name="Okafor",
    sex="M",
    payer="",
    flags=(),
    next_race=None,
    visit_count=0,
    last_visit=None,
)


@pytest.fixture
def panel(qtbot):
    panel = PatientHeaderPanel("Ctrl+F")
    qtbot.addWidget(panel)
    panel.resize(600, 500)
    panel.show()
    return panel


def chips(panel: PatientHeaderPanel) -> list[str]:
    return [chip.text() for chip in panel.flags_box.findChildren(FlagChip)]


def test_empty_state_points_to_find(panel):
    assert panel.patient_id is None
    assert panel.empty_hint.isVisible()
    assert "Ctrl+F" in panel.empty_hint.text()
    assert panel.shown_text() == ""


def test_shows_every_part_of_the_header(panel):
    panel.show_patient(ANA)
    assert panel.patient_id == 1
    assert not panel.empty_hint.isVisible()
    assert panel.name_label.text() == "Ana Ruiz"
    assert panel.identity_label.text() == "Chart SA-000001  ·  36 years  ·  Female"
    assert chips(panel) == ["⚠ Pacemaker / ICD: Dual chamber", "⚠ Anticoagulants"]
    assert all(chip.isVisible() for chip in panel.flags_box.findChildren(FlagChip))
    race = panel.race_label.text()
    assert "Harbor Marathon" in race and "in 12 days" in race and "12/08/2026" in race
    assert "dry needling" not in race
    values = {key: label.text() for key, label in panel.fields.items()}
    assert values == {
        "date_of_birth": "03/14/1990",
        "phone": "(207) 555-0101",
        "payer": "Blue Harbor Health",
        "sports": "Running",
        "training_phase": "Taper",
        "visits": "14",
        "last_visit": "11/02/2026",
    }


def test_a_race_within_72_hours_carries_the_timing_rule(panel):
    soon = replace(ANA, next_race=replace(ANA.next_race, days_to_go=2))
    panel.show_patient(soon)
    assert "in 2 days" in panel.race_label.text()
    assert "avoid aggressive dry needling in the 48–72 h" in panel.race_label.text()
    panel.show_patient(replace(ANA, next_race=replace(ANA.next_race, days_to_go=4)))
    assert "dry needling" not in panel.race_label.text()
    panel.show_patient(replace(ANA, next_race=replace(ANA.next_race, days_to_go=0)))
    assert "today" in panel.race_label.text()


def test_next_patient_replaces_everything(panel):
    panel.show_patient(ANA)
    panel.show_patient(BEN)
    assert chips(panel) == []
    assert panel.no_flags_label.isVisible()
    assert not panel.race_label.isVisible()
    text = panel.shown_text()
    for leftover in ("Ana", "Ruiz", "SA-000001", "Pacemaker", "Harbor Marathon", "Blue Harbor"):
        assert leftover not in text
    assert panel.fields["payer"].text() == "Self-pay"
    assert panel.fields["last_visit"].text() == "No visit yet"


def test_clear_returns_to_the_hint(panel):
    panel.show_patient(ANA)
    panel.clear()
    assert panel.patient_id is None
    assert chips(panel) == []
    assert panel.empty_hint.isVisible()
