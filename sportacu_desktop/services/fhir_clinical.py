"""FHIR resources for the clinical record: episodes of care, diagnoses, visits, treatments,
observations and adverse events."""

from sportacu_desktop.domain.catalog import acupoints
from sportacu_desktop.domain.enums import Side
from sportacu_desktop.domain.outcomes import INSTRUMENTS
from sportacu_desktop.services.fhir_common import (
    ACUPOINT,
    BODY_REGION,
    EVENT_KIND,
    ICD10CM,
    INSTRUMENT,
    LOINC,
    LOINC_PAIN_NRS,
    LOINC_RESTING_HR,
    LOINC_SLEEP_HOURS,
    MUSCLE,
    TERMINOLOGY,
    TREATMENT,
    UCUM,
    ClinicIds,
    category,
    concept,
    entry,
    local_code,
    prune,
    when,
)
from sportacu_desktop.storage import models as m

# HRV is charted without saying which statistic (SDNN or RMSSD), so it keeps a local code.
LOINC_BY_INSTRUMENT = {
    "NPRS": LOINC_PAIN_NRS,
    "RESTING_HR": LOINC_RESTING_HR,
    "SLEEP_HOURS": LOINC_SLEEP_HOURS,
}
UCUM_UNITS = {"ms": "ms", "bpm": "/min", "h": "h", "km": "km", "%": "%"}


def episode_of_care(
    ids: ClinicIds, episode: m.Episode, diagnoses: list[m.Diagnosis], practice_id: int | None
) -> dict:
    return entry(
        ids,
        "episode",
        episode.id,
        prune(
            {
                "resourceType": "EpisodeOfCare",
                "status": "active" if episode.status == "open" else "finished",
                "type": [{"text": episode.title}],
                "diagnosis": [
                    {"condition": ids.ref("diagnosis", d.id), "rank": d.rank} for d in diagnoses
                ],
                "patient": ids.ref("patient", episode.patient_id),
                "managingOrganization": ids.ref("practice", practice_id) if practice_id else None,
                "period": {"start": when(episode.start_date), "end": when(episode.end_date)},
            }
        ),
    )


def condition(ids: ClinicIds, diagnosis: m.Diagnosis, episode: m.Episode) -> dict:
    resolved = episode.status != "open"
    return entry(
        ids,
        "diagnosis",
        diagnosis.id,
        prune(
            {
                "resourceType": "Condition",
                "clinicalStatus": concept(
                    TERMINOLOGY + "condition-clinical", "resolved" if resolved else "active"
                ),
                "verificationStatus": concept(TERMINOLOGY + "condition-ver-status", "confirmed"),
                "category": [
                    concept(
                        TERMINOLOGY + "condition-category",
                        "encounter-diagnosis",
                        "Encounter Diagnosis",
                    )
                ],
                "code": concept(ICD10CM, diagnosis.code, diagnosis.description),
                "subject": ids.ref("patient", episode.patient_id),
                "onsetDateTime": when(episode.onset_date),
                "abatementDateTime": when(episode.end_date) if resolved else None,
                "recordedDate": when(diagnosis.created_at),
            }
        ),
    )


def encounter(ids: ClinicIds, visit: m.Visit, diagnoses: list[m.Diagnosis], practice_id) -> dict:
    return entry(
        ids,
        "visit",
        visit.id,
        prune(
            {
                "resourceType": "Encounter",
                "status": "finished" if visit.status == "signed" else "in-progress",
                "class": {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "AMB",
                    "display": "ambulatory",
                },
                "subject": ids.ref("patient", visit.patient_id),
                "episodeOfCare": [ids.ref("episode", visit.episode_id)] if visit.episode_id else [],
                "participant": [{"individual": ids.ref("user", visit.provider_id)}],
                "period": {"start": when(visit.visit_date), "end": when(visit.visit_date)},
                "length": {
                    "value": visit.contact_minutes,
                    "unit": "min",
                    "system": UCUM,
                    "code": "min",
                }
                if visit.contact_minutes
                else None,
                "diagnosis": [
                    {"condition": ids.ref("diagnosis", d.id), "rank": d.rank} for d in diagnoses
                ],
                "serviceProvider": ids.ref("practice", practice_id) if practice_id else None,
            }
        ),
    )


def _side(code: str) -> str:
    return Side.label_of(code).lower()


def _procedure(ids: ClinicIds, visit: m.Visit, kind: str, label: str, **fields) -> dict:
    return entry(
        ids,
        "procedure",
        f"{visit.id}/{kind}",
        prune(
            {
                "resourceType": "Procedure",
                "status": "completed" if visit.status == "signed" else "in-progress",
                "category": {"text": "Acupuncture and related treatment"},
                "code": concept(TREATMENT, kind, label),
                "subject": ids.ref("patient", visit.patient_id),
                "encounter": ids.ref("visit", visit.id),
                "performedDateTime": when(visit.visit_date),
                "performer": [{"actor": ids.ref("user", visit.provider_id)}],
                **fields,
            }
        ),
    )


def procedures(ids: ClinicIds, visit: m.Visit, rows: dict[str, list]) -> list[dict]:
    """One Procedure per kind of treatment given at the visit, its rows as body sites."""
    out = []
    names = acupoints()
    points: list[m.PointTreatment] = rows.get("points", [])
    if points:
        out.append(
            _procedure(
                ids,
                visit,
                "acupuncture",
                "Acupuncture",
                bodySite=[
                    concept(
                        ACUPOINT,
                        p.point_code,
                        names[p.point_code].pinyin if p.point_code in names else "",
                        f"{p.point_code} {_side(p.side)}",
                    )
                    for p in points
                ],
                note=[{"text": text} for text in map(_needling, points)],
            )
        )
    needled: list[m.DryNeedling] = rows.get("dry_needling", [])
    if needled:
        out.append(
            _procedure(
                ids,
                visit,
                "dry-needling",
                "Dry needling",
                bodySite=[
                    concept(MUSCLE, local_code(d.muscle), d.muscle, f"{d.muscle} {_side(d.side)}")
                    for d in needled
                ],
                note=[
                    {
                        "text": f"{d.muscle} ({_side(d.side)}): {d.needles} needle(s), local "
                        f"twitch response {'yes' if d.twitch_response else 'no'}"
                    }
                    for d in needled
                ],
            )
        )
    electro: list[m.ElectroStim] = rows.get("electro", [])
    if electro:
        out.append(
            _procedure(
                ids,
                visit,
                "electroacupuncture",
                "Electroacupuncture",
                bodySite=[
                    concept(ACUPOINT, code, names[code].pinyin if code in names else "", code)
                    for e in electro
                    for code in (e.point_a, e.point_b)
                ],
                note=[
                    {
                        "text": f"Leads {e.point_a}–{e.point_b}: {e.waveform}, {e.frequency_hz} "
                        f"Hz, intensity {e.intensity}, {e.minutes} min"
                        + (f", device {e.device}" if e.device else "")
                    }
                    for e in electro
                ],
            )
        )
    for kind in ("cupping", "gua_sha"):
        items = [c for c in rows.get("cupping", []) if c.kind == kind]
        if items:
            label = "Gua sha" if kind == "gua_sha" else "Cupping"
            out.append(
                _procedure(
                    ids,
                    visit,
                    local_code(kind),
                    label,
                    bodySite=[concept(BODY_REGION, local_code(c.region), c.region) for c in items],
                    note=[{"text": _cupping(c)} for c in items],
                )
            )
    return out


def _needling(point: m.PointTreatment) -> str:
    parts = [
        point.technique,
        f"gauge {point.gauge}" if point.gauge else "",
        f"{point.length_mm} mm" if point.length_mm else "",
        f"retained {point.retention_minutes} min" if point.retention_minutes else "",
    ]
    detail = ", ".join(x for x in parts if x)
    return f"{point.point_code} ({_side(point.side)}): {detail}" if detail else ""


def _cupping(row: m.CuppingTreatment) -> str:
    parts = [
        row.cup_type,
        row.technique,
        f"{row.cups} cups" if row.cups else "",
        f"{row.minutes} min" if row.minutes else "",
        f"marks: {row.marks}" if row.marks else "",
    ]
    return f"{row.region}: " + ", ".join(x for x in parts if x)


def _quantity(value: float, unit: str) -> dict:
    code = UCUM_UNITS.get(unit, "{score}")
    number = int(value) if float(value).is_integer() else value
    return {"value": number, "unit": unit or "score", "system": UCUM, "code": code}


def pain_observation(ids: ClinicIds, visit: m.Visit) -> dict:
    code, display = LOINC_PAIN_NRS
    return entry(
        ids,
        "pain",
        visit.id,
        {
            "resourceType": "Observation",
            "status": "final" if visit.status == "signed" else "preliminary",
            "category": category("survey", "Survey"),
            "code": concept(LOINC, code, display, "Pain (NRS 0–10)"),
            "subject": ids.ref("patient", visit.patient_id),
            "encounter": ids.ref("visit", visit.id),
            "effectiveDateTime": when(visit.visit_date),
            "valueQuantity": _quantity(visit.pain_nrs or 0, "/10"),
        },
    )


def measure_observation(ids: ClinicIds, row: m.OutcomeMeasure) -> dict:
    spec = INSTRUMENTS.get(row.instrument)
    label = spec.label if spec else row.instrument
    loinc = LOINC_BY_INSTRUMENT.get(row.instrument)
    code = (
        concept(LOINC, loinc[0], loinc[1], label)
        if loinc
        else concept(INSTRUMENT, local_code(row.instrument), label)
    )
    marker = bool(spec and spec.recovery_marker)
    return entry(
        ids,
        "measure",
        row.id,
        prune(
            {
                "resourceType": "Observation",
                "status": "final",
                "category": category("vital-signs", "Vital Signs")
                if row.instrument == "RESTING_HR"
                else category(
                    "activity" if marker else "survey", "Activity" if marker else "Survey"
                ),
                "code": code,
                "subject": ids.ref("patient", row.patient_id),
                "encounter": ids.ref("visit", row.visit_id) if row.visit_id else None,
                "focus": [ids.ref("episode", row.episode_id)] if row.episode_id else [],
                "effectiveDateTime": when(row.measured_on),
                "valueQuantity": _quantity(row.score, spec.unit if spec else ""),
                "note": [{"text": "Activities and scores: " + row.detail}] if row.detail else [],
            }
        ),
    )


def adverse_event(ids: ClinicIds, visit: m.Visit, row: m.AdverseEvent) -> dict:
    return entry(
        ids,
        "adverse-event",
        row.id,
        prune(
            {
                "resourceType": "AdverseEvent",
                "actuality": "actual",
                "category": [
                    concept(
                        TERMINOLOGY + "adverse-event-category",
                        "procedure-mishap",
                        "Procedure Mishap",
                    )
                ],
                "event": concept(EVENT_KIND, local_code(row.kind), row.kind.replace("_", " ")),
                "subject": ids.ref("patient", visit.patient_id),
                "encounter": ids.ref("visit", visit.id),
                "date": when(visit.visit_date),
                "recorder": ids.ref("user", visit.provider_id),
                "severity": concept(TERMINOLOGY + "adverse-event-severity", row.severity)
                if row.severity in ("mild", "moderate", "severe")
                else {"text": row.severity},
                # R4's AdverseEvent has no note: what was done and said goes in the outcome.
                "outcome": {
                    "text": "; ".join(
                        x
                        for x in (
                            f"Action taken: {row.action_taken}" if row.action_taken else "",
                            row.note,
                        )
                        if x
                    )
                },
            }
        ),
    )
