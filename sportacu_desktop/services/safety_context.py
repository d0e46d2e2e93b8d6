"""Load what the safety rules need about a patient and run them on a note."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.safety import (
    Finding,
    PlannedTreatment,
    UpcomingRace,
    check_treatment,
)
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.storage import models as m


def plan_of(content: VisitContent) -> PlannedTreatment:
    return PlannedTreatment(
        points=tuple((p.code, p.side) for p in content.points),
        electro_pairs=tuple((e.point_a, e.point_b) for e in content.electro),
        muscles_dry_needled=len({d.muscle for d in content.dry_needling}),
        cupping_or_gua_sha=bool(content.cupping),
    )


def findings_for(
    session: Session, patient_id: int, content: VisitContent, at: datetime
) -> list[Finding]:
    flags = set(
        session.scalars(
            select(m.PatientFlag.kind).where(
                m.PatientFlag.patient_id == patient_id, m.PatientFlag.active
            )
        )
    )
    consents = set(
        session.scalars(
            select(m.Consent.modality).where(
                m.Consent.patient_id == patient_id, m.Consent.revoked_on.is_(None)
            )
        )
    )
    window_start = at.date() - timedelta(days=6)
    races = [
        UpcomingRace(r.name, r.race_date, r.priority)
        for r in session.scalars(
            select(m.Race).where(
                m.Race.patient_id == patient_id,
                m.Race.archived.is_(False),
                m.Race.race_date >= window_start,
            )
        )
    ]
    return check_treatment(plan_of(content), flags=flags, consents=consents, races=races, at=at)
