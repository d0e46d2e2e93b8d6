"""The clinic, or one patient's record, as one FHIR R4 Bundle of type ``collection``.

The export reads in one read-only transaction (a consistent snapshot that cannot change
the clinic), a batch of patients at a time, and writes the Bundle as it goes to a private
file that appears under its final name only when complete. The same data exported twice
gives the same bytes: ids derive from row ids, and the Bundle carries no export time.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.exports import ExportNotWritten
from sportacu_desktop.services.fhir_billing import claim, document_reference
from sportacu_desktop.services.fhir_clinical import (
    adverse_event,
    condition,
    encounter,
    episode_of_care,
    measure_observation,
    pain_observation,
    procedures,
)
from sportacu_desktop.services.fhir_common import ClinicIds, json_default
from sportacu_desktop.services.fhir_intake import intake_observations
from sportacu_desktop.services.fhir_people import (
    care_contact,
    coverage,
    organization,
    patient,
    payer,
    practitioner,
    self_pay,
)
from sportacu_desktop.services.fhir_rows import Batch, PatientRows, load_batch
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.engine import read_only_session
from sportacu_desktop.storage.private_files import private_file_writer

BATCH_PATIENTS = 100
Progress = Callable[[int, int], bool]


class FhirExportCancelled(Exception):
    """The user stopped the export; nothing was written under the file's name."""


@dataclass(frozen=True)
class FhirExportResult:
    path: Path
    patients: int
    resources: int
    size_bytes: int


def clinic_identity(session: Session) -> str:
    identity = session.scalar(select(m.DatabaseIdentity.id).limit(1))
    return identity or "clinic"


class FhirExport:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def write(
        self,
        out: Path | str,
        *,
        patient_id: int | None = None,
        progress: Progress | None = None,
        document_files: dict[int, str] | None = None,
    ) -> FhirExportResult:
        """Write the Bundle to ``out``: the whole clinic, or ``patient_id``'s record only.

        ``document_files`` names, by issued-document id, the copies of PDFs written beside
        the Bundle (a patient's record on request). Raises FhirExportCancelled when
        ``progress`` returns False, ExportNotWritten when the file cannot be written.
        """
        require(self._actor, Action.RELEASE_PATIENT_RECORD if patient_id else Action.EXPORT_CLINIC)
        out = Path(out)
        count = 0
        try:
            with read_only_session(self._sessions) as session, private_file_writer(out) as file:
                ids = ClinicIds(clinic_identity(session))
                patient_ids = self._patient_ids(session, patient_id)
                bundle_key = f"patient/{patient_id}" if patient_id else "clinic"
                bundle_id = ids.uuid("bundle", bundle_key)
                file.write(f'{{"resourceType":"Bundle","id":"{bundle_id}","type":"collection",')
                file.write('"entry":[')
                first = True
                for entry in self._entries(
                    session, ids, patient_ids, patient_id, progress, document_files or {}
                ):
                    file.write(("\n" if first else ",\n") + _json(entry))
                    first = False
                    count += 1
                file.write("\n]}\n")
        except OSError as exc:
            raise ExportNotWritten(f"Could not write {out}: {exc.strerror or exc}.") from None
        with self._sessions.begin() as session:
            audit.record(
                session,
                self._actor,
                "export",
                patient_id=patient_id,
                entity="fhir",
                detail=f"FHIR R4 bundle, {len(patient_ids)} patient(s), {count} resources",
            )
        return FhirExportResult(out, len(patient_ids), count, out.stat().st_size)

    def _patient_ids(self, session: Session, patient_id: int | None) -> list[int]:
        if patient_id is None:
            return list(session.scalars(select(m.Patient.id).order_by(m.Patient.id)))
        if session.get(m.Patient, patient_id) is None:
            raise NotFound(f"Patient {patient_id} does not exist.")
        return [patient_id]

    def _entries(
        self,
        session: Session,
        ids: ClinicIds,
        patient_ids: list[int],
        patient_id: int | None,
        progress: Progress | None,
        document_files: dict[int, str],
    ) -> Iterator[dict]:
        practice = session.scalar(select(m.Practice).order_by(m.Practice.id).limit(1))
        practice_id = practice.id if practice else None
        if practice is not None:
            yield organization(ids, practice)
        providers = select(m.Visit.provider_id).distinct()
        if patient_id is not None:
            providers = providers.where(m.Visit.patient_id == patient_id)
        treating = set(session.scalars(providers))
        for user in session.scalars(select(m.User).order_by(m.User.id)):
            # The clinic's providers (an NPI or a license), and whoever treated in the
            # export; a one-patient export names only those who treated that patient.
            if user.id in treating or (patient_id is None and (user.npi or user.license_number)):
                yield practitioner(ids, user)
        contacts = select(m.CareContact).order_by(m.CareContact.id)
        if patient_id is not None:
            linked = select(m.CareTeamLink.contact_id).where(
                m.CareTeamLink.patient_id == patient_id
            )
            contacts = contacts.where(m.CareContact.id.in_(linked))
        for contact in session.scalars(contacts):
            yield from care_contact(ids, contact)
        payers: set[str] = set()
        total = len(patient_ids)
        for start in range(0, total, BATCH_PATIENTS):
            if progress is not None and not progress(start, total):
                raise FhirExportCancelled("Export cancelled; no file was written.")
            batch = load_batch(session, patient_ids[start : start + BATCH_PATIENTS])
            for rows in batch.patients:
                yield from self._patient(ids, rows, batch, practice_id, payers, document_files)
            session.expunge_all()  # one batch at a time in memory
        if progress is not None and not progress(total, total):
            raise FhirExportCancelled("Export cancelled; no file was written.")

    def _patient(
        self,
        ids: ClinicIds,
        rows: PatientRows,
        batch: Batch,
        practice_id: int | None,
        payers: set[str],
        document_files: dict[int, str],
    ) -> Iterator[dict]:
        yield patient(ids, rows.patient, rows.care_team, practice_id)
        for insurance in rows.insurances:
            key = insurance.payer.strip().lower()
            if key not in payers:
                payers.add(key)
                yield payer(ids, insurance.payer)
            yield from coverage(ids, insurance)
        for episode in rows.episodes:
            diagnoses = batch.diagnoses.get(episode.id, [])
            yield episode_of_care(ids, episode, diagnoses, practice_id)
            for diagnosis in diagnoses:
                yield condition(ids, diagnosis, episode)
        visit_diagnoses: dict[int, list[tuple[str, str]]] = {}
        for visit in rows.visits:
            episode_diagnoses = (
                batch.diagnoses.get(visit.episode_id, []) if visit.episode_id else []
            )
            visit_diagnoses[visit.id] = batch.signed_diagnoses.get(visit.id) or [
                (d.code, d.description) for d in episode_diagnoses
            ]
            yield encounter(ids, visit, episode_diagnoses, practice_id)
            treatments = batch.treatments.get(visit.id, {})
            yield from procedures(ids, visit, treatments)
            if visit.pain_nrs is not None:
                yield pain_observation(ids, visit)
            for event in treatments.get("adverse_events", []):
                yield adverse_event(ids, visit, event)
        for measure in rows.measures:
            yield measure_observation(ids, measure)
        for intake in rows.intakes:
            yield from intake_observations(ids, intake)
        providers = {v.id: v.provider_id for v in rows.visits}
        note_visits = {f"visit {v.id}": v.id for v in rows.visits}
        coverage_ref = ids.ref("insurance", rows.insurances[0].id) if rows.insurances else None
        for document in rows.documents:
            visit_id = (
                note_visits.get(document.description) if document.kind == "visit_note" else None
            )
            yield document_reference(ids, document, visit_id, document_files.get(document.id, ""))
            if document.kind != "superbill":
                continue
            if coverage_ref is None:
                coverage_ref = ids.ref("self-pay", rows.patient.id)
                yield self_pay(ids, rows.patient.id)
            lines = batch.superbill_lines.get(document.id, [])
            yield claim(
                ids,
                document,
                lines,
                visit_diagnoses,
                coverage_ref,
                practice_id,
                providers,
                batch.billing_pointers,
            )


def _json(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=json_default)
