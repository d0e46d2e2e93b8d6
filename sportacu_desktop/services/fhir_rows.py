"""The rows of a batch of patients, read with one query per table (never one per visit),
so a 5,000-patient export reads a few hundred queries' worth and holds one batch at a
time.

Rows come back as plain result rows, not ORM objects: the export only reads them, and
building half a million tracked objects would take most of its time. Their attributes
have the mapped classes' names.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.storage import models as m

TREATMENT_TABLES: dict[str, Any] = {
    "points": m.PointTreatment,
    "dry_needling": m.DryNeedling,
    "electro": m.ElectroStim,
    "cupping": m.CuppingTreatment,
    "adverse_events": m.AdverseEvent,
}


@dataclass
class PatientRows:
    patient: m.Patient
    insurances: list[m.Insurance] = field(default_factory=list)
    care_team: list[m.CareTeamLink] = field(default_factory=list)
    episodes: list[m.Episode] = field(default_factory=list)
    visits: list[m.Visit] = field(default_factory=list)
    measures: list[m.OutcomeMeasure] = field(default_factory=list)
    intakes: list[m.Intake] = field(default_factory=list)
    documents: list[m.IssuedDocument] = field(default_factory=list)


@dataclass
class Batch:
    patients: list[PatientRows]
    diagnoses: dict[int, list[m.Diagnosis]]  # by episode
    treatments: dict[int, dict[str, list]]  # by visit, then TREATMENT_TABLES key
    superbill_lines: dict[int, list[m.SuperbillLine]]  # by document
    signed_diagnoses: dict[int, list[tuple[str, str]]]  # by visit, (code, description)
    billing_pointers: dict[int, str]  # the live billing line's pointers, by its id


def _grouped(rows, key) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


def _rows(session: Session, table, where, *order):
    return session.execute(select(table.__table__).where(where).order_by(*order))


def load_batch(session: Session, patient_ids: list[int]) -> Batch:
    patients = {
        p.id: PatientRows(p)
        for p in _rows(session, m.Patient, m.Patient.id.in_(patient_ids), m.Patient.id)
    }

    def each(table, order):
        return _rows(session, table, table.patient_id.in_(patient_ids), *order)

    for row in each(m.Insurance, (m.Insurance.rank, m.Insurance.id)):
        patients[row.patient_id].insurances.append(row)
    for row in each(m.CareTeamLink, (m.CareTeamLink.id,)):
        patients[row.patient_id].care_team.append(row)
    for row in each(m.Episode, (m.Episode.start_date, m.Episode.id)):
        patients[row.patient_id].episodes.append(row)
    for row in each(m.Visit, (m.Visit.visit_date, m.Visit.id)):
        patients[row.patient_id].visits.append(row)
    for row in each(m.OutcomeMeasure, (m.OutcomeMeasure.measured_on, m.OutcomeMeasure.id)):
        patients[row.patient_id].measures.append(row)
    for row in each(m.Intake, (m.Intake.taken_on, m.Intake.id)):
        patients[row.patient_id].intakes.append(row)
    for row in each(m.IssuedDocument, (m.IssuedDocument.id,)):
        patients[row.patient_id].documents.append(row)

    episode_ids = [e.id for p in patients.values() for e in p.episodes]
    visit_ids = [v.id for p in patients.values() for v in p.visits]
    document_ids = [d.id for p in patients.values() for d in p.documents if d.kind == "superbill"]
    diagnoses = _grouped(
        _rows(
            session,
            m.Diagnosis,
            m.Diagnosis.episode_id.in_(episode_ids),
            m.Diagnosis.rank,
            m.Diagnosis.id,
        ),
        lambda d: d.episode_id,
    )
    treatments: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name, table in TREATMENT_TABLES.items():
        for row in _rows(session, table, table.visit_id.in_(visit_ids), table.position, table.id):
            treatments[row.visit_id][name].append(row)
    lines = _grouped(
        _rows(
            session,
            m.SuperbillLine,
            m.SuperbillLine.document_id.in_(document_ids),
            m.SuperbillLine.position,
            m.SuperbillLine.id,
        ),
        lambda line: line.document_id,
    )
    signed: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for visit_id, code, description in session.execute(
        select(
            m.SignedVisitDiagnosis.visit_id,
            m.SignedVisitDiagnosis.code,
            m.SignedVisitDiagnosis.description,
        )
        .where(m.SignedVisitDiagnosis.visit_id.in_(visit_ids))
        .order_by(m.SignedVisitDiagnosis.visit_id, m.SignedVisitDiagnosis.rank)
    ):
        signed[visit_id].append((code, description))
    line_ids = [line.billing_line_id for group in lines.values() for line in group]
    pointers: dict[int, str] = {
        line_id: letters
        for line_id, letters in session.execute(
            select(m.BillingLine.id, m.BillingLine.diagnosis_pointers).where(
                m.BillingLine.id.in_(line_ids)
            )
        )
    }
    return Batch(list(patients.values()), diagnoses, treatments, lines, signed, pointers)
