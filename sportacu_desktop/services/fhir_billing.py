"""FHIR resources for what the clinic issued: a Claim per superbill, a DocumentReference
per issued PDF (superbills, treatment summaries, printed notes)."""

import base64
import hashlib

from sportacu_desktop.domain.billing import POINTER_LETTERS
from sportacu_desktop.services.fhir_common import (
    CPT,
    DOCUMENT_KIND,
    ICD10CM,
    TERMINOLOGY,
    ClinicIds,
    concept,
    entry,
    money,
    prune,
    when,
)
from sportacu_desktop.storage import models as m

DOCUMENT_TITLES = {"superbill": "Superbill", "summary": "Treatment summary", "visit_note": "Note"}


def _letters(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def claim_diagnoses(
    lines: list[m.SuperbillLine],
    visit_diagnoses: dict[int, list[tuple[str, str]]],
    billing_pointers: dict[int, str],
) -> tuple[list[tuple[str, str]], dict[int, list[int]]]:
    """The superbill's diagnosis list (A, B, …) and each line's pointers into it.

    The superbill lettered the diagnoses in order of first use by its lines' pointers into
    their visit's diagnoses. That is replayed from the billing lines; only if it gives back
    exactly the letters the superbill printed are the pointers exported. Otherwise (a line
    changed after a reopening) the claim lists the visits' diagnoses without pointers
    rather than pointing at the wrong one.
    """
    listed: list[tuple[str, str]] = []
    pointers: dict[int, list[int]] = {}
    for line in lines:
        episode = visit_diagnoses.get(line.visit_id, [])
        letters = []
        for letter in _letters(billing_pointers.get(line.billing_line_id, "")):
            index = POINTER_LETTERS.find(letter)
            if 0 <= index < len(episode):
                if episode[index] not in listed:
                    listed.append(episode[index])
                letters.append(POINTER_LETTERS[listed.index(episode[index])])
        if line.billing_line_id not in billing_pointers or letters != _letters(
            line.diagnosis_pointers
        ):
            union = []
            for each in lines:
                for diagnosis in visit_diagnoses.get(each.visit_id, []):
                    if diagnosis not in union:
                        union.append(diagnosis)
            return union[: len(POINTER_LETTERS)], {}
        pointers[line.id] = [POINTER_LETTERS.index(x) + 1 for x in letters]
    return listed[: len(POINTER_LETTERS)], pointers


def claim(
    ids: ClinicIds,
    document: m.IssuedDocument,
    lines: list[m.SuperbillLine],
    visit_diagnoses: dict[int, list[tuple[str, str]]],
    coverage_ref: dict,
    practice_id: int | None,
    provider_ids: dict[int, int],
    billing_pointers: dict[int, str],
) -> dict:
    diagnoses, line_pointers = claim_diagnoses(lines, visit_diagnoses, billing_pointers)
    items = []
    for sequence, line in enumerate(lines, 1):
        modifiers = [x.strip() for x in line.modifiers.split(",") if x.strip()]
        items.append(
            prune(
                {
                    "sequence": sequence,
                    "diagnosisSequence": line_pointers.get(line.id, []),
                    "productOrService": concept(CPT, line.cpt_code),
                    "modifier": [concept(CPT, x) for x in modifiers],
                    "servicedDate": when(line.service_date),
                    "quantity": {"value": line.units},
                    # A unit price only when the line's total divides evenly into units.
                    "unitPrice": money(line.charge_cents // line.units)
                    if line.units and line.charge_cents % line.units == 0
                    else None,
                    "net": money(line.charge_cents),
                    "encounter": [ids.ref("visit", line.visit_id)],
                }
            )
        )
    provider = practice_id and ids.ref("practice", practice_id)
    first_visit = lines[0].visit_id if lines else None
    if not provider and first_visit in provider_ids:
        provider = ids.ref("user", provider_ids[first_visit])
    return entry(
        ids,
        "claim",
        document.id,
        prune(
            {
                "resourceType": "Claim",
                "identifier": [
                    {"system": ids.chart_system() + "-document", "value": document.number}
                ],
                "status": "active",
                "type": concept(TERMINOLOGY + "claim-type", "professional", "Professional"),
                "use": "claim",
                "patient": ids.ref("patient", document.patient_id),
                "billablePeriod": {
                    "start": when(document.period_start),
                    "end": when(document.period_end),
                },
                "created": when(document.issued_at),
                "provider": provider,
                "priority": concept(TERMINOLOGY + "processpriority", "normal", "Normal"),
                "supportingInfo": [
                    {
                        "sequence": 1,
                        "category": concept(TERMINOLOGY + "claiminformationcategory", "info"),
                        "valueReference": ids.ref("document", document.id),
                    }
                ],
                "diagnosis": [
                    {
                        "sequence": number,
                        "diagnosisCodeableConcept": concept(ICD10CM, code, description),
                    }
                    for number, (code, description) in enumerate(diagnoses, 1)
                ],
                "insurance": [{"sequence": 1, "focal": True, "coverage": coverage_ref}],
                "item": items,
                "total": money(document.total_cents),
            }
        ),
    )


def document_reference(
    ids: ClinicIds, document: m.IssuedDocument, visit_id: int | None, file_name: str = ""
) -> dict:
    """The issued PDF: its hash and size always; its bytes stay in the clinic unless the
    export is a patient's own record, where ``file_name`` names the copy beside it."""
    kind = DOCUMENT_TITLES.get(document.kind, document.kind.replace("_", " ").capitalize())
    sha1 = base64.b64encode(hashlib.sha1(document.content).digest()).decode("ascii")
    return entry(
        ids,
        "document",
        document.id,
        prune(
            {
                "resourceType": "DocumentReference",
                "masterIdentifier": {
                    "system": ids.chart_system() + "-document",
                    "value": document.number,
                },
                "identifier": [
                    {"system": "urn:ietf:rfc:3986", "value": f"urn:sha256:{document.sha256}"}
                ],
                "status": "current",
                "docStatus": "final",
                "type": concept(DOCUMENT_KIND, document.kind, kind),
                "subject": ids.ref("patient", document.patient_id),
                "date": when(document.issued_at),
                "description": document.description,
                "relatesTo": [
                    {"code": "replaces", "target": ids.ref("document", document.replaces_id)}
                ]
                if document.replaces_id
                else [],
                "content": [
                    {
                        "attachment": {
                            "contentType": "application/pdf",
                            "url": file_name,
                            "size": len(document.content),
                            "hash": sha1,
                            "title": f"{kind} {document.number}",
                            "creation": when(document.issued_at),
                        }
                    }
                ],
                "context": {"encounter": [ids.ref("visit", visit_id)]} if visit_id else {},
            }
        ),
    )
