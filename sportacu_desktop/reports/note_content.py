"""What a visit note says, once: sections of labelled values and tables, already worded.

The signed note on screen (``ui/charting/note_view.py``) and on paper
(``reports/visit_note.py``) both draw a ``NoteContent`` built here, so they cannot
disagree about a label, a side, a time or what is left out. Rules: times are local with
their zone; what was not charted is not printed (no empty field, no "0 min", no column
that is empty in every row, no section with nothing in it). No Qt here.
"""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sportacu_desktop.domain.catalog import acupoints, normal_rom
from sportacu_desktop.domain.enums import (
    AdverseEventKind,
    CuppingKind,
    Severity,
    Side,
)
from sportacu_desktop.domain.text import sentence
from sportacu_desktop.domain.visits import VisitContent, VisitNote


@dataclass(frozen=True)
class NoteField:
    label: str  # empty when the section's title already says it
    value: str


@dataclass(frozen=True)
class NoteTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Relative column widths for paper; the screen sizes columns to their text.
    weights: tuple[float, ...]


@dataclass(frozen=True)
class NoteSection:
    title: str
    items: tuple[NoteField | NoteTable, ...]


@dataclass(frozen=True)
class NoteAddendum:
    heading: str
    text: str


@dataclass(frozen=True)
class NoteContent:
    heading: str
    byline: str
    sections: tuple[NoteSection, ...]
    signature: str  # empty for a draft
    addenda: tuple[NoteAddendum, ...]


def long_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def local_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """``Nov 25, 2026 at 11:30 EST``: the reader's clock, saying which clock it is."""
    local = moment.astimezone(zone)
    return f"{long_date(local.date())} at {local:%H:%M} {local.tzname() or ''}".rstrip()


def _fields(*pairs: tuple[str, object]) -> list[NoteField]:
    return [NoteField(label, str(value)) for label, value in pairs if str(value or "").strip()]


def _table(columns: tuple[tuple[str, float], ...], rows: list[tuple]) -> list[NoteTable]:
    """A table without the columns nothing was charted in (the first column always stays)."""
    if not rows:
        return []
    cells = [tuple("" if c is None else str(c) for c in row) for row in rows]
    keep = [i for i in range(len(columns)) if i == 0 or any(row[i].strip() for row in cells)]
    return [
        NoteTable(
            tuple(columns[i][0] for i in keep),
            tuple(tuple(row[i] for i in keep) for row in cells),
            tuple(columns[i][1] for i in keep),
        )
    ]


def _side(code: str) -> str:
    return Side.label_of(code) if code else ""


def _label(enum, value: str) -> str:
    """A stored enum value in words (``stuck_needle`` → "Stuck needle")."""
    try:
        member = enum(value)
    except ValueError:
        return value.replace("_", " ")
    return getattr(member, "label", member.value.replace("_", " ").capitalize())


def _minutes(value: int | None) -> str:
    return f"{value} min" if value else ""


def _subjective(c: VisitContent) -> list:
    return _fields(
        ("Pain (NRS 0–10)", "" if c.pain_nrs is None else f"{c.pain_nrs}/10"),
        ("Response to last treatment", c.response_to_last),
        ("Training since last visit", c.training_since),
        ("Notes", c.subjective),
    )


def _objective(c: VisitContent) -> list:
    normal = normal_rom()
    items: list = _table(
        (("Special test", 0.36), ("Side", 0.14), ("Result", 0.14), ("Note", 0.36)),
        [(t.test_name, _side(t.side), t.result.capitalize(), t.note) for t in c.tests],
    )
    items += _table(
        (("Range of motion", 0.4), ("Side", 0.2), ("Degrees", 0.2), ("Normal", 0.2)),
        [
            (
                f"{r.joint} {r.motion.lower()}",
                _side(r.side),
                f"{r.degrees}°",
                f"{normal[(r.joint, r.motion)]}°" if (r.joint, r.motion) in normal else "",
            )
            for r in c.rom
        ],
    )
    items += _table(
        (("Muscle test", 0.5), ("Side", 0.2), ("Grade", 0.3)),
        [(t.muscle, _side(t.side), f"{t.grade}/5") for t in c.muscle_tests],
    )
    return items + _fields(("Palpation", c.palpation), ("Other findings", c.objective))


def _needle(gauge: str, length_mm: int | None) -> str:
    return " × ".join(x for x in (gauge and f"{gauge} mm", length_mm and f"{length_mm} mm") if x)


def _treatment(c: VisitContent) -> list:
    names = acupoints()
    items: list = _table(
        (
            ("Point", 0.3),
            ("Side", 0.14),
            ("Technique", 0.18),
            ("Needle", 0.22),
            ("Retention", 0.16),
        ),
        [
            (
                f"{p.code} {names[p.code].pinyin}" if p.code in names else p.code,
                _side(p.side),
                p.technique,
                _needle(p.gauge, p.length_mm),
                _minutes(p.retention_minutes),
            )
            for p in c.points
        ],
    )
    items += _table(
        (("Dry needling", 0.4), ("Side", 0.18), ("Twitch response", 0.24), ("Needles", 0.18)),
        [
            (d.muscle, _side(d.side), "Yes" if d.twitch_response else "No", d.needles)
            for d in c.dry_needling
        ],
    )
    items += _table(
        (
            ("Electroacupuncture", 0.22),
            ("Waveform", 0.17),
            ("Hz", 0.1),
            ("Intensity", 0.17),
            ("Minutes", 0.12),
            ("Device", 0.22),
        ),
        [
            (
                f"{e.point_a} – {e.point_b}",
                e.waveform,
                e.frequency_hz,
                e.intensity,
                e.minutes,
                e.device,
            )
            for e in c.electro
        ],
    )
    items += _table(
        (
            ("Cupping / gua sha", 0.2),
            ("Region", 0.2),
            ("Technique", 0.13),
            ("Cups", 0.09),
            ("Minutes", 0.11),
            ("Marks / response", 0.27),
        ),
        [
            (
                f"{_label(CuppingKind, x.kind)} {x.cup_type}".strip(),
                x.region,
                x.technique,
                x.cups,
                x.minutes,
                x.marks,
            )
            for x in c.cupping
        ],
    )
    if c.needles_in or c.needles_out or c.needle_count_exception:
        count = f"{c.needles_in} in, {c.needles_out} out"
        if c.needle_count_exception:
            count += f" — {c.needle_count_exception}"
        items.append(NoteField("Needles", count))
    return items + _fields(("Contact time", _minutes(c.contact_minutes)))


def _adverse_events(c: VisitContent) -> list:
    return _table(
        (("Event", 0.25), ("Severity", 0.15), ("Action taken", 0.35), ("Note", 0.25)),
        [
            (
                _label(AdverseEventKind, a.kind),
                _label(Severity, a.severity),
                a.action_taken,
                a.note,
            )
            for a in c.adverse_events
        ],
    )


def note_sections(c: VisitContent) -> tuple[NoteSection, ...]:
    parts = (
        ("Subjective", _subjective(c)),
        ("Objective", _objective(c)),
        ("Assessment", [NoteField("", c.assessment)] if c.assessment.strip() else []),
        ("Treatment", _treatment(c)),
        ("Adverse events", _adverse_events(c)),
        ("Plan", _fields(("Plan", c.plan), ("Recommendations", c.recommendations))),
    )
    return tuple(NoteSection(title, tuple(items)) for title, items in parts if items)


def build_note_content(note: VisitNote, patient: str, zone: tzinfo | None = None) -> NoteContent:
    """The note as both renderers show it; ``zone`` None is this computer's time zone."""
    signed = note.signed and note.signed_at is not None
    signature = ""
    status = "Draft — not signed"
    if signed:
        when = local_time(note.signed_at, zone)
        status = f"Signed by {note.signed_by} on {when}"
        signature = sentence(f"Electronically signed by {note.signed_by} on {when}")
    return NoteContent(
        heading=f"{patient} — visit of {long_date(note.visit_date)}",
        byline=" · ".join(x for x in (note.provider_name, status) if x),
        sections=note_sections(note.content),
        signature=signature,
        addenda=tuple(
            NoteAddendum(
                f"{a.reason} — {a.author}, {local_time(a.created_at, zone)}",
                a.text,
            )
            for a in note.addenda
        ),
    )


def plain_text(content: NoteContent) -> list[str]:
    """Every word the note shows, in order, one line per label, value or cell."""
    lines = [content.heading, content.byline]
    for section in content.sections:
        lines.append(section.title)
        for item in section.items:
            if isinstance(item, NoteField):
                lines += [x for x in (item.label, item.value) if x]
            else:
                lines += list(item.headers)
                lines += [cell for row in item.rows for cell in row if cell]
    if content.signature:
        lines.append(content.signature)
    for addendum in content.addenda:
        lines += [addendum.heading, addendum.text]
    return lines
