"""The read-only lists of visits: a patient's visits for the Visits dock, the drafts
offered back after a crash, and a patient's usual points. Permissions and the audit
trail stay with the caller (``Charting``)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.storage import models as m


@dataclass(frozen=True)
class VisitSummary:
    id: int
    visit_date: date
    status: str
    assessment: str
    provider: str
    has_unsaved_draft: bool


def patient_visits(session: Session, patient_id: int) -> list[VisitSummary]:
    """Newest first, with the first line of each assessment."""
    drafts = set(
        session.scalars(
            select(m.VisitDraft.visit_id).join(m.Visit).where(m.Visit.patient_id == patient_id)
        )
    )
    rows = session.execute(
        select(
            m.Visit.id,
            m.Visit.visit_date,
            m.Visit.status,
            m.Visit.assessment,
            m.User.display_name,
        )
        .join(m.User, m.User.id == m.Visit.provider_id, isouter=True)
        .where(m.Visit.patient_id == patient_id)
        .order_by(m.Visit.visit_date.desc(), m.Visit.id.desc())
    )
    return [
        VisitSummary(i, d, s, (a or "").split("\n", 1)[0][:120], p or "", i in drafts)
        for i, d, s, a, p in rows
    ]


def unsaved_drafts(session: Session) -> list[VisitSummary]:
    """Unsigned visits with typed text not yet saved as a note, newest draft first."""
    rows = session.execute(
        select(
            m.Visit.id,
            m.Visit.visit_date,
            m.Visit.status,
            m.Patient.last_name,
            m.Patient.first_name,
            m.VisitDraft.saved_by,
        )
        .join(m.VisitDraft, m.VisitDraft.visit_id == m.Visit.id)
        .join(m.Patient, m.Patient.id == m.Visit.patient_id)
        .where(m.Visit.status == VisitStatus.DRAFT)
        .order_by(m.VisitDraft.saved_at.desc())
    )
    return [
        VisitSummary(i, d, s, f"{last}, {first}", by, True) for i, d, s, last, first, by in rows
    ]


def usual_points(session: Session, patient_id: int, limit: int) -> list[str]:
    """The points charted most often for the patient, most used first."""
    rows = session.execute(
        select(m.PointTreatment.point_code, func.count())
        .join(m.Visit, m.Visit.id == m.PointTreatment.visit_id)
        .where(m.Visit.patient_id == patient_id)
        .group_by(m.PointTreatment.point_code)
        .order_by(func.count().desc(), m.PointTreatment.point_code)
        .limit(limit)
    )
    return [code for code, _count in rows]
