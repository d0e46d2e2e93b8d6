"""What a superbill says, as plain data: the renderer draws it, tests and screens read it.

Each field maps to a CMS-1500 box (see the reference's superbill_fields.csv), so an
insurer's claims staff finds everything where they expect it.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Provider:
    name: str  # with credentials: "Ruth Okafor, DACM, L.Ac."
    npi: str
    license: str  # "AC1234 (ME)"
    taxonomy: str
    signature_name: str


@dataclass(frozen=True)
class Insured:
    payer: str
    member_id: str
    group_number: str
    insured_name: str
    relationship: str  # self / spouse / child / other
    insured_address: str


@dataclass(frozen=True)
class ServiceLine:
    service_date: date
    place_of_service: str
    code: str
    description: str
    modifiers: tuple[str, ...]
    pointers: tuple[str, ...]
    units: int
    charge_cents: int
    rendering_npi: str


@dataclass(frozen=True)
class PaymentLine:
    received_on: date
    method: str
    reference: str
    amount_cents: int


@dataclass(frozen=True)
class SuperbillContent:
    number: str
    issued_on: date
    replaces: str  # number of the superbill this one corrects, or ""
    practice_name: str
    practice_address: tuple[str, ...]
    practice_phone: str
    practice_fax: str
    ein: str
    billing_npi: str
    billing_taxonomy: str
    logo_png: bytes | None
    rendering: tuple[Provider, ...]
    patient_name: str
    patient_dob: date
    patient_sex: str
    patient_address: tuple[str, ...]
    patient_phone: str
    account_number: str
    insured: Insured | None
    referring: str  # "Dr. Jane Roe, MD — NPI 1234567893" or ""
    diagnoses: tuple[tuple[str, str, str], ...]  # (letter, ICD-10-CM code, description)
    lines: tuple[ServiceLine, ...]
    payments: tuple[PaymentLine, ...]

    @property
    def total_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.payments)

    @property
    def balance_cents(self) -> int:
        return self.total_cents - self.paid_cents

    @property
    def first_date(self) -> date:
        return min(line.service_date for line in self.lines)

    @property
    def last_date(self) -> date:
        return max(line.service_date for line in self.lines)
