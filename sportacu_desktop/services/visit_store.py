"""Reading a visit's rows into a VisitContent and writing one back."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.visits import (
    AddendumEntry,
    AdverseEventEntry,
    CuppingEntry,
    DryNeedlingEntry,
    ElectroEntry,
    MuscleTestEntry,
    PointRow,
    RomEntry,
    SpecialTestEntry,
    VisitContent,
    VisitNote,
)
from sportacu_desktop.storage import models as m

SCALAR_FIELDS = (
    "pain_nrs",
    "response_to_last",
    "training_since",
    "subjective",
    "objective",
    "palpation",
    "assessment",
    "plan",
    "recommendations",
    "contact_minutes",
    "needles_in",
    "needles_out",
    "needle_count_exception",
    "estim_first_block",
    "separate_evaluation",
)
WITH_ESTIM, WITHOUT_ESTIM = "E", "M"


def reinsertions_text(reinsertions: tuple[bool, ...]) -> str:
    return "".join(WITH_ESTIM if e else WITHOUT_ESTIM for e in reinsertions)


def reinsertions_of(text: str) -> tuple[bool, ...]:
    return tuple(c == WITH_ESTIM for c in text)


# content attribute -> (table, entry class, columns in entry order)
ITEMS: dict[str, tuple] = {
    "tests": (
        m.SpecialTestResult,
        SpecialTestEntry,
        ("test_name", "side", "result", "note", "region"),
    ),
    "rom": (m.RangeOfMotion, RomEntry, ("joint", "motion", "degrees", "side")),
    "muscle_tests": (m.MuscleTest, MuscleTestEntry, ("muscle", "grade", "side")),
    "points": (
        m.PointTreatment,
        PointRow,
        ("point_code", "side", "technique", "gauge", "length_mm", "retention_minutes"),
    ),
    "dry_needling": (
        m.DryNeedling,
        DryNeedlingEntry,
        ("muscle", "side", "twitch_response", "needles"),
    ),
    "electro": (
        m.ElectroStim,
        ElectroEntry,
        ("point_a", "point_b", "waveform", "frequency_hz", "intensity", "minutes", "device"),
    ),
    "cupping": (
        m.CuppingTreatment,
        CuppingEntry,
        ("region", "kind", "cup_type", "technique", "cups", "minutes", "marks"),
    ),
    "adverse_events": (
        m.AdverseEvent,
        AdverseEventEntry,
        ("kind", "severity", "action_taken", "note"),
    ),
}


def read_content(session: Session, visit: m.Visit) -> VisitContent:
    values = {name: getattr(visit, name) for name in SCALAR_FIELDS}
    values["reinsertions"] = reinsertions_of(visit.needle_reinsertions)
    for attr, (table, entry, columns) in ITEMS.items():
        rows = session.scalars(
            select(table).where(table.visit_id == visit.id).order_by(table.position, table.id)
        )
        values[attr] = tuple(entry(*(getattr(row, c) for c in columns)) for row in rows)
    return VisitContent(**values)


def write_content(session: Session, visit: m.Visit, content: VisitContent) -> None:
    """Replace the note's fields and treatment rows with ``content`` (drafts only)."""
    for name in SCALAR_FIELDS:
        setattr(visit, name, getattr(content, name))
    visit.needle_reinsertions = reinsertions_text(content.reinsertions)
    for attr, (table, _entry, columns) in ITEMS.items():
        session.execute(delete(table).where(table.visit_id == visit.id))
        for position, item in enumerate(getattr(content, attr)):
            values = dict(
                zip(columns, (getattr(item, f) for f in item.__dataclass_fields__), strict=True)
            )
            session.add(table(visit_id=visit.id, position=position, **values))


def note_of(session: Session, visit: m.Visit) -> VisitNote:
    provider = session.get(m.User, visit.provider_id) if visit.provider_id else None
    signer = session.get(m.User, visit.signed_by_id) if visit.signed_by_id else None
    addenda = tuple(
        AddendumEntry(author.display_name if author else "", a.created_at, a.reason, a.text)
        for a, author in session.execute(
            select(m.Addendum, m.User)
            .join(m.User, m.User.id == m.Addendum.author_id, isouter=True)
            .where(m.Addendum.visit_id == visit.id)
            .order_by(m.Addendum.created_at)
        )
    )
    return VisitNote(
        id=visit.id,
        patient_id=visit.patient_id,
        episode_id=visit.episode_id,
        provider_id=visit.provider_id,
        provider_name=_signature_name(provider),
        visit_date=visit.visit_date,
        status=visit.status,
        version=visit.version,
        signed_at=visit.signed_at,
        signed_by=_signature_name(signer),
        content=read_content(session, visit),
        addenda=addenda,
    )


def _signature_name(user: m.User | None) -> str:
    if user is None:
        return ""
    return f"{user.display_name}, {user.credentials}" if user.credentials else user.display_name
