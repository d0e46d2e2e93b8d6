"""FHIR resources for people and organisations: the practice, its providers, the care
team's contacts, patients, their insurance and its payers."""

from sportacu_desktop.services.fhir_common import (
    CARE_ROLE,
    EIN,
    NPI,
    NUCC_TAXONOMY,
    TERMINOLOGY,
    ClinicIds,
    concept,
    entry,
    local_code,
    prune,
    telecom,
)
from sportacu_desktop.storage import models as m

ACUPUNCTURIST = "171100000X"
TAXONOMY_NAMES = {ACUPUNCTURIST: "Acupuncturist"}
GENDER = {"F": "female", "M": "male", "X": "other", "U": "unknown"}
# Our subscriber relationships are the first four codes of HL7's subscriber-relationship.
RELATIONSHIP = {"self": "self", "spouse": "spouse", "child": "child", "other": "other"}


def address(line1: str, line2: str, city: str, state: str, postal_code: str) -> list[dict]:
    return [
        prune(
            {
                "line": [x for x in (line1, line2) if x],
                "city": city,
                "state": state,
                "postalCode": postal_code,
                "country": "US" if (line1 or city) else "",
            }
        )
    ]


def organization(ids: ClinicIds, practice: m.Practice) -> dict:
    identifiers: list[dict] = []
    if practice.npi:
        identifiers.append({"system": NPI, "value": practice.npi})
    if practice.ein:
        identifiers.append({"system": EIN, "value": practice.ein, "type": {"text": "Tax ID"}})
    return entry(
        ids,
        "practice",
        practice.id,
        prune(
            {
                "resourceType": "Organization",
                "active": True,
                "identifier": identifiers,
                "type": [concept(TERMINOLOGY + "organization-type", "prov", "Healthcare Provider")],
                "name": practice.name,
                "telecom": telecom(practice.phone, fax=practice.fax),
                "address": address(
                    practice.address_line1,
                    practice.address_line2,
                    practice.city,
                    practice.state,
                    practice.postal_code,
                ),
            }
        ),
    )


def practitioner(ids: ClinicIds, user: m.User) -> dict:
    qualifications = []
    # A licensed provider of this clinic is an acupuncturist unless their record says else.
    taxonomy = user.taxonomy or (ACUPUNCTURIST if user.license_number else "")
    if taxonomy or user.license_number or user.credentials:
        qualification: dict = {
            "code": concept(
                NUCC_TAXONOMY,
                taxonomy,
                TAXONOMY_NAMES.get(taxonomy, ""),
                user.credentials or TAXONOMY_NAMES.get(taxonomy, taxonomy),
            )
            if taxonomy
            else {"text": user.credentials or "License"},
        }
        if user.license_number:
            state = (user.license_state or "US").upper()
            qualification["identifier"] = [
                {
                    "system": f"urn:sportacu-desktop:license:{state}",
                    "value": user.license_number,
                    "type": {"text": f"{user.license_state} license".strip()},
                }
            ]
        qualifications.append(qualification)
    return entry(
        ids,
        "user",
        user.id,
        prune(
            {
                "resourceType": "Practitioner",
                "active": user.active,
                "identifier": [{"system": NPI, "value": user.npi}] if user.npi else [],
                "name": [{"text": user.display_name, "suffix": [user.credentials]}],
                "qualification": qualifications,
            }
        ),
    )


def care_contact(ids: ClinicIds, contact: m.CareContact) -> list[dict]:
    """A PT or physician the clinic works with: who they are, and their role there."""
    person = entry(
        ids,
        "contact",
        contact.id,
        prune(
            {
                "resourceType": "Practitioner",
                "active": not contact.archived,
                "identifier": [{"system": NPI, "value": contact.npi}] if contact.npi else [],
                "name": [{"text": contact.name}],
                "telecom": telecom(contact.phone, contact.email, contact.fax),
            }
        ),
    )
    role = entry(
        ids,
        "contact-role",
        contact.id,
        prune(
            {
                "resourceType": "PractitionerRole",
                "active": not contact.archived,
                "practitioner": ids.ref("contact", contact.id),
                "code": [concept(CARE_ROLE, local_code(contact.role), text=contact.role)],
                "telecom": telecom(contact.phone, contact.email, contact.fax),
                # The contact's own practice is a name only, not a resource of its own.
                "specialty": [{"text": contact.practice_name}] if contact.practice_name else [],
            }
        ),
    )
    return [person, role]


def payer(ids: ClinicIds, name: str) -> dict:
    return entry(
        ids,
        "payer",
        name.strip().lower(),
        {
            "resourceType": "Organization",
            "active": True,
            "type": [concept(TERMINOLOGY + "organization-type", "pay", "Payer")],
            "name": name,
        },
    )


def patient(
    ids: ClinicIds, row: m.Patient, care_team: list[m.CareTeamLink], practice_id: int | None
) -> dict:
    contacts = []
    if row.emergency_name or row.emergency_phone:
        contacts.append(
            {
                "relationship": [
                    concept(TERMINOLOGY + "v2-0131", "C", "Emergency Contact"),
                    {"text": row.emergency_relation},
                ],
                "name": {"text": row.emergency_name},
                "telecom": telecom(row.emergency_phone),
            }
        )
    given = [row.first_name] + ([row.preferred_name] if row.preferred_name else [])
    return entry(
        ids,
        "patient",
        row.id,
        prune(
            {
                "resourceType": "Patient",
                "identifier": [
                    {
                        "use": "usual",
                        "type": concept(TERMINOLOGY + "v2-0203", "MR", "Medical record number"),
                        "system": ids.chart_system(),
                        "value": row.chart_number,
                    }
                ],
                "active": row.archived_at is None,
                "name": [{"use": "official", "family": row.last_name, "given": given[:1]}]
                + ([{"use": "usual", "given": given[1:]}] if row.preferred_name else []),
                "telecom": telecom(row.phone, row.email),
                "gender": GENDER.get(row.sex, "unknown"),
                "birthDate": row.date_of_birth.isoformat(),
                "address": address(
                    row.address_line1, row.address_line2, row.city, row.state, row.postal_code
                ),
                "contact": contacts,
                "generalPractitioner": [
                    ids.ref("contact-role", link.contact_id) for link in care_team if link.active
                ],
                "managingOrganization": ids.ref("practice", practice_id) if practice_id else None,
            }
        ),
    )


def coverage(ids: ClinicIds, row: m.Insurance) -> list[dict]:
    """The insurance, with a RelatedPerson for a subscriber who is not the patient."""
    out = []
    subscriber = ids.ref("patient", row.patient_id)
    relation = RELATIONSHIP.get(row.relationship_to_subscriber, "other")
    if relation != "self" and row.subscriber_name:
        out.append(
            entry(
                ids,
                "subscriber",
                row.id,
                prune(
                    {
                        "resourceType": "RelatedPerson",
                        "patient": ids.ref("patient", row.patient_id),
                        "relationship": [{"text": row.relationship_to_subscriber}],
                        "name": [{"text": row.subscriber_name}],
                        "birthDate": row.subscriber_dob.isoformat() if row.subscriber_dob else "",
                        "address": [{"text": row.subscriber_address}],
                    }
                ),
            )
        )
        subscriber = ids.ref("subscriber", row.id)
    out.append(
        entry(
            ids,
            "insurance",
            row.id,
            prune(
                {
                    "resourceType": "Coverage",
                    "status": "active" if row.active else "cancelled",
                    "subscriber": subscriber,
                    "subscriberId": row.member_id,
                    "beneficiary": ids.ref("patient", row.patient_id),
                    "relationship": concept(TERMINOLOGY + "subscriber-relationship", relation),
                    "payor": [ids.ref("payer", row.payer.strip().lower())],
                    "order": row.rank,
                    "class": [
                        {
                            "type": concept(TERMINOLOGY + "coverage-class", "group", "Group"),
                            "value": row.group_number,
                        }
                    ]
                    if row.group_number
                    else [],
                }
            ),
        )
    )
    return out


def self_pay(ids: ClinicIds, patient_id: int) -> dict:
    """What a superbill's claim names as its coverage when the patient has no insurance."""
    return entry(
        ids,
        "self-pay",
        patient_id,
        {
            "resourceType": "Coverage",
            "status": "active",
            "type": concept(TERMINOLOGY + "coverage-selfpay", "pay", "Pay"),
            "beneficiary": ids.ref("patient", patient_id),
            "payor": [ids.ref("patient", patient_id)],
        },
    )
