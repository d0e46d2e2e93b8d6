"""Every mapped class, imported in one place so metadata and Alembic see the whole schema."""

from sportacu_desktop.storage.audit import AuditEvent, DestructionOrder
from sportacu_desktop.storage.base import Base
from sportacu_desktop.storage.billing import BillingLine, IssuedDocument, Payment
from sportacu_desktop.storage.clinical import (
    Addendum,
    AdverseEvent,
    CuppingTreatment,
    Diagnosis,
    DryNeedling,
    ElectroStim,
    Episode,
    MuscleTest,
    OutcomeMeasure,
    PointTreatment,
    RangeOfMotion,
    SpecialTestResult,
    Visit,
    VisitDraft,
)
from sportacu_desktop.storage.patients import (
    AthleteProfile,
    CareTeamLink,
    Consent,
    Insurance,
    Intake,
    Patient,
    PatientFlag,
    Race,
)
from sportacu_desktop.storage.practice import (
    CareContact,
    FeeScheduleItem,
    Practice,
    Setting,
    User,
)

__all__ = [
    "Addendum",
    "AdverseEvent",
    "AthleteProfile",
    "AuditEvent",
    "Base",
    "BillingLine",
    "CareContact",
    "CareTeamLink",
    "DestructionOrder",
    "Consent",
    "CuppingTreatment",
    "Diagnosis",
    "DryNeedling",
    "ElectroStim",
    "Episode",
    "FeeScheduleItem",
    "Insurance",
    "Intake",
    "IssuedDocument",
    "MuscleTest",
    "OutcomeMeasure",
    "Patient",
    "PatientFlag",
    "Payment",
    "PointTreatment",
    "Practice",
    "Race",
    "RangeOfMotion",
    "Setting",
    "SpecialTestResult",
    "User",
    "Visit",
    "VisitDraft",
]
