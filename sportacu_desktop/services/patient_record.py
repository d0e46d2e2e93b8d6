"""A patient's complete record on request (right of access): one folder with every signed
visit note and its addenda in one PDF, the superbills and summaries exactly as issued, and
the patient's FHIR bundle; the release is logged as a disclosure.

The folder is built under a hidden staging name beside the one asked for and renamed when
complete: a cancelled or failed request leaves nothing under that name.
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.disclosures import checked_entry, default_for
from sportacu_desktop.domain.documents import PatientLine, VisitNoteDocument
from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.disclosures import log_disclosure
from sportacu_desktop.services.documents import emergency_mark, practice_header
from sportacu_desktop.services.exports import ExportNotWritten
from sportacu_desktop.services.fhir_export import FhirExport
from sportacu_desktop.services.signed_diagnoses import diagnoses_of_visit
from sportacu_desktop.services.visit_store import note_of
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.engine import read_only_session
from sportacu_desktop.storage.private_files import (
    FOLDER_MODE,
    make_private_folder,
    write_private_file,
)

NOTES_FILE = "visit-notes.pdf"
BUNDLE_FILE = "record.fhir.json"
CONTENTS_FILE = "CONTENTS.txt"
RELEASED_KINDS = ("superbill", "summary")
RECORD_REQUEST = "record_request"  # the disclosure log's kind
DEFAULT = default_for(RECORD_REQUEST)
Progress = Callable[[int, int], bool]


class RecordCancelled(Exception):
    """The user stopped the request; no folder was left under the name asked for."""


@dataclass(frozen=True)
class ReleasedRecord:
    folder: Path
    files: tuple[str, ...]
    notes: int
    documents: int


@dataclass(frozen=True)
class _Read:
    patient: PatientLine
    notes_pdf: bytes | None
    notes: int
    documents: list[tuple[int, str, bytes]]  # (issued-document id, file name, bytes)


class PatientRecordRequest:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def write(
        self,
        out: Path | str,
        patient_id: int,
        *,
        recipient: str = DEFAULT.recipient,
        purpose: str = DEFAULT.purpose,
        progress: Progress | None = None,
    ) -> ReleasedRecord:
        """Write the record into the new folder ``out`` (0700, files 0600) and log it in
        the patient's disclosures."""
        require(self._actor, Action.RELEASE_PATIENT_RECORD)
        # Who and why are checked before anything is written: the log entry cannot fail.
        _what, recipient, purpose = checked_entry(RECORD_REQUEST, recipient, purpose)
        out = Path(out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise InvalidInput(f"{out} already exists: choose the name of a new folder.")

        def step(done: int, total: int) -> None:
            if progress is not None and not progress(done, total):
                raise RecordCancelled("Cancelled; no record was written.")

        step(0, 3)
        try:
            make_private_folder(out.parent)
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
        except OSError as exc:
            raise ExportNotWritten(f"Could not write in {out.parent}: {exc.strerror}.") from None
        try:
            read = self._read(patient_id)
            step(1, 3)
            files: list[str] = []
            if read.notes_pdf is not None:
                write_private_file(staging / NOTES_FILE, read.notes_pdf)
                files.append(NOTES_FILE)
            names: dict[int, str] = {}
            for document_id, name, content in read.documents:
                write_private_file(staging / name, content)
                names[document_id] = name
                files.append(name)
            step(2, 3)
            FhirExport(self._sessions, self._actor).write(
                staging / BUNDLE_FILE, patient_id=patient_id, document_files=names
            )
            files.append(BUNDLE_FILE)
            write_private_file(staging / CONTENTS_FILE, _contents(read, files).encode("utf-8"))
            files.append(CONTENTS_FILE)
            step(3, 3)
            if out.exists():
                out.rmdir()  # empty, checked above
            os.rename(staging, out)
            out.chmod(FOLDER_MODE)
        except OSError as exc:
            _discard(staging)
            raise ExportNotWritten(f"Could not write {out}: {exc.strerror or exc}.") from None
        except BaseException:
            _discard(staging)
            raise
        self._log(patient_id, recipient, purpose, read)
        return ReleasedRecord(out, tuple(files), read.notes, len(read.documents))

    def _read(self, patient_id: int) -> _Read:
        from sportacu_desktop.reports.visit_note import render_visit_notes

        with read_only_session(self._sessions) as session:
            patient = session.get(m.Patient, patient_id)
            if patient is None:
                raise NotFound(f"Patient {patient_id} does not exist.")
            line = PatientLine(
                f"{patient.first_name} {patient.last_name}",
                patient.date_of_birth,
                patient.chart_number,
                patient.sex,
            )
            practice = practice_header(session)
            mark = emergency_mark(self._actor, date.today())
            docs = []
            visits = session.scalars(
                select(m.Visit)
                .where(m.Visit.patient_id == patient_id, m.Visit.status == VisitStatus.SIGNED)
                .order_by(m.Visit.visit_date, m.Visit.id)
            )
            for visit in visits:
                episode = session.get(m.Episode, visit.episode_id) if visit.episode_id else None
                docs.append(
                    VisitNoteDocument(
                        number=f"Record copy, visit {visit.id}",
                        practice=practice,
                        patient=line,
                        episode_title=episode.title if episode else "",
                        diagnoses=diagnoses_of_visit(session, visit),
                        note=note_of(session, visit),
                        emergency_mark=mark,
                    )
                )
            title = "Signed visit notes, copy of the record"
            notes_pdf = render_visit_notes(docs, title) if docs else None
            documents = [
                (row.id, f"{row.number}_{row.kind}.pdf", row.content)
                for row in session.scalars(
                    select(m.IssuedDocument)
                    .where(
                        m.IssuedDocument.patient_id == patient_id,
                        m.IssuedDocument.kind.in_(RELEASED_KINDS),
                    )
                    .order_by(m.IssuedDocument.id)
                )
            ]
        return _Read(line, notes_pdf, len(docs), documents)

    def _log(self, patient_id: int, recipient: str, purpose: str, read: _Read) -> None:
        description = (
            f"Complete record: {read.notes} signed visit note(s), "
            f"{len(read.documents)} issued document(s), FHIR data"
        )
        with self._sessions.begin() as session:
            log_disclosure(
                session,
                self._actor,
                patient_id=patient_id,
                what=RECORD_REQUEST,
                recipient=recipient,
                purpose=purpose,
                description=description,
            )


def _contents(read: _Read, files: list[str]) -> str:
    lines = [
        f"Record of {read.patient.full_name}, born {read.patient.date_of_birth:%m/%d/%Y}, "
        f"chart {read.patient.chart_number}",
        "",
        f"{NOTES_FILE}: every signed visit note with its addenda ({read.notes})"
        if read.notes
        else "No signed visit notes.",
    ]
    lines += [f"{name}: as issued" for _id, name, _content in read.documents]
    lines.append(f"{BUNDLE_FILE}: the same record as a FHIR R4 Bundle (JSON)")
    return "\n".join(lines) + "\n"


def _discard(staging: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.rmtree(staging)
