"""Saving the patient form: one service call per changed part, in a fixed order.

Each call is its own unit of work. The demographics go first, so a stale edit is found
before anything else is written; the first failure stops the run and the outcome says
what was applied, so the form keeps only what is still unsaved. No Qt here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sportacu_desktop.domain.patient_rules import clean_insurance, clean_patient
from sportacu_desktop.domain.patients import PatientRecord
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.intake import IntakeInput, clean_intake
from sportacu_desktop.ui.patients.record_fields import (
    RANKS,
    insurance_input,
    patient_input,
    profile_values,
    section_changed,
)


@dataclass
class SaveOutcome:
    record: PatientRecord
    applied: set = field(default_factory=set)
    sections: set[str] = field(default_factory=set)
    intake_saved: bool = False
    error: BaseException | None = None
    # The prefix that puts a failed step's field errors on the right fields.
    error_prefix: str = ""


def _collect(errors: dict[str, str], prefix: str, check: Callable[[], object]) -> None:
    try:
        check()
    except FieldErrors as problems:
        for name, message in problems.errors.items():
            errors.setdefault(prefix + name, message)


def validate(values: dict[str, str], intake: IntakeInput | None, today: date) -> dict[str, str]:
    """Every problem in the form at once, keyed like the form's fields; nothing is written."""
    errors: dict[str, str] = {}
    _collect(errors, "", lambda: clean_patient(patient_input(values), today))
    for rank in RANKS:
        coverage = insurance_input(values, rank)
        if coverage is not None:
            _collect(errors, f"ins{rank}.", lambda c=coverage: clean_insurance(c, today))
    if intake is not None:
        _collect(errors, "intake.", lambda: clean_intake(intake, today))
    return errors


def save_changes(
    services,
    record: PatientRecord,
    base: dict[str, str],
    values: dict[str, str],
    ops: list,
    intake: IntakeInput | None,
) -> SaveOutcome:
    """Apply what differs between ``base`` and ``values``, then ``ops`` and ``intake``."""
    outcome = SaveOutcome(record)
    steps: list[tuple[str, str, object, Callable[[], object]]] = []
    pid = record.id
    if section_changed(base, values, "patient"):
        steps.append(
            (
                "",
                "patient",
                None,
                lambda: services.records.update(pid, patient_input(values), record.version),
            )
        )
    for rank in RANKS:
        if section_changed(base, values, f"ins{rank}"):
            coverage = insurance_input(values, rank)
            steps.append(
                (
                    f"ins{rank}.",
                    f"ins{rank}",
                    None,
                    lambda c=coverage, r=rank: services.records.set_insurance(pid, c, rank=r),
                )
            )
    if section_changed(base, values, "profile"):
        profile = profile_values(values)
        steps.append(
            ("profile.", "profile", None, lambda: services.details.save_profile(pid, **profile))
        )
    for op in ops:
        steps.append(("", "", op, lambda o=op: o.apply(services, pid)))
    if intake is not None:
        steps.append(("intake.", "intake", None, lambda: services.intakes.add(pid, intake)))

    for prefix, section, op, call in steps:
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - the form shows it and keeps what is unsaved
            outcome.error, outcome.error_prefix = exc, prefix
            return outcome
        if isinstance(result, PatientRecord):
            outcome.record = result
        if op is not None:
            outcome.applied.add(op)
        if section == "intake":
            outcome.intake_saved = True
        elif section:
            outcome.sections.add(section)
    return outcome
