"""Validation of registration input: every problem reported at once, nothing stored."""

from dataclasses import fields
from datetime import date

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import Sex, SubscriberRelationship
from sportacu_desktop.domain.patients import InsuranceInput, PatientInput

LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "preferred_name": 100,
    "phone": 30,
    "email": 200,
    "address_line1": 200,
    "address_line2": 200,
    "city": 100,
    "state": 2,
    "postal_code": 10,
    "emergency_name": 200,
    "emergency_phone": 30,
    "emergency_relation": 60,
    "notes": 20000,
}
LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "preferred_name": "preferred name",
    "address_line1": "address",
    "address_line2": "address line 2",
    "postal_code": "ZIP code",
    "emergency_name": "emergency contact name",
    "emergency_phone": "emergency contact phone",
    "emergency_relation": "emergency contact relationship",
}


def clean_patient(data: PatientInput, today: date) -> dict:
    """Column values for a patient row, or FieldErrors naming every bad field."""
    errors = v.FieldErrors()
    values = {f.name: getattr(data, f.name).strip() for f in fields(PatientInput)}
    for name, limit in LIMITS.items():
        label = LABELS.get(name, name.replace("_", " "))
        errors.add(name, v.length_problem(values[name], limit, label))
        errors.add(name, v.storable_problem(values[name], label, multiline=name == "notes"))
    errors.add("first_name", v.required(values["first_name"], "first name"))
    errors.add("last_name", v.required(values["last_name"], "last name"))
    birth = None
    if values["date_of_birth"]:
        try:
            birth = v.parse_date(values["date_of_birth"])
        except ValueError as exc:
            errors.add("date_of_birth", str(exc))
    errors.add("date_of_birth", v.birth_date_problem(birth, today))
    sex = values["sex"].upper() or Sex.UNKNOWN.value
    if sex not in {s.value for s in Sex}:
        errors.add("sex", "Choose F, M, X (other) or U (unknown).")
    errors.add("phone", v.phone_problem(values["phone"]))
    errors.add("emergency_phone", v.phone_problem(values["emergency_phone"]))
    errors.add("email", v.email_problem(values["email"]))
    errors.add("state", v.state_problem(values["state"]))
    errors.add("postal_code", v.zip_problem(values["postal_code"]))
    errors.raise_if_any()
    values.update(
        date_of_birth=birth,
        sex=sex,
        state=values["state"].upper(),
        phone=v.normalize_phone(values["phone"]),
        emergency_phone=v.normalize_phone(values["emergency_phone"]),
    )
    return values


def clean_insurance(data: InsuranceInput, today: date) -> dict:
    errors = v.FieldErrors()
    values = {f.name: getattr(data, f.name).strip() for f in fields(InsuranceInput)}
    v.text_problems(values, errors)
    errors.add("payer", v.required(values["payer"], "insurance company (payer)"))
    for name, limit in (
        ("payer", 200),
        ("member_id", 60),
        ("group_number", 60),
        ("subscriber_name", 200),
        ("subscriber_address", 300),
    ):
        errors.add(name, v.length_problem(values[name], limit, name.replace("_", " ")))
    relationship = values["relationship"].lower() or "self"
    if relationship not in {r.value for r in SubscriberRelationship}:
        errors.add("relationship", "Choose self, spouse, child or other.")
    subscriber_dob = None
    if relationship != "self":
        errors.add("subscriber_name", v.required(values["subscriber_name"], "subscriber's name"))
        if values["subscriber_dob"]:
            try:
                subscriber_dob = v.parse_date(values["subscriber_dob"])
            except ValueError as exc:
                errors.add("subscriber_dob", str(exc))
            else:
                errors.add("subscriber_dob", v.birth_date_problem(subscriber_dob, today))
    errors.raise_if_any()
    values.update(relationship=relationship, subscriber_dob=subscriber_dob)
    if relationship == "self":
        values.update(subscriber_name="", subscriber_dob=None, subscriber_address="")
    return values
