"""A signed visit's diagnoses as they were at signing, written once and read by the note."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.storage import models as m


def freeze(session: Session, visit: m.Visit) -> None:
    """Copy the episode's diagnoses for ``visit``; call before its status becomes signed
    (the database refuses new rows for a signed visit)."""
    if visit.episode_id is None:
        return
    rows = session.execute(
        select(m.Diagnosis.rank, m.Diagnosis.code, m.Diagnosis.description)
        .where(m.Diagnosis.episode_id == visit.episode_id)
        .order_by(m.Diagnosis.rank)
    )
    for rank, code, description in rows:
        session.add(
            m.SignedVisitDiagnosis(visit_id=visit.id, rank=rank, code=code, description=description)
        )
    session.flush()


def diagnoses_of_visit(session: Session, visit: m.Visit) -> tuple[tuple[str, str], ...]:
    """(code, description), primary first: frozen ones for a signed visit, else the
    episode's current ones (also for notes signed before diagnoses were frozen)."""
    frozen = tuple(
        (code, description)
        for code, description in session.execute(
            select(m.SignedVisitDiagnosis.code, m.SignedVisitDiagnosis.description)
            .where(m.SignedVisitDiagnosis.visit_id == visit.id)
            .order_by(m.SignedVisitDiagnosis.rank)
        )
    )
    if frozen or visit.episode_id is None:
        return frozen
    return tuple(
        (code, description)
        for code, description in session.execute(
            select(m.Diagnosis.code, m.Diagnosis.description)
            .where(m.Diagnosis.episode_id == visit.episode_id)
            .order_by(m.Diagnosis.rank)
        )
    )
