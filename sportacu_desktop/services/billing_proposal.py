"""Billing lines proposed from a visit's chart: the rules in domain/billing applied to a visit.

Called inside the signing transaction, so a signed visit always has its proposed lines.
"""

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.billing import (
    INITIAL_CODES,
    MAX_POINTERS,
    POINTER_LETTERS,
    BillingPolicy,
    ChartedWork,
    ProposedLine,
    code_label,
    propose_lines,
)
from sportacu_desktop.domain.settings import CUPPING_CODE, DRY_NEEDLING_WITH_ACUPUNCTURE
from sportacu_desktop.services.settings import read_setting
from sportacu_desktop.services.visit_store import reinsertions_of
from sportacu_desktop.storage import models as m

# An E/M "new patient" is one not seen by the practice within three years.
NEW_PATIENT_GAP = timedelta(days=3 * 365)


def billing_policy(session: Session) -> BillingPolicy:
    return BillingPolicy(
        cupping_code=read_setting(session, CUPPING_CODE),
        dry_needling_with_acupuncture=read_setting(session, DRY_NEEDLING_WITH_ACUPUNCTURE),
    )


def charted_work(session: Session, visit: m.Visit) -> ChartedWork:
    muscles = tuple(
        session.scalars(select(m.DryNeedling.muscle).where(m.DryNeedling.visit_id == visit.id))
    )
    cupping = session.scalar(
        select(func.count(m.CuppingTreatment.id)).where(m.CuppingTreatment.visit_id == visit.id)
    )
    earlier_initial = session.scalar(
        select(func.count(m.BillingLine.id))
        .join(m.Visit, m.Visit.id == m.BillingLine.visit_id)
        .where(
            m.Visit.patient_id == visit.patient_id,
            m.Visit.visit_date == visit.visit_date,
            m.Visit.id != visit.id,
            m.BillingLine.cpt_code.in_(INITIAL_CODES),
        )
    )
    seen_before = session.scalar(
        select(func.count(m.Visit.id)).where(
            m.Visit.patient_id == visit.patient_id,
            m.Visit.id != visit.id,
            m.Visit.status == "signed",
            m.Visit.visit_date < visit.visit_date,
            m.Visit.visit_date >= visit.visit_date - NEW_PATIENT_GAP,
        )
    )
    return ChartedWork(
        contact_minutes=visit.contact_minutes,
        estim_first_block=visit.estim_first_block,
        reinsertions=reinsertions_of(visit.needle_reinsertions),
        muscles_dry_needled=muscles,
        cupping_or_gua_sha=bool(cupping),
        separate_evaluation=visit.separate_evaluation,
        new_patient=not seen_before,
        initial_billed_earlier_today=bool(earlier_initial),
    )


def fees(session: Session) -> dict[str, tuple[str, int]]:
    """code → (the clinic's label, charge in cents per unit)."""
    rows = session.execute(
        select(m.FeeScheduleItem.code, m.FeeScheduleItem.label, m.FeeScheduleItem.charge_cents)
    )
    return {code: (label, cents) for code, label, cents in rows}


def diagnosis_count(session: Session, episode_id: int | None) -> int:
    if episode_id is None:
        return 0
    return (
        session.scalar(
            select(func.count(m.Diagnosis.id)).where(m.Diagnosis.episode_id == episode_id)
        )
        or 0
    )


def proposal(session: Session, visit: m.Visit) -> tuple[list[ProposedLine], list[str]]:
    return propose_lines(charted_work(session, visit), billing_policy(session))


def write_proposed_lines(session: Session, visit: m.Visit, username: str) -> list[str]:
    """Replace the visit's lines with those its chart implies; returns the warnings."""
    lines, warnings = proposal(session, visit)
    fee_schedule = fees(session)
    pointers = ",".join(
        POINTER_LETTERS[: min(MAX_POINTERS, diagnosis_count(session, visit.episode_id))]
    )
    session.execute(delete(m.BillingLine).where(m.BillingLine.visit_id == visit.id))
    for position, line in enumerate(lines):
        label, unit_cents = fee_schedule.get(line.code, (code_label(line.code), 0))
        session.add(
            m.BillingLine(
                visit_id=visit.id,
                position=position,
                service_date=visit.visit_date,
                cpt_code=line.code,
                modifiers=",".join(line.modifiers),
                units=line.units,
                charge_cents=unit_cents * line.units,
                diagnosis_pointers=pointers,
                description=label[:200],
                created_by=username,
                updated_by=username,
            )
        )
    return warnings
