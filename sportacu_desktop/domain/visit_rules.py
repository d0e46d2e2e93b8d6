"""Checks on a visit note before it is stored as a structured note or signed."""

import re

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.catalog import acupoints
from sportacu_desktop.domain.enums import AdverseEventKind, CuppingKind, Severity, Waveform
from sportacu_desktop.domain.safety import split_lead
from sportacu_desktop.domain.visits import VisitContent

_HZ = re.compile(r"^\d{1,3}(\.\d)?(/\d{1,3}(\.\d)?)?$")
SIDES = {"L", "R", "B", "M"}
TEXT_FIELDS = (
    "response_to_last",
    "training_since",
    "subjective",
    "objective",
    "palpation",
    "assessment",
    "plan",
    "recommendations",
    "needle_count_exception",
)

# Stored as one letter each in visit.needle_reinsertions (40 characters).
MAX_REINSERTIONS = 40


def _range(errors: v.FieldErrors, key: str, value, low: int, high: int, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, int) or not low <= value <= high:
        errors.add(key, f"{what} must be a whole number from {low} to {high}.")


def content_problems(content: VisitContent) -> v.FieldErrors:
    """Every problem in the note, keyed so the editor can point at the row and field."""
    errors = v.FieldErrors()
    v.text_problems(
        {name: getattr(content, name) for name in TEXT_FIELDS},
        errors,
        multiline=frozenset(TEXT_FIELDS),
    )
    _range(errors, "pain_nrs", content.pain_nrs, 0, 10, "Pain (NRS)")
    _range(errors, "contact_minutes", content.contact_minutes, 0, 480, "Contact minutes")
    _range(errors, "needles_in", content.needles_in, 0, 500, "Needles in")
    _range(errors, "needles_out", content.needles_out, 0, 500, "Needles out")
    if len(content.reinsertions) > MAX_REINSERTIONS:
        errors.add(
            "reinsertions", f"At most {MAX_REINSERTIONS} needle re-insertions can be charted."
        )
    for i, test in enumerate(content.tests, 1):
        errors.add(f"tests.{i}", v.required(test.test_name, f"name of special test {i}"))
        if test.result not in ("", "positive", "negative", "equivocal"):
            errors.add(
                f"tests.{i}", f"Special test {i}: result is positive, negative or equivocal."
            )
    for i, rom in enumerate(content.rom, 1):
        _range(errors, f"rom.{i}", rom.degrees, -30, 200, f"ROM {i} degrees")
    for i, mmt in enumerate(content.muscle_tests, 1):
        _range(errors, f"muscle_tests.{i}", mmt.grade, 0, 5, f"Muscle test {i} grade")
    known = acupoints()
    for i, point in enumerate(content.points, 1):
        if point.code not in known:
            errors.add(f"points.{i}", f"{point.code} is not a known point.")
        if point.side not in SIDES:
            errors.add(f"points.{i}", f"{point.code}: side must be L, R or B.")
        _range(errors, f"points.{i}", point.length_mm, 5, 150, f"{point.code} needle length mm")
        _range(
            errors,
            f"points.{i}",
            point.retention_minutes,
            0,
            120,
            f"{point.code} retention minutes",
        )
    for i, dn in enumerate(content.dry_needling, 1):
        errors.add(f"dry_needling.{i}", v.required(dn.muscle, f"muscle of dry needling row {i}"))
        _range(errors, f"dry_needling.{i}", dn.needles, 1, 50, f"{dn.muscle or 'Row'} needles")
    for i, ea in enumerate(content.electro, 1):
        for lead in (ea.point_a, ea.point_b):
            code, _side = split_lead(lead)
            if code not in known:
                errors.add(
                    f"electro.{i}", f"EA pair {i}: {lead or '(empty)'} is not a known point."
                )
        if ea.waveform not in {w.value for w in Waveform}:
            errors.add(
                f"electro.{i}",
                f"EA pair {i}: waveform is continuous, dense-disperse or intermittent.",
            )
        if not _HZ.match(ea.frequency_hz.strip()):
            errors.add(
                f"electro.{i}",
                f"EA pair {i}: frequency is a number of Hz such as 2, or 2/100 for dense-disperse.",
            )
        _range(errors, f"electro.{i}", ea.minutes, 1, 120, f"EA pair {i} minutes")
    for i, cup in enumerate(content.cupping, 1):
        errors.add(f"cupping.{i}", v.required(cup.region, f"region of cupping/gua sha row {i}"))
        if cup.kind not in {k.value for k in CuppingKind}:
            errors.add(f"cupping.{i}", "Choose cupping or gua sha.")
        _range(errors, f"cupping.{i}", cup.cups, 1, 40, "Cups")
        _range(errors, f"cupping.{i}", cup.minutes, 0, 60, "Cupping minutes")
    for i, event in enumerate(content.adverse_events, 1):
        if event.kind not in {k.value for k in AdverseEventKind}:
            errors.add(f"adverse_events.{i}", "Choose the kind of adverse event.")
        if event.severity not in {s.value for s in Severity}:
            errors.add(f"adverse_events.{i}", "Severity is mild, moderate or severe.")
    return errors


SUBJECTIVE_FIELDS = ("response_to_last", "training_since", "subjective")
OBJECTIVE_FIELDS = ("objective", "palpation")


def documentation_problems(content: VisitContent) -> list[str]:
    """What a note must document before it is signed: a signed note is the legal record."""
    problems = []
    subjective = content.pain_nrs is not None or any(
        getattr(content, name).strip() for name in SUBJECTIVE_FIELDS
    )
    objective = any(getattr(content, name).strip() for name in OBJECTIVE_FIELDS) or bool(
        content.tests or content.rom or content.muscle_tests
    )
    if not (subjective or objective):
        problems.append("Write at least one subjective or objective finding.")
    if not content.assessment.strip():
        problems.append("Write an assessment.")
    return problems
