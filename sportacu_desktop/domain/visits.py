"""A visit note as plain data: what the editor shows and the services store."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.domain.needling import needles_placed


@dataclass(frozen=True)
class SpecialTestEntry:
    test_name: str
    side: str = "B"
    result: str = ""  # positive / negative / equivocal; empty until tested
    note: str = ""
    region: str = ""


@dataclass(frozen=True)
class RomEntry:
    joint: str
    motion: str
    degrees: int
    side: str = "B"


@dataclass(frozen=True)
class MuscleTestEntry:
    muscle: str
    grade: int
    side: str = "B"


@dataclass(frozen=True)
class PointRow:
    code: str
    side: str = "B"
    technique: str = ""
    gauge: str = ""
    length_mm: int | None = None
    retention_minutes: int | None = None


@dataclass(frozen=True)
class DryNeedlingEntry:
    muscle: str
    side: str = "B"
    twitch_response: bool = False
    needles: int = 1


@dataclass(frozen=True)
class ElectroEntry:
    point_a: str
    point_b: str
    waveform: str = "continuous"
    frequency_hz: str = "2"
    intensity: str = "to tolerance"
    minutes: int = 20
    device: str = ""


@dataclass(frozen=True)
class CuppingEntry:
    region: str
    kind: str = "cupping"  # or gua_sha
    cup_type: str = ""
    technique: str = "static"
    cups: int | None = None
    minutes: int | None = None
    marks: str = ""  # marks left (cupping) or response (gua sha)


@dataclass(frozen=True)
class AdverseEventEntry:
    kind: str
    severity: str
    action_taken: str = ""
    note: str = ""


@dataclass(frozen=True)
class VisitContent:
    pain_nrs: int | None = None
    response_to_last: str = ""
    training_since: str = ""
    subjective: str = ""
    objective: str = ""
    palpation: str = ""
    assessment: str = ""
    plan: str = ""
    recommendations: str = ""
    contact_minutes: int = 0
    needles_in: int = 0
    needles_out: int = 0
    needle_count_exception: str = ""
    # Billable facts: e-stim in the first 15 minutes of contact; each needle re-insertion
    # in order, True when followed by e-stim; an evaluation separate from the treatment.
    estim_first_block: bool = False
    reinsertions: tuple[bool, ...] = ()
    separate_evaluation: bool = False
    tests: tuple[SpecialTestEntry, ...] = ()
    rom: tuple[RomEntry, ...] = ()
    muscle_tests: tuple[MuscleTestEntry, ...] = ()
    points: tuple[PointRow, ...] = ()
    dry_needling: tuple[DryNeedlingEntry, ...] = ()
    electro: tuple[ElectroEntry, ...] = ()
    cupping: tuple[CuppingEntry, ...] = ()
    adverse_events: tuple[AdverseEventEntry, ...] = ()

    @property
    def needles_placed(self) -> int:
        """Needles the points, EA leads and dry needling account for, each needle once."""
        return needles_placed(
            ((p.code, p.side) for p in self.points),
            (lead for pair in self.electro for lead in (pair.point_a, pair.point_b)),
            (d.needles for d in self.dry_needling),
        )


@dataclass(frozen=True)
class AddendumEntry:
    author: str
    created_at: datetime
    reason: str
    text: str


@dataclass(frozen=True)
class VisitNote:
    id: int
    patient_id: int
    episode_id: int | None
    provider_id: int | None
    provider_name: str
    visit_date: date
    status: str
    version: int
    signed_at: datetime | None
    signed_by: str
    content: VisitContent
    addenda: tuple[AddendumEntry, ...] = field(default=())

    @property
    def signed(self) -> bool:
        return self.status == VisitStatus.SIGNED
