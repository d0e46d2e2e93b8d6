"""The recovery markers an intake recorded (sleep, resting heart rate, HRV) as FHIR
Observations, coded like the same markers recorded later as measures."""

from sportacu_desktop.services.fhir_clinical import LOINC_BY_INSTRUMENT, UCUM_UNITS
from sportacu_desktop.services.fhir_common import (
    INSTRUMENT,
    LOINC,
    UCUM,
    ClinicIds,
    category,
    concept,
    entry,
    local_code,
    when,
)
from sportacu_desktop.storage import models as m

# intake column -> (instrument key, label, unit)
MARKERS = (
    ("sleep_hours", "SLEEP_HOURS", "Sleep", "h"),
    ("sleep_quality", "SLEEP_QUALITY", "Sleep quality", "/5"),
    ("hrv_ms", "HRV", "HRV", "ms"),
    ("resting_hr", "RESTING_HR", "Resting heart rate", "bpm"),
)


def intake_observations(ids: ClinicIds, intake: m.Intake) -> list[dict]:
    out = []
    for column, key, label, unit in MARKERS:
        value = getattr(intake, column)
        if value is None:
            continue
        loinc = LOINC_BY_INSTRUMENT.get(key)
        code = (
            concept(LOINC, loinc[0], loinc[1], label)
            if loinc
            else concept(INSTRUMENT, local_code(key), label)
        )
        number = int(value) if float(value).is_integer() else value
        out.append(
            entry(
                ids,
                "intake-marker",
                f"{intake.id}/{column}",
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": category("vital-signs", "Vital Signs")
                    if key == "RESTING_HR"
                    else category("activity", "Activity"),
                    "code": code,
                    "subject": ids.ref("patient", intake.patient_id),
                    "effectiveDateTime": when(intake.taken_on),
                    "valueQuantity": {
                        "value": number,
                        "unit": unit,
                        "system": UCUM,
                        "code": UCUM_UNITS.get(unit, "{score}"),
                    },
                },
            )
        )
    return out
