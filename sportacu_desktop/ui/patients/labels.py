"""Words the patient screens show for the domain's codes, and the choices of each combo."""

from PySide6.QtWidgets import QComboBox

from sportacu_desktop.domain.enums import (
    CareRole,
    FlagKind,
    Modality,
    RacePriority,
    Sex,
    SubscriberRelationship,
    TrainingPhase,
)

SEX_CHOICES = (
    (Sex.UNKNOWN, "Not recorded"),
    (Sex.FEMALE, "Female"),
    (Sex.MALE, "Male"),
    (Sex.OTHER, "Other"),
)
RELATIONSHIP_CHOICES = (
    (SubscriberRelationship.SELF, "The policy holder (self)"),
    (SubscriberRelationship.SPOUSE, "Spouse of the holder"),
    (SubscriberRelationship.CHILD, "Child of the holder"),
    (SubscriberRelationship.OTHER, "Other relation of the holder"),
)
ROLE_LABELS = {
    CareRole.PHYSICAL_THERAPIST: "Physical therapist",
    CareRole.PHYSICIAN: "Physician",
    CareRole.SURGEON: "Surgeon",
    CareRole.OTHER: "Other",
}
PHASE_LABELS = {
    TrainingPhase.BASE: "Base",
    TrainingPhase.BUILD: "Build",
    TrainingPhase.PEAK: "Peak",
    TrainingPhase.TAPER: "Taper",
    TrainingPhase.RACE: "Race",
    TrainingPhase.RECOVERY: "Recovery",
    TrainingPhase.OFF_SEASON: "Off-season",
}
PRIORITY_LABELS = {
    RacePriority.A: "A – goal race",
    RacePriority.B: "B – important",
    RacePriority.C: "C – training race",
}
MODALITY_LABELS = {modality: modality.label for modality in Modality}
SLEEP_QUALITY_CHOICES = (
    ("", "Not asked"),
    ("1", "1 – poor"),
    ("2", "2 – fair"),
    ("3", "3 – average"),
    ("4", "4 – good"),
    ("5", "5 – excellent"),
)


def role_label(code: str) -> str:
    try:
        return ROLE_LABELS[CareRole(code)]
    except ValueError:
        return code


def modality_label(code: str) -> str:
    try:
        return MODALITY_LABELS[Modality(code)]
    except ValueError:
        return code


def flag_label(code: str) -> str:
    try:
        return FlagKind(code).label
    except ValueError:
        return code


def fill_combo(combo: QComboBox, choices) -> QComboBox:
    """Items shown as words, carrying the code as item data."""
    for code, text in choices:
        combo.addItem(text, str(code))
    return combo
