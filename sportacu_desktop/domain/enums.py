"""Closed vocabularies of the domain. Values are stored as their string value."""

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"
    UNKNOWN = "U"


class TrainingPhase(StrEnum):
    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RACE = "race"
    RECOVERY = "recovery"
    OFF_SEASON = "off-season"


class RacePriority(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class FlagKind(StrEnum):
    PACEMAKER_ICD = "pacemaker_icd"
    ANTICOAGULANTS = "anticoagulants"
    BLEEDING_DISORDER = "bleeding_disorder"
    PREGNANCY = "pregnancy"
    EPILEPSY = "epilepsy"
    METAL_IMPLANT = "metal_implant"
    NEEDLE_SYNCOPE = "needle_syncope"
    SKIN_CONDITION = "skin_condition"
    ALLERGY = "allergy"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _FLAG_LABELS[self]


_FLAG_LABELS = {
    FlagKind.PACEMAKER_ICD: "Pacemaker / ICD",
    FlagKind.ANTICOAGULANTS: "Anticoagulants",
    FlagKind.BLEEDING_DISORDER: "Bleeding disorder",
    FlagKind.PREGNANCY: "Pregnancy",
    FlagKind.EPILEPSY: "Epilepsy",
    FlagKind.METAL_IMPLANT: "Metal implant",
    FlagKind.NEEDLE_SYNCOPE: "Needle syncope history",
    FlagKind.SKIN_CONDITION: "Skin condition",
    FlagKind.ALLERGY: "Allergy",
    FlagKind.OTHER: "Other",
}


class Modality(StrEnum):
    ACUPUNCTURE = "acupuncture"
    DRY_NEEDLING = "dry_needling"
    ELECTROACUPUNCTURE = "electroacupuncture"
    CUPPING = "cupping"

    @property
    def label(self) -> str:
        return _MODALITY_LABELS[self]


_MODALITY_LABELS = {
    Modality.ACUPUNCTURE: "Acupuncture",
    Modality.DRY_NEEDLING: "Dry needling",
    Modality.ELECTROACUPUNCTURE: "Electroacupuncture",
    Modality.CUPPING: "Cupping",
}


class SubscriberRelationship(StrEnum):
    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"
    OTHER = "other"


class CareRole(StrEnum):
    PHYSICAL_THERAPIST = "PT"
    PHYSICIAN = "physician"
    SURGEON = "surgeon"
    OTHER = "other"


class Role(StrEnum):
    ADMIN = "admin"
    PRACTITIONER = "practitioner"
    FRONT_DESK = "front_desk"


class VisitStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class EpisodeStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Side(StrEnum):
    LEFT = "L"
    RIGHT = "R"
    BILATERAL = "B"
    MIDLINE = "M"

    @property
    def label(self) -> str:
        """The one word for this side on screen and on paper."""
        return _SIDE_LABELS[self]

    @classmethod
    def label_of(cls, code: str) -> str:
        """The label of a stored code; a code no release wrote is shown as it is."""
        try:
            return cls(code).label
        except ValueError:
            return code


_SIDE_LABELS = {
    Side.BILATERAL: "Bilateral",
    Side.LEFT: "Left",
    Side.RIGHT: "Right",
    Side.MIDLINE: "Midline",
}


class Waveform(StrEnum):
    CONTINUOUS = "continuous"
    DENSE_DISPERSE = "dense-disperse"
    INTERMITTENT = "intermittent"


class CuppingKind(StrEnum):
    CUPPING = "cupping"
    GUA_SHA = "gua_sha"

    @property
    def label(self) -> str:
        return "Gua sha" if self is CuppingKind.GUA_SHA else "Cupping"


class CuppingTechnique(StrEnum):
    STATIC = "static"
    MOVING = "moving"
    FLASH = "flash"


class AdverseEventKind(StrEnum):
    BRUISING = "bruising"
    PAIN = "pain"
    SYNCOPE = "syncope"
    STUCK_NEEDLE = "stuck_needle"
    NEEDLE_LEFT_IN = "needle_left_in"
    PNEUMOTHORAX = "pneumothorax"
    BURN = "burn"
    OTHER = "other"


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class PaymentMethod(StrEnum):
    CARD = "card"
    CASH = "cash"
    CHECK = "check"
    HSA_FSA = "hsa_fsa"
    INSURANCE = "insurance"


class DocumentKind(StrEnum):
    SUPERBILL = "superbill"
    SUMMARY = "summary"
    VISIT_NOTE = "visit_note"
