"""Reading what a signed note consists of, row by row, for its seal.

The columns are listed here once, per seal version, and never follow later schema
changes: a seal recorded years ago must be recomputed from the same columns. Used by
signing, by ``sportacu check`` and by the migration that sealed notes signed before.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import cast

from sqlalchemy import Connection, Table, column, select, text
from sqlalchemy import table as table_clause

from sportacu_desktop.domain.signed_content import SEAL_VERSION, Seal, seal_of
from sportacu_desktop.storage import models as m

VISIT_COLUMNS = (
    "id",
    "patient_id",
    "episode_id",
    "provider_id",
    "visit_date",
    "status",
    "signed_at",
    "signed_by_id",
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
)
ITEM_COLUMNS = {
    m.SpecialTestResult: ("position", "region", "test_name", "side", "result", "note"),
    m.RangeOfMotion: ("position", "joint", "motion", "side", "degrees"),
    m.MuscleTest: ("position", "muscle", "side", "grade"),
    m.PointTreatment: (
        "position",
        "point_code",
        "side",
        "technique",
        "gauge",
        "length_mm",
        "retention_minutes",
    ),
    m.DryNeedling: ("position", "muscle", "side", "twitch_response", "needles"),
    m.ElectroStim: (
        "position",
        "point_a",
        "point_b",
        "waveform",
        "frequency_hz",
        "intensity",
        "minutes",
        "device",
    ),
    m.CuppingTreatment: (
        "position",
        "kind",
        "cup_type",
        "technique",
        "cups",
        "region",
        "minutes",
        "marks",
    ),
    m.AdverseEvent: ("position", "kind", "severity", "action_taken", "note"),
}
# A signed visit's diagnoses as frozen at signing (the episode's own list may change
# later). Sealed whenever the schema has the table; every column but the row id.
DIAGNOSIS_SNAPSHOT = "signed_visit_diagnosis"
BATCH = 2000


def _column_names(connection: Connection, name: str) -> list[str]:
    """The table's columns as the database has them now (none: no such table). A plain
    catalogue query: reflecting the table cost about 20 ms on every signature."""
    if connection.dialect.name == "sqlite":
        return [
            row[1]
            for row in connection.execute(text("SELECT * FROM pragma_table_info(:t)"), {"t": name})
        ]
    found = connection.execute(
        text(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = :t AND table_schema = current_schema()"
        ),
        {"t": name},
    )
    return [row[0] for row in found]


def _snapshot_columns(connection: Connection) -> tuple[str, ...] | None:
    names = sorted(_column_names(connection, DIAGNOSIS_SNAPSHOT))
    if not names:
        return None
    return tuple(n for n in names if n not in ("id", "visit_id"))


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def signed_parts(
    connection: Connection, visit_ids: Iterable[int]
) -> Iterator[tuple[int, dict[str, list[tuple]]]]:
    """(visit id, parts) for each visit that exists, in batches to bound memory."""
    snapshot_columns = _snapshot_columns(connection)
    snapshot = (
        table_clause(DIAGNOSIS_SNAPSHOT, *(column(n) for n in ("visit_id", *snapshot_columns)))
        if snapshot_columns is not None
        else None
    )
    visit = m.Visit.__table__
    for batch in _batches(sorted(set(visit_ids))):
        rows = connection.execute(
            select(*(visit.c[name] for name in VISIT_COLUMNS)).where(visit.c.id.in_(batch))
        ).all()
        parts: dict[int, dict[str, list[tuple]]] = {
            row[0]: {"visit": [tuple(row)], "items": []} for row in rows
        }
        for model, columns in ITEM_COLUMNS.items():
            table = cast(Table, model.__table__)
            found = connection.execute(
                select(table.c.visit_id, *(table.c[name] for name in columns))
                .where(table.c.visit_id.in_(batch))
                .order_by(table.c.visit_id, table.c.position, table.c.id)
            )
            for row in found:
                if row[0] in parts:
                    parts[row[0]]["items"].append((table.name, *row[1:]))
        if snapshot is not None and snapshot_columns is not None:
            by_visit: dict[int, list[tuple]] = defaultdict(list)
            found = connection.execute(
                select(snapshot.c.visit_id, *(snapshot.c[n] for n in snapshot_columns)).where(
                    snapshot.c.visit_id.in_(batch)
                )
            )
            for row in found:
                by_visit[row[0]].append(tuple(row[1:]))
            for visit_id, content in parts.items():
                content["diagnoses"] = sorted(by_visit.get(visit_id, []), key=repr)
        yield from parts.items()


def seals_of(connection: Connection, visit_ids: Iterable[int]) -> Iterator[tuple[int, Seal]]:
    for visit_id, parts in signed_parts(connection, visit_ids):
        yield visit_id, seal_of(parts, SEAL_VERSION)


def seal_over(connection: Connection, visit_id: int, wanted: tuple[str, ...]) -> Seal | None:
    """The seal of one visit over the parts an earlier seal named (None: no such visit)."""
    for _visit_id, parts in signed_parts(connection, [visit_id]):
        return seal_of({name: parts.get(name, []) for name in wanted})
    return None
