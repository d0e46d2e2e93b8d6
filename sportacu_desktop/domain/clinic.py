"""The clinic's billing identity: practice and provider details and their checks."""

from dataclasses import dataclass, replace

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.identifiers import ein_problem, format_ein, npi_problem, npi_type
from sportacu_desktop.domain.permissions import Action, allows

ACUPUNCTURIST_TAXONOMY = "171100000X"
PLACES_OF_SERVICE = {"11": "Office", "02": "Telehealth (not at home)", "10": "Telehealth at home"}
MAX_LOGO_BYTES = 512 * 1024


@dataclass(frozen=True)
class PracticeDetails:
    name: str
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    phone: str = ""
    fax: str = ""
    ein: str = ""
    npi: str = ""  # type 2, optional: a solo practitioner bills under their own
    taxonomy: str = ACUPUNCTURIST_TAXONOMY
    place_of_service: str = "11"
    logo_png: bytes | None = None


@dataclass(frozen=True)
class ProviderDetails:
    user_id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    credentials: str = ""
    license_number: str = ""
    license_state: str = ""
    npi: str = ""
    taxonomy: str = ACUPUNCTURIST_TAXONOMY
    signature_line: str = ""

    @property
    def signature_name(self) -> str:
        """What a document prints under the signature line."""
        if self.signature_line.strip():
            return self.signature_line.strip()
        if self.credentials:
            return f"{self.display_name}, {self.credentials}"
        return self.display_name


def practice_problems(p: PracticeDetails) -> v.FieldErrors:
    errors = v.FieldErrors()
    errors.add("name", v.required(p.name, "the practice name"))
    errors.add("address_line1", v.required(p.address_line1, "the street address"))
    errors.add("city", v.required(p.city, "the city"))
    errors.add("state", v.state_problem(p.state) if p.state else "Enter the state (two letters).")
    errors.add(
        "postal_code", v.zip_problem(p.postal_code) if p.postal_code else "Enter the ZIP code."
    )
    errors.add("phone", v.phone_problem(p.phone) if p.phone else "Enter the phone number.")
    errors.add("fax", v.phone_problem(p.fax) if p.fax else None)
    errors.add("ein", ein_problem(p.ein) if p.ein else "Enter the EIN (tax ID), NN-NNNNNNN.")
    if p.npi:
        problem = npi_problem(p.npi)
        if not problem and npi_type(p.npi) != 2:
            problem = "The practice NPI is an organization's (type 2): it starts with 2."
        errors.add("npi", problem)
    errors.add("taxonomy", _taxonomy_problem(p.taxonomy))
    if p.place_of_service not in PLACES_OF_SERVICE:
        errors.add("place_of_service", "Place of service is 11 (office), 02 or 10 (telehealth).")
    if p.logo_png is not None and len(p.logo_png) > MAX_LOGO_BYTES:
        errors.add("logo_png", "The logo image is too large: use one under 512 KB.")
    for name in ("name", "address_line1", "address_line2", "city"):
        errors.add(name, v.storable_problem(getattr(p, name), name.replace("_", " ")))
    return errors


def provider_problems(p: ProviderDetails) -> v.FieldErrors:
    errors = v.FieldErrors()
    errors.add("display_name", v.required(p.display_name, "the person's name"))
    errors.add("roles", None if p.roles else "Give the person at least one role.")
    if allows(Action.SIGN_NOTE, p.roles):  # a rendering provider: licensed, with an NPI
        errors.add("credentials", v.required(p.credentials, "the credentials (e.g. L.Ac.)"))
        errors.add("license_number", v.required(p.license_number, "the license number"))
        errors.add(
            "license_state",
            v.state_problem(p.license_state)
            if p.license_state
            else "Enter the state that issued the license.",
        )
        problem = npi_problem(p.npi) if p.npi else "Enter the practitioner's NPI."
        if not problem and npi_type(p.npi) != 1:
            problem = "A practitioner's NPI is an individual's (type 1): it starts with 1."
        errors.add("npi", problem)
        errors.add("taxonomy", _taxonomy_problem(p.taxonomy))
    for name in ("display_name", "credentials", "license_number", "signature_line"):
        errors.add(name, v.storable_problem(getattr(p, name), name.replace("_", " ")))
    return errors


def normalized_practice(p: PracticeDetails) -> PracticeDetails:
    return replace(
        p,
        name=p.name.strip(),
        state=p.state.strip().upper(),
        phone=v.normalize_phone(p.phone),
        fax=v.normalize_phone(p.fax),
        ein=format_ein(p.ein) if p.ein and not ein_problem(p.ein) else p.ein.strip(),
        npi=p.npi.strip(),
        taxonomy=p.taxonomy.strip().upper(),
    )


def _taxonomy_problem(code: str) -> str | None:
    code = code.strip().upper()
    if len(code) != 10 or not code[:-1].isalnum() or code[-1] != "X":
        return f"A taxonomy code is ten characters ending in X, e.g. {ACUPUNCTURIST_TAXONOMY}."
    return None
