"""What a treatment summary says, as plain data: the letter a PT or physician reads.

Built by ``services/summaries.py`` from an episode's signed visits (or a date range), drawn
by ``reports/summary.py``, shown before issuing by the summary dialog. Rules: Western
clinical words; a section with nothing in it is left out, never printed empty; long lists
are condensed ("GB34 ×6, ST36 ×5 and 9 more") so a typical episode fits on two pages.
No Qt here.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sportacu_desktop.domain.documents import PatientLine, PracticeHeader
from sportacu_desktop.reports.outcome_figure import OutcomeFigure

LIST_AT_MOST = 10  # items named in a condensed list before "and N more"
DATES_AT_MOST = 16  # visit dates listed one by one; more are summed up


class Section(StrEnum):
    """The parts the practitioner may leave out; letterhead, patient, diagnoses and the
    signature are always there."""

    FINDINGS = "findings"
    TREATMENT = "treatment"
    ADVERSE_EVENTS = "adverse_events"
    OUTCOMES = "outcomes"
    RECOVERY = "recovery"
    RESPONSE = "response"
    RECOMMENDATIONS = "recommendations"

    @property
    def label(self) -> str:
        return SECTION_TITLES[self]


SECTION_TITLES = {
    Section.FINDINGS: "Examination findings",
    Section.TREATMENT: "Treatment provided",
    Section.ADVERSE_EVENTS: "Adverse events",
    Section.OUTCOMES: "Outcome measures",
    Section.RECOVERY: "Recovery markers",
    Section.RESPONSE: "Response to treatment",
    Section.RECOMMENDATIONS: "Recommendations and plan",
}
ALL_SECTIONS = frozenset(Section)


@dataclass(frozen=True)
class Recipient:
    name: str
    role: str  # PT, physician, surgeon, other
    practice: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""


@dataclass(frozen=True)
class FindingRow:
    finding: str  # "Thompson test (right)", "Ankle dorsiflexion (right)"
    initial: str  # "Positive", "20°", "3/5", or "" when not examined then
    latest: str


@dataclass(frozen=True)
class Findings:
    initial_on: date
    latest_on: date | None  # None: examined once, one column
    tests: tuple[FindingRow, ...] = ()
    rom: tuple[FindingRow, ...] = ()
    muscle_tests: tuple[FindingRow, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.tests or self.rom or self.muscle_tests)


@dataclass(frozen=True)
class MeasureRow:
    label: str
    first: str  # "7/10 (10/16/2026)"
    latest: str
    change: str  # "−4", or "" with one score
    verdict: str  # "Improved beyond MCID (2)", "Within MCID", "" when no MCID


@dataclass(frozen=True)
class Signer:
    name: str  # with credentials
    license: str  # "AC2013 (ME)"
    npi: str
    signature_name: str


@dataclass(frozen=True)
class SummaryContent:
    number: str
    issued_on: date
    practice: PracticeHeader
    practice_fax: str
    recipient: Recipient | None
    patient: PatientLine
    subject: str  # the episode's title, or "Care from … to …" for a date range
    period: tuple[date, date]  # first and last summarized visit
    diagnoses: tuple[tuple[str, str], ...]  # (ICD-10-CM code, description), primary first
    onset: date | None
    chronicity: str  # "Chronic (more than 12 weeks since onset)"
    visit_count: int
    visit_dates: str  # already condensed
    findings: Findings | None = None
    treatment: tuple[tuple[str, str], ...] = ()  # (what, condensed list)
    adverse_events: tuple[str, ...] = ()
    figure: OutcomeFigure | None = None
    measures: tuple[MeasureRow, ...] = ()
    recovery: tuple[MeasureRow, ...] = ()
    response: tuple[str, ...] = ()  # sentences
    recommendations: str = ""
    plan: str = ""
    next_reassessment: str = ""
    discharged: str = ""  # "Jul 26, 2020: goals met" once the episode is closed
    personal_note: str = ""
    signer: Signer | None = None
    sections: frozenset[Section] = field(default=ALL_SECTIONS)
    emergency_mark: str = ""

    def shows(self, section: Section) -> bool:
        """Chosen by the practitioner and with something in it."""
        if section not in self.sections:
            return False
        return {
            Section.FINDINGS: self.findings is not None and not self.findings.empty,
            Section.TREATMENT: bool(self.treatment),
            Section.ADVERSE_EVENTS: bool(self.adverse_events),
            Section.OUTCOMES: bool(self.measures),
            Section.RECOVERY: bool(self.recovery),
            Section.RESPONSE: bool(self.response),
            Section.RECOMMENDATIONS: bool(
                self.recommendations or self.plan or self.next_reassessment or self.discharged
            ),
        }[section]

    @property
    def available(self) -> frozenset[Section]:
        """The sections that would print something if chosen (the dialog offers these)."""
        return frozenset(s for s in Section if _with_all(self).shows(s))


def _with_all(content: SummaryContent) -> SummaryContent:
    from dataclasses import replace

    return replace(content, sections=ALL_SECTIONS)


def counted(items: Iterable[str], at_most: int = LIST_AT_MOST) -> str:
    """ "GB34 ×6, ST36 ×5, LR3 ×2 and 9 more": most frequent first, ties alphabetical."""
    counts = Counter(items)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in ranked[:at_most])
    rest = len(ranked) - at_most
    return f"{shown} and {rest} more" if rest > 0 else shown


def short_date(day: date) -> str:
    return f"{day:%m/%d/%Y}"


def long_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def visit_dates_text(dates: list[date]) -> str:
    """Every date for a short episode; first, last and the usual interval for a long one."""
    if not dates:
        return ""
    if len(dates) <= DATES_AT_MOST:
        same_year = dates[0].year == dates[-1].year
        listed = ", ".join(f"{d:%m/%d}" if same_year else short_date(d) for d in dates)
        return f"{listed}/{dates[0].year}" if same_year else listed
    gaps = sorted((b - a).days for a, b in zip(dates, dates[1:], strict=False))
    median = gaps[len(gaps) // 2]
    every = f"every {median} days" if median < 14 else f"every {round(median / 7)} weeks"
    return (
        f"{long_date(dates[0])} to {long_date(dates[-1])}, typically {every} "
        f"(the full list is in the chart)"
    )


def plain_text(c: SummaryContent) -> list[str]:
    """Every word the letter shows, in order: what tests and the preview compare."""
    lines = [c.practice.name, c.subject, c.patient.full_name, c.patient.chart_number]
    if c.recipient is not None:
        lines += [c.recipient.name, c.recipient.practice]
    lines += [f"{code} {text}" for code, text in c.diagnoses]
    lines.append(c.chronicity)
    if c.personal_note:
        lines.append(c.personal_note)
    if c.shows(Section.FINDINGS) and c.findings is not None:
        for row in c.findings.tests + c.findings.rom + c.findings.muscle_tests:
            lines += [row.finding, row.initial, row.latest]
    if c.shows(Section.TREATMENT):
        lines += [f"{what}: {text}" for what, text in c.treatment]
    if c.shows(Section.ADVERSE_EVENTS):
        lines += list(c.adverse_events)
    for section, rows in ((Section.OUTCOMES, c.measures), (Section.RECOVERY, c.recovery)):
        if c.shows(section):
            for r in rows:
                lines += [r.label, r.first, r.latest, r.change, r.verdict]
    if c.shows(Section.RESPONSE):
        lines += list(c.response)
    if c.shows(Section.RECOMMENDATIONS):
        lines += [c.recommendations, c.plan, c.next_reassessment, c.discharged]
    if c.signer is not None:
        lines += [c.signer.name, c.signer.license, c.signer.npi]
    return [line for line in lines if line]
