"""A registration record as flat text fields: to load a form, compare versions and merge.

Keys are the service's field names: ``PatientInput`` fields as they are, insurance fields
as ``ins1.payer`` / ``ins2.payer`` (primary / secondary), athlete profile fields as
``profile.sports``. No Qt here.
"""

from dataclasses import fields

from sportacu_desktop.domain.patients import (
    AthleteProfileView,
    InsuranceInput,
    PatientInput,
    PatientRecord,
)
from sportacu_desktop.domain.validation import normalize_phone, parse_date
from sportacu_desktop.ui.formatting import format_date

PATIENT_KEYS = tuple(f.name for f in fields(PatientInput))
INSURANCE_NAMES = tuple(f.name for f in fields(InsuranceInput))
PROFILE_NAMES = ("sports", "weekly_volume", "training_phase", "notes")
SECONDARY_PRESENT = "ins2.present"
RANKS = (1, 2)

_PATIENT_CAPTIONS = {
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "preferred_name": "Preferred name",
    "phone": "Phone",
    "email": "Email",
    "address_line1": "Address",
    "address_line2": "Address line 2",
    "city": "City",
    "state": "State",
    "postal_code": "ZIP code",
    "emergency_name": "Emergency contact",
    "emergency_phone": "Emergency phone",
    "emergency_relation": "Emergency contact relationship",
    "notes": "Notes",
}
_INSURANCE_CAPTIONS = {
    "payer": "Payer",
    "member_id": "Member ID",
    "group_number": "Group number",
    "relationship": "Relationship to subscriber",
    "subscriber_name": "Subscriber name",
    "subscriber_dob": "Subscriber date of birth",
    "subscriber_address": "Subscriber address",
}
_PROFILE_CAPTIONS = {
    "sports": "Sports",
    "weekly_volume": "Weekly volume",
    "training_phase": "Training phase",
    "notes": "Athlete notes",
}
_RANK_NAMES = {1: "Primary insurance", 2: "Secondary insurance"}
DATE_KEYS = frozenset({"date_of_birth", "ins1.subscriber_dob", "ins2.subscriber_dob"})
PHONE_KEYS = frozenset({"phone", "emergency_phone"})


def ins_key(rank: int, name: str) -> str:
    return f"ins{rank}.{name}"


def profile_key(name: str) -> str:
    return f"profile.{name}"


def caption(key: str) -> str:
    """Words for a field, naming its section where the bare name would be ambiguous."""
    if key in _PATIENT_CAPTIONS:
        return _PATIENT_CAPTIONS[key]
    section, _, name = key.partition(".")
    if section in ("ins1", "ins2"):
        rank = int(section[-1])
        if name == "present":
            return _RANK_NAMES[rank]
        return f"{_RANK_NAMES[rank]}: {_INSURANCE_CAPTIONS.get(name, name)}"
    if section == "profile":
        return _PROFILE_CAPTIONS.get(name, name)
    return name.replace("_", " ").capitalize() if name else key


def all_keys() -> tuple[str, ...]:
    keys = list(PATIENT_KEYS)
    for rank in RANKS:
        keys += [ins_key(rank, name) for name in INSURANCE_NAMES]
    keys.append(SECONDARY_PRESENT)
    keys += [profile_key(name) for name in PROFILE_NAMES]
    return tuple(keys)


def flat_record(record: PatientRecord | None) -> dict[str, str]:
    """Every field of ``record`` as the form shows it (an empty form for None)."""
    values = dict.fromkeys(all_keys(), "")
    details = record.details if record else PatientInput()
    for key in PATIENT_KEYS:
        values[key] = getattr(details, key) or ""
    values["date_of_birth"] = _shown_date(values["date_of_birth"])
    for rank in RANKS:
        values[ins_key(rank, "relationship")] = "self"
    for coverage in record.insurance if record else ():
        if coverage.rank not in RANKS:
            continue
        for name in INSURANCE_NAMES:
            value = getattr(coverage, name)
            if name == "subscriber_dob":
                value = format_date(value)
            values[ins_key(coverage.rank, name)] = value or ""
        if coverage.rank == 2:
            values[SECONDARY_PRESENT] = "1"
    profile = record.profile if record else AthleteProfileView()
    for name in PROFILE_NAMES:
        values[profile_key(name)] = getattr(profile, name) or ""
    return values


def _shown_date(text: str) -> str:
    try:
        return format_date(parse_date(text)) if text else ""
    except ValueError:
        return text


def normalized(key: str, value: str) -> str:
    """The value as it would be stored, so "2075550101" equals "(207) 555-0101"."""
    text = value.strip()
    if key in DATE_KEYS and text:
        try:
            return parse_date(text).isoformat()
        except ValueError:
            return text
    if key in PHONE_KEYS:
        return normalize_phone(text)
    if key == "state":
        return text.upper()
    return text


def same(key: str, a: str, b: str) -> bool:
    return normalized(key, a) == normalized(key, b)


def changed_keys(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [key for key in all_keys() if not same(key, before.get(key, ""), after.get(key, ""))]


def merge(base: dict[str, str], mine: dict[str, str], theirs: dict[str, str]) -> dict[str, str]:
    """Their version with every field I changed (since ``base``) put back on top."""
    return {
        key: mine[key] if not same(key, mine[key], base[key]) else theirs[key] for key in all_keys()
    }


def patient_input(values: dict[str, str]) -> PatientInput:
    return PatientInput(**{key: values[key] for key in PATIENT_KEYS})


def insurance_input(values: dict[str, str], rank: int) -> InsuranceInput | None:
    """The coverage typed for ``rank``; None when that section is left empty."""
    typed = {name: values[ins_key(rank, name)] for name in INSURANCE_NAMES}
    if rank == 2 and not values[SECONDARY_PRESENT]:
        return None
    filled = any(text.strip() for name, text in typed.items() if name != "relationship")
    if not filled and typed["relationship"] in ("", "self"):
        return None
    return InsuranceInput(**typed)


def profile_values(values: dict[str, str]) -> dict[str, str]:
    return {name: values[profile_key(name)] for name in PROFILE_NAMES}


def section_changed(before: dict[str, str], after: dict[str, str], section: str) -> bool:
    """Whether any field of ``section`` ("patient", "ins1", "ins2", "profile") changed."""
    for key in changed_keys(before, after):
        prefix = key.partition(".")[0] if "." in key else "patient"
        if prefix == section:
            return True
    return False
