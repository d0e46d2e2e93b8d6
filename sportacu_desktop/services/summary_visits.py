"""An episode's signed notes read in a few queries, and what was done, condensed.

A maintenance episode can hold two hundred visits: reading them note by note would cost
thousands of queries, so each treatment table is read once for all of them.
"""

from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.enums import AdverseEventKind, CuppingKind, Severity
from sportacu_desktop.domain.visits import VisitContent, VisitNote
from sportacu_desktop.reports.summary_content import counted
from sportacu_desktop.services.visit_store import ITEMS, SCALAR_FIELDS, reinsertions_of
from sportacu_desktop.storage import models as m

CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit
ADVERSE_KINDS_AT_MOST = 6


def signed_notes(session: Session, visits: list[m.Visit]) -> list[VisitNote]:
    """The notes of ``visits`` (in their order) with their content; no addenda, which a
    summary does not quote."""
    rows: dict[str, dict[int, list]] = {attr: defaultdict(list) for attr in ITEMS}
    ids = [v.id for v in visits]
    for attr, (table, entry, columns) in ITEMS.items():
        for start in range(0, len(ids), CHUNK):
            for row in session.scalars(
                select(table)
                .where(table.visit_id.in_(ids[start : start + CHUNK]))
                .order_by(table.visit_id, table.position, table.id)
            ):
                rows[attr][row.visit_id].append(entry(*(getattr(row, c) for c in columns)))
    notes = []
    for visit in visits:
        values = {name: getattr(visit, name) for name in SCALAR_FIELDS}
        values["reinsertions"] = reinsertions_of(visit.needle_reinsertions)
        for attr in ITEMS:
            values[attr] = tuple(rows[attr].get(visit.id, ()))
        notes.append(
            VisitNote(
                id=visit.id,
                patient_id=visit.patient_id,
                episode_id=visit.episode_id,
                provider_id=visit.provider_id,
                provider_name="",
                visit_date=visit.visit_date,
                status=visit.status,
                version=visit.version,
                signed_at=visit.signed_at,
                signed_by="",
                content=VisitContent(**values),
            )
        )
    return notes


def _side(code: str) -> str:
    """ "Soleus R": left and right matter to a PT; bilateral and midline go unsaid."""
    return "" if code in ("", "B", "M") else f" {code}"


def treatment_done(notes: list[VisitNote]) -> tuple[tuple[str, str], ...]:
    """(what, condensed list); each item counted once per visit ("×6" means six visits)."""
    muscles: list[str] = []
    points: list[str] = []
    electro: list[str] = []
    cupping: list[str] = []
    for note in notes:
        c = note.content
        muscles += {f"{d.muscle}{_side(d.side)}" for d in c.dry_needling}
        points += {p.code for p in c.points}
        electro += {
            f"{e.point_a}–{e.point_b} {e.waveform} {e.frequency_hz} Hz, "
            f"{e.intensity}, {e.minutes} min"
            for e in c.electro
        }
        for x in c.cupping:
            if x.kind == CuppingKind.GUA_SHA:
                how = "Gua sha"
            else:
                how = f"{x.technique} cupping".strip().capitalize()
            cupping.append(f"{how}, {x.region.lower()}" if x.region else how)
    rows = (
        ("Muscles dry-needled (visits)", counted(muscles)),
        ("Acupuncture points (visits)", counted(points)),
        ("Electroacupuncture", counted(electro, 4)),
        ("Cupping / gua sha", counted(cupping, 4)),
    )
    return tuple((what, text) for what, text in rows if text)


def adverse_events(notes: list[VisitNote]) -> tuple[str, ...]:
    """Each kind of event once, with how many visits it followed."""
    events = []
    for note in notes:
        for a in note.content.adverse_events:
            kind = a.kind.replace("_", " ")
            if a.kind in set(AdverseEventKind):
                kind = AdverseEventKind(a.kind).value.replace("_", " ")
            severity = Severity(a.severity).value if a.severity in set(Severity) else a.severity
            text = f"{kind.capitalize()} ({severity})"
            if a.action_taken.strip():
                text += f": {a.action_taken.strip().rstrip('.')}"
            events.append(text)
    counts = Counter(events)
    return tuple(
        f"{event} — {n} visits" if n > 1 else event
        for event, n in counts.most_common(ADVERSE_KINDS_AT_MOST)
    )
