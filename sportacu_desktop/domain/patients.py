"""Plain views of a patient that services hand to the UI and the command line."""

from dataclasses import dataclass
from datetime import date


def age_on(date_of_birth: date, on: date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


@dataclass(frozen=True)
class PatientRow:
    id: int
    chart_number: str
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    archived: bool

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    def as_json(self) -> dict:
        return {
            "chart_number": self.chart_number,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "phone": self.phone,
            "archived": self.archived,
        }


@dataclass(frozen=True)
class FlagView:
    kind: str
    label: str
    detail: str


@dataclass(frozen=True)
class RaceView:
    name: str
    race_date: date
    distance: str
    priority: str
    days_to_go: int


@dataclass(frozen=True)
class PatientHeader:
    id: int
    chart_number: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    age: int
    sex: str
    phone: str
    payer: str
    training_phase: str
    sports: str
    flags: tuple[FlagView, ...]
    next_race: RaceView | None
    visit_count: int
    last_visit: date | None
    archived: bool
    # Modality values (acupuncture, dry_needling, ...) with no signed consent on file.
    missing_consents: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class PatientInput:
    """What was typed into the patient form or read from an import file: all text."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = ""
    sex: str = "U"
    preferred_name: str = ""
    phone: str = ""
    email: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    emergency_name: str = ""
    emergency_phone: str = ""
    emergency_relation: str = ""
    notes: str = ""


@dataclass(frozen=True)
class InsuranceInput:
    payer: str = ""
    member_id: str = ""
    group_number: str = ""
    relationship: str = "self"
    subscriber_name: str = ""
    subscriber_dob: str = ""
    subscriber_address: str = ""


@dataclass(frozen=True)
class InsuranceView:
    id: int
    rank: int
    payer: str
    member_id: str
    group_number: str
    relationship: str
    subscriber_name: str
    subscriber_dob: date | None
    subscriber_address: str


@dataclass(frozen=True)
class ContactView:
    id: int
    name: str
    role: str
    practice_name: str
    npi: str
    phone: str
    fax: str
    email: str
    is_referring: bool = False


@dataclass(frozen=True)
class RaceEntry:
    id: int
    name: str
    race_date: date
    distance: str
    priority: str


@dataclass(frozen=True)
class FlagEntry:
    id: int
    kind: str
    label: str
    detail: str


@dataclass(frozen=True)
class ConsentEntry:
    id: int
    modality: str
    signed_on: date
    form_version: str


@dataclass(frozen=True)
class AthleteProfileView:
    sports: str = ""
    weekly_volume: str = ""
    training_phase: str = "base"
    notes: str = ""


@dataclass(frozen=True)
class PatientRecord:
    """The whole registration record as the form shows it, with the version it was read at."""

    id: int
    chart_number: str
    version: int
    details: PatientInput
    archived: bool
    insurance: tuple[InsuranceView, ...]
    care_team: tuple[ContactView, ...]
    profile: AthleteProfileView
    races: tuple[RaceEntry, ...]
    flags: tuple[FlagEntry, ...]
    consents: tuple[ConsentEntry, ...]
    updated_by: str
