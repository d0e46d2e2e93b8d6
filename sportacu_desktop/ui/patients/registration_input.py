"""The patient form's contents as one ``Registration``: what changed since it was opened.

Only the parts that differ from what the form loaded are sent, so saving an untouched
section never rewrites it (and never records a change in the audit trail). No Qt here.
"""

from sportacu_desktop.domain.patients import PatientRecord
from sportacu_desktop.services.intake import IntakeInput
from sportacu_desktop.services.registration import ProfileInput, Registration
from sportacu_desktop.ui.patients.record_fields import (
    RANKS,
    insurance_input,
    patient_input,
    profile_values,
    section_changed,
)


def registration_from_form(
    record: PatientRecord | None,
    base: dict[str, str],
    values: dict[str, str],
    ops: list,
    intake: IntakeInput | None,
    *,
    allow_duplicate: bool = False,
) -> Registration:
    new = record is None
    details = patient_input(values) if new or section_changed(base, values, "patient") else None
    insurance = {
        rank: insurance_input(values, rank)
        for rank in RANKS
        if section_changed(base, values, f"ins{rank}")
        and not (new and insurance_input(values, rank) is None)
    }
    profile = None
    if section_changed(base, values, "profile"):
        profile = ProfileInput(**profile_values(values))
    return Registration(
        patient_id=None if new else record.id,
        expected_version=None if new else record.version,
        details=details,
        insurance=insurance,
        profile=profile,
        changes=tuple(op.change() for op in ops),
        intake=intake,
        allow_duplicate=allow_duplicate,
    )
