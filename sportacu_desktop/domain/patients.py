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

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
