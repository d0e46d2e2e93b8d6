"""What printed documents need to know, as plain data for the renderers."""

from dataclasses import dataclass
from datetime import date

from sportacu_desktop.domain.visits import VisitNote


@dataclass(frozen=True)
class PracticeHeader:
    name: str
    address_lines: tuple[str, ...]
    phone: str
    npi: str = ""
    ein: str = ""


@dataclass(frozen=True)
class PatientLine:
    full_name: str
    date_of_birth: date
    chart_number: str
    sex: str = ""


@dataclass(frozen=True)
class VisitNoteDocument:
    number: str
    practice: PracticeHeader
    patient: PatientLine
    episode_title: str
    diagnoses: tuple[tuple[str, str], ...]  # (code, description), primary first
    note: VisitNote
    # Printed under emergency access: by whom, when and why, printed on every page.
    emergency_mark: str = ""
