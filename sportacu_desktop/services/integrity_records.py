"""``sportacu check``: do the signed and issued records match what the audit trail says?

Every signed note must have exactly one sealing event (its signing, or the seal the
upgrade to schema 0005 recorded for notes signed before) whose seal still matches the
note as stored, for the patient it was signed for. Every signed note that is gone, and
every patient that is gone, must be covered by a destruction order, and every order by
the administrator's audit event. Addenda are counted against their events; an issued
document's bytes against the SHA-256 stored with it.
"""

import hashlib
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sportacu_desktop.domain.signed_content import Seal, seal_in, seal_of
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.signed_content import signed_parts

SEALING_ACTIONS = ("sign", "seal")
SHOWN = 5


def _some(ids) -> str:
    ids = sorted(ids)
    more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
    return ", ".join(str(i) for i in ids[:SHOWN]) + more


def _destroyed_patients(session: Session) -> tuple[set[int], list[str]]:
    """Patients whose destruction the administrator ordered through the app."""
    orders = session.execute(
        select(m.DestructionOrder.patient_id, m.DestructionOrder.chart_number)
    ).all()
    audited = set(
        session.scalars(
            select(m.AuditEvent.entity_id).where(
                m.AuditEvent.action == "destroy", m.AuditEvent.entity == "patient"
            )
        )
    )
    forged = [chart for patient, chart in orders if patient not in audited]
    problems = []
    if forged:
        problems.append(
            f"{len(forged)} destruction orders were not made through the app (no audit "
            f"event records them): charts {_some(forged)}"
        )
    return {patient for patient, _chart in orders if patient in audited}, problems


def _sealing_events(session: Session) -> dict[int, list[tuple[int | None, Seal]]]:
    found: dict[int, list[tuple[int | None, Seal]]] = defaultdict(list)
    rows = session.execute(
        select(m.AuditEvent.entity_id, m.AuditEvent.patient_id, m.AuditEvent.detail).where(
            m.AuditEvent.action.in_(SEALING_ACTIONS), m.AuditEvent.entity == "visit"
        )
    )
    for visit_id, patient_id, detail in rows:
        seal = seal_in(detail)
        if seal is not None and visit_id is not None:
            found[visit_id].append((patient_id, seal))
    return found


def signed_note_problems(session: Session) -> tuple[list[str], list[str]]:
    """(passed, problems) for signed notes, deletions and destruction orders."""
    passed: list[str] = []
    problems: list[str] = []
    destroyed, order_problems = _destroyed_patients(session)
    problems += order_problems
    sealed = _sealing_events(session)
    signed = dict(
        session.execute(
            select(m.Visit.id, m.Visit.patient_id).where(m.Visit.status == "signed")
        ).all()
    )
    unsealed = [v for v in signed if v not in sealed]
    twice = [v for v in signed if len(sealed.get(v, ())) > 1]
    changed, moved = [], []
    connection = session.connection()
    once = [v for v in signed if len(sealed.get(v, ())) == 1]
    for visit_id, parts in signed_parts(connection, once):
        patient_at_signing, seal = sealed[visit_id][0]
        recomputed = seal_of({name: parts.get(name, []) for name in seal.parts}, seal.version)
        if patient_at_signing != signed[visit_id]:
            moved.append(visit_id)
        elif recomputed.digest != seal.digest:
            changed.append(visit_id)
    gone = [
        visit_id
        for visit_id, events in sealed.items()
        if visit_id not in signed and not any(p in destroyed for p, _s in events)
    ]
    if unsealed:
        problems.append(
            f"{len(unsealed)} visits are marked signed but were never signed in the app "
            f"(no signing event): visits {_some(unsealed)}"
        )
    if twice:
        problems.append(
            f"{len(twice)} signed visits have more than one signing event: visits {_some(twice)}"
        )
    if changed:
        problems.append(
            f"{len(changed)} signed notes were changed after signing (text, treatments or "
            f"diagnoses differ from what was signed): visits {_some(changed)}"
        )
    if moved:
        problems.append(
            f"{len(moved)} signed notes now belong to another patient than the one they "
            f"were signed for: visits {_some(moved)}"
        )
    if gone:
        problems.append(
            f"{len(gone)} signed notes were deleted without a destruction order: "
            f"visits {_some(gone)}"
        )
    patients = set(session.scalars(select(m.Patient.id)))
    mentioned = set(
        session.scalars(
            select(m.AuditEvent.patient_id).where(m.AuditEvent.patient_id.is_not(None)).distinct()
        )
    )
    vanished = mentioned - patients - destroyed
    if vanished:
        problems.append(
            f"the records of {len(vanished)} patients were deleted without a destruction "
            f"order: patient ids {_some(vanished)}"
        )
    if not problems:
        passed.append(
            f"every signed note ({len(signed)}) matches the seal of its signing event; every "
            f"deletion has a destruction order made in the app ({len(destroyed)})"
        )
    return passed, problems


def addendum_problems(session: Session) -> list[str]:
    rows = Counter(
        dict(
            session.execute(
                select(m.Addendum.visit_id, func.count()).group_by(m.Addendum.visit_id)
            ).all()
        )
    )
    events = Counter(
        dict(
            session.execute(
                select(m.AuditEvent.entity_id, func.count())
                .where(m.AuditEvent.action == "addendum", m.AuditEvent.entity == "visit")
                .group_by(m.AuditEvent.entity_id)
            ).all()
        )
    )
    existing = set(session.scalars(select(m.Visit.id)))
    extra = [v for v in rows if rows[v] > events[v]]
    missing = [v for v in events if v in existing and rows[v] < events[v]]
    problems = []
    if extra:
        problems.append(
            f"addenda were added outside the app (no audit event) to visits {_some(extra)}"
        )
    if missing:
        problems.append(f"addenda were deleted from visits {_some(missing)}")
    return problems


def issued_document_problems(session: Session) -> list[str]:
    altered = [
        number
        for number, digest, content in session.execute(
            select(m.IssuedDocument.number, m.IssuedDocument.sha256, m.IssuedDocument.content)
        ).yield_per(200)
        if hashlib.sha256(content).hexdigest() != digest
    ]
    if altered:
        return [
            f"{len(altered)} issued documents no longer match the fingerprint taken when "
            f"they were issued: {_some(altered)}"
        ]
    return []
