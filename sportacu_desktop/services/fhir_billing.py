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


def claim_diagnoses(
    lines: list[m.SuperbillLine],
    visit_diagnoses: dict[int, list[tuple[str, str]]],
) -> list[tuple[str, str]]:
    """The superbill's diagnosis list (A, B, …): the codes of its visits in order of first
    use, which is how the superbill lettered them."""
    out: list[tuple[str, str]] = []
    for line in lines:
        for diagnosis in visit_diagnoses.get(line.visit_id, []):
            if diagnosis not in out:
                out.append(diagnosis)
    return out[: len(POINTER_LETTERS)]


def claim(
    ids: ClinicIds,
    document: m.IssuedDocument,
    lines: list[m.SuperbillLine],
    visit_diagnoses: dict[int, list[tuple[str, str]]],
    coverage_ref: dict,
    practice_id: int | None,
    provider_ids: dict[int, int],
) -> dict:
    diagnoses = claim_diagnoses(lines, visit_diagnoses)
    items = []
    for sequence, line in enumerate(lines, 1):
        pointers = [
            POINTER_LETTERS.index(p) + 1
            for p in line.diagnosis_pointers.replace(",", "")
            if p in POINTER_LETTERS and POINTER_LETTERS.index(p) < len(diagnoses)
        ]
        modifiers = [x.strip() for x in line.modifiers.split(",") if x.strip()]
        items.append(
            prune(
                {
                    "sequence": sequence,
                    "diagnosisSequence": pointers,
                    "productOrService": concept(CPT, line.cpt_code),
                    "modifier": [concept(CPT, x) for x in modifiers],
                    "servicedDate": when(line.service_date),
                    "quantity": {"value": line.units},
                    "unitPrice": money(line.charge_cents // max(line.units, 1)),
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
