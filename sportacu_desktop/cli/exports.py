"""The clinic's data in open formats: a FHIR R4 Bundle, CSV files, or one patient's
complete record on request.

A bad format or a place that cannot be written: exit 2, one line, no file.
"""

import os
import shutil
import sys
from pathlib import Path

from sportacu_desktop.cli.common import OK, UsageError, existing_clinic, percent_progress
from sportacu_desktop.domain.disclosures import default_for
from sportacu_desktop.services.context import command_line_actor

FORMATS = ("fhir", "csv", "record")


def register(commands, db) -> None:
    export = commands.add_parser(
        "export",
        parents=[db],
        help="the clinic (or one patient) as FHIR R4 JSON or CSV, or a patient's record",
    )
    export.add_argument(
        "--format",
        required=True,
        metavar="FORMAT",
        help="fhir (one JSON file), csv (a folder) or record (a patient's record, a folder)",
    )
    export.add_argument("--out", required=True, metavar="PATH", help="file (fhir) or folder")
    export.add_argument("--patient", metavar="CHART", help="only this patient (chart number)")
    record = default_for("record_request")
    export.add_argument(
        "--to",
        metavar="WHO",
        default=record.recipient,
        help=f"with --patient: who receives it (default: {record.recipient})",
    )
    export.add_argument(
        "--purpose",
        metavar="WHY",
        default=record.purpose,
        help=f"with --patient: why (default: {record.purpose})",
    )
    export.set_defaults(handler=_export)


def _writable_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot write there: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise UsageError(f"cannot write there: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write there: no permission to write in {folder}")


def _check_out(kind: str, out: Path) -> None:
    if kind == "fhir":
        if out.is_dir():
            raise UsageError(f"{out} is a folder: give a file name ending in .json")
        _writable_folder(out.parent)
        return
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} already exists: give the name of a new folder")
    _writable_folder(out.parent)


def _export(args) -> int:
    kind = args.format.strip().lower()
    if kind not in FORMATS:
        raise UsageError(f"unknown format {args.format!r}: use fhir, csv or record")
    if kind == "record" and not args.patient:
        raise UsageError("a patient's record needs --patient CHART")
    out = Path(args.out).expanduser()
    _check_out(kind, out)
    clinic = existing_clinic(args.db)
    actor = command_line_actor()
    patient_id = _patient_id(clinic, actor, args.patient) if args.patient else None
    if kind == "fhir":
        from sportacu_desktop.services.fhir_export import FhirExport

        result = FhirExport(clinic.session_factory, actor).write(
            out, patient_id=patient_id, progress=percent_progress()
        )
        if patient_id is not None:
            _log_disclosure(clinic, actor, patient_id, args, out, f"FHIR R4 bundle {out.name}")
        print(
            f"FHIR R4 bundle written: {out} ({result.patients} patient(s), "
            f"{result.resources} resources, {result.size_bytes:,} bytes)",
            file=sys.stderr,
        )
        return OK
    if kind == "record":
        from sportacu_desktop.services.patient_record import PatientRecordRequest

        assert patient_id is not None
        record = PatientRecordRequest(clinic.session_factory, actor).write(
            out, patient_id, recipient=args.to, purpose=args.purpose
        )
        print(f"Record written: {out} ({len(record.files)} files)", file=sys.stderr)
        return OK
    from sportacu_desktop.services.csv_export import export_csv

    written = export_csv(
        clinic.session_factory, actor, out, patient_id=patient_id, progress=percent_progress()
    )
    if patient_id is not None:
        _log_disclosure(clinic, actor, patient_id, args, out, f"CSV files {out.name}")
    print(
        f"CSV export written: {written.folder} ({written.tables} CSV files, "
        f"{written.rows:,} rows, {written.files} document files)",
        file=sys.stderr,
    )
    return OK


def _log_disclosure(clinic, actor, patient_id: int, args, out: Path, description: str) -> None:
    """One patient's data leaving the clinic goes into their accounting of disclosures;
    if it cannot be logged, the export is taken back rather than left unaccounted for."""
    from sportacu_desktop.services.disclosures import Disclosures

    try:
        Disclosures(clinic.session_factory, actor).record(
            patient_id,
            what="export",
            recipient=args.to,
            purpose=args.purpose,
            description=description,
        )
    except BaseException:
        if out.is_dir():
            shutil.rmtree(out, ignore_errors=True)
        else:
            out.unlink(missing_ok=True)
        raise


def _patient_id(clinic, actor, chart: str) -> int:
    from sportacu_desktop.services.patient_views import PatientNotFound
    from sportacu_desktop.services.patients import PatientDirectory

    try:
        return PatientDirectory(clinic.session_factory, actor).id_for_chart(chart)
    except PatientNotFound as exc:
        raise UsageError(str(exc)) from None
