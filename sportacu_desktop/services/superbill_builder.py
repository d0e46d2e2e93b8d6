"""Gathering a superbill's content from the clinic, and everything that keeps it from issuing.

Each missing item says what is missing and where to fix it, in the screens' own words.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.billing import (
    POINTER_LETTERS,
    code_label,
    date_problems,
    line_problems,
    parse_list,
)
from sportacu_desktop.domain.clinic import practice_problems, provider_problems
from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.permissions import Action, allows
from sportacu_desktop.reports.superbill_content import (
    Insured,
    PaymentLine,
    Provider,
    ServiceLine,
    SuperbillContent,
)
from sportacu_desktop.services.clinic_setup import practice_of, provider_of
from sportacu_desktop.storage import models as m

PRACTICE_PLACE = "Admin ▸ Clinic ▸ Practice"
PEOPLE_PLACE = "Admin ▸ Clinic ▸ People and Providers"
PATIENT_PLACE = "Edit Patient"
# Practice fields a superbill needs (the logo and a type-2 NPI are optional).
PRACTICE_NEEDS = ("name", "address_line1", "city", "state", "postal_code", "phone", "ein")
PROVIDER_NEEDS = ("credentials", "license_number", "license_state", "npi")
WORDS = {
    "name": "practice name",
    "address_line1": "street address",
    "city": "city",
    "state": "state",
    "postal_code": "ZIP code",
    "phone": "phone number",
    "ein": "EIN (tax ID)",
    "npi": "NPI",
    "credentials": "credentials",
    "license_number": "license number",
    "license_state": "license state",
}


@dataclass(frozen=True)
class Gathered:
    content: SuperbillContent
    missing: tuple[str, ...]
    billing_line_ids: tuple[int, ...]


def gather(session: Session, patient_id: int, visits: list[m.Visit], today: date) -> Gathered:
    missing: list[str] = []
    practice = practice_of(session)
    if practice is None:
        missing.append(f"The clinic is not set up: fill in {PRACTICE_PLACE}.")
    else:
        errors = practice_problems(practice).errors
        for name in PRACTICE_NEEDS:
            if name in errors:
                missing.append(f"Clinic {WORDS[name]}: {errors[name]} ({PRACTICE_PLACE})")
    patient = session.get(m.Patient, patient_id)
    if patient is None:
        raise NotFound(f"Patient {patient_id} does not exist.")
    name = f"{patient.first_name} {patient.last_name}"
    for value, what in (
        (patient.first_name and patient.last_name, "full name"),
        (patient.address_line1, "street address"),
        (patient.city, "city"),
        (patient.state, "state"),
        (patient.postal_code, "ZIP code"),
    ):
        if not (value or "").strip():
            missing.append(f"Patient {name}: no {what} ({PATIENT_PLACE} ▸ Registration)")
    insured = _insured(session, patient, name, missing)
    if not visits:
        missing.append(f"Nothing to bill: {name} has no visits in that period.")

    providers: dict[int, Provider] = {}
    diagnoses: list[tuple[str, str]] = []  # (code, description) across the visits
    lines: list[ServiceLine] = []
    line_ids: list[int] = []
    codes_by_date: dict[date, list[str]] = {}
    place = practice.place_of_service if practice else "11"
    for visit in visits:
        when = f"visit of {visit.visit_date:%m/%d/%Y}"
        if visit.status != "signed":
            missing.append(f"The {when} is not signed: the practitioner signs the note first.")
        provider = _provider(session, visit.provider_id, providers, missing)
        episode = [
            (d.code, d.description)
            for d in session.scalars(
                select(m.Diagnosis)
                .where(m.Diagnosis.episode_id == visit.episode_id)
                .order_by(m.Diagnosis.rank, m.Diagnosis.id)
            )
        ]
        if not episode:
            missing.append(f"The {when} has no diagnosis: add one to its episode of care.")
        rows = session.scalars(
            select(m.BillingLine)
            .where(m.BillingLine.visit_id == visit.id)
            .order_by(m.BillingLine.position, m.BillingLine.id)
        ).all()
        if not rows:
            # In a period, a visit that billed nothing (a free follow-up) is left out.
            if len(visits) == 1:
                missing.append(
                    f"Nothing to bill: the {when} has no billing lines (Billing ▸ that visit)."
                )
            continue
        for number, row in enumerate(rows, 1):
            pointers = parse_list(row.diagnosis_pointers)
            for problem in line_problems(
                row.cpt_code,
                row.units,
                parse_list(row.modifiers),
                pointers,
                row.charge_cents,
                len(episode),
            ):
                missing.append(f"The {when}, line {number}: {problem} (Billing ▸ that visit)")
            if row.charge_cents <= 0:
                missing.append(
                    f"The {when}, line {number} ({row.cpt_code}) has no charge: set its fee "
                    "(Admin ▸ Clinic ▸ Fees) or the line's charge (Billing ▸ that visit)."
                )
            letters = []
            for pointer in pointers:
                index = POINTER_LETTERS.find(pointer)
                if 0 <= index < len(episode):
                    if episode[index] not in diagnoses:
                        diagnoses.append(episode[index])
                    letters.append(POINTER_LETTERS[diagnoses.index(episode[index])])
            lines.append(
                ServiceLine(
                    row.service_date,
                    place,
                    row.cpt_code,
                    row.description or code_label(row.cpt_code),
                    parse_list(row.modifiers),
                    tuple(letters),
                    row.units,
                    row.charge_cents,
                    provider.npi if provider else "",
                )
            )
            line_ids.append(row.id)
            codes_by_date.setdefault(row.service_date, []).append(row.cpt_code)
    if len(visits) > 1 and not lines:
        missing.append(f"Nothing to bill: {name} has no billing lines in that period.")
    if len(diagnoses) > len(POINTER_LETTERS):
        missing.append(
            f"{len(diagnoses)} diagnoses do not fit on one superbill (at most 12): "
            "issue one per visit or a shorter period."
        )
    missing += [f"{p} (Billing ▸ that visit)" for p in date_problems(codes_by_date)]
    visit_ids = [v.id for v in visits]
    payments = tuple(
        PaymentLine(p.received_on, p.method, p.reference, p.amount_cents)
        for p in session.scalars(
            select(m.Payment)
            .where(m.Payment.visit_id.in_(visit_ids))
            .order_by(m.Payment.received_on, m.Payment.id)
        )
    )
    billing_npi = (practice.npi if practice else "") or next(
        (p.npi for p in providers.values()), ""
    )
    content = SuperbillContent(
        number="",
        issued_on=today,
        replaces="",
        practice_name=practice.name if practice else "",
        practice_address=_address(practice) if practice else (),
        practice_phone=practice.phone if practice else "",
        practice_fax=practice.fax if practice else "",
        ein=practice.ein if practice else "",
        billing_npi=billing_npi,
        billing_taxonomy=practice.taxonomy if practice else "",
        logo_png=practice.logo_png if practice else None,
        rendering=tuple(providers.values()),
        patient_name=name,
        patient_dob=patient.date_of_birth,
        patient_sex=patient.sex,
        patient_address=_address(patient),
        patient_phone=patient.phone,
        account_number=patient.chart_number,
        insured=insured,
        referring=_referring(session, patient_id),
        diagnoses=tuple(
            (POINTER_LETTERS[i], code, text) for i, (code, text) in enumerate(diagnoses[:12])
        ),
        lines=tuple(lines),
        payments=payments,
    )
    return Gathered(content, tuple(dict.fromkeys(missing)), tuple(line_ids))


def _provider(session, user_id, providers: dict, missing: list) -> Provider | None:
    if user_id in providers:
        return providers[user_id]
    user = session.get(m.User, user_id)
    if user is None:
        return None
    details = provider_of(user)
    # The rendering provider is whoever may sign the note: a licensed practitioner.
    renders = allows(Action.SIGN_NOTE, details.roles)
    errors = provider_problems(details).errors if renders else {}
    if not renders:
        missing.append(f"{user.display_name} is not a practitioner ({PEOPLE_PLACE}).")
    for name in PROVIDER_NEEDS:
        if name in errors:
            missing.append(f"Provider {details.display_name}: {errors[name]} ({PEOPLE_PLACE})")
    license_text = (
        f"{details.license_number} ({details.license_state})" if details.license_number else ""
    )
    name = (
        f"{details.display_name}, {details.credentials}"
        if details.credentials
        else details.display_name
    )
    providers[user_id] = Provider(
        name, details.npi, license_text, details.taxonomy, details.signature_name
    )
    return providers[user_id]


def _insured(session, patient, name: str, missing: list) -> Insured | None:
    insurance = session.scalar(
        select(m.Insurance)
        .where(m.Insurance.patient_id == patient.id, m.Insurance.active)
        .order_by(m.Insurance.rank, m.Insurance.id)
        .limit(1)
    )
    if insurance is None:
        return None
    place = f"{PATIENT_PLACE} ▸ Insurance"
    if not insurance.member_id.strip():
        missing.append(f"Patient {name}: the insurance has no member ID ({place}).")
    relationship = insurance.relationship_to_subscriber or "self"
    insured_name = insurance.subscriber_name.strip()
    if relationship == "self":
        insured_name = insured_name or name
    elif not insured_name:
        missing.append(
            f"Patient {name}: the insured person's name is missing; the patient is the "
            f"insured's {relationship} ({place})."
        )
    return Insured(
        insurance.payer,
        insurance.member_id,
        insurance.group_number,
        insured_name,
        relationship,
        insurance.subscriber_address if relationship != "self" else "",
    )


def _referring(session, patient_id: int) -> str:
    contact = session.scalar(
        select(m.CareContact)
        .join(m.CareTeamLink, m.CareTeamLink.contact_id == m.CareContact.id)
        .where(
            m.CareTeamLink.patient_id == patient_id,
            m.CareTeamLink.is_referring,
            m.CareTeamLink.active,
        )
        .limit(1)
    )
    if contact is None:
        return ""
    return f"{contact.name}" + (f" — NPI {contact.npi}" if contact.npi else "")


def _address(row) -> tuple[str, ...]:
    city = ", ".join(x for x in (row.city, f"{row.state} {row.postal_code}".strip()) if x)
    return tuple(x for x in (row.address_line1, row.address_line2, city) if x)
