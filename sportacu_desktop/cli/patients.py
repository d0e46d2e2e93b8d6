"""Patients from the command line: list and search them, import them from a CSV file;
rebuild a whole clinic from its CSV export."""

import json
import sys

from sportacu_desktop.cli.common import BAD_INPUT, OK, Parser, UsageError, existing_clinic
from sportacu_desktop.services.context import command_line_actor


def register(commands, db) -> None:
    patients = commands.add_parser("patients", parents=[db], help="list patients")
    patients.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help="name (any part, accents ignored), chart number, birth date or phone",
    )
    patients.add_argument("--json", action="store_true", help="print a JSON array")
    patients.add_argument("--active", action="store_true", help="leave out archived patients")
    patients.set_defaults(handler=_patients)
    importer = commands.add_parser("import", parents=[db], help="import records from a file")
    what = importer.add_subparsers(dest="what", metavar="WHAT", parser_class=Parser, required=True)
    patients_csv = what.add_parser("patients", parents=[db], help="patients from a UTF-8 CSV")
    patients_csv.add_argument("file", metavar="FILE.csv")
    patients_csv.add_argument(
        "--dry-run", action="store_true", help="check and report without writing"
    )
    patients_csv.set_defaults(handler=_import_patients)
    clinic = what.add_parser(
        "clinic", parents=[db], help="rebuild a clinic from its CSV export into a new database"
    )
    clinic.add_argument("folder", metavar="DIR", help="the folder 'sportacu export' wrote")
    clinic.set_defaults(handler=_import_clinic)


def _patients(args) -> int:
    from sportacu_desktop.services.patients import PatientDirectory

    clinic = existing_clinic(args.db)
    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    rows = directory.listing(args.search, include_archived=not args.active)
    if args.json:
        json.dump([row.as_json() for row in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return OK
    for row in rows:
        archived = "  (archived)" if row.archived else ""
        print(
            f"{row.chart_number}  {row.display_name:<36} {row.date_of_birth.isoformat()}  "
            f"{row.phone}{archived}"
        )
    print(f"{len(rows)} patient{'' if len(rows) == 1 else 's'}", file=sys.stderr)
    return OK


def _import_patients(args) -> int:
    from sportacu_desktop.services.patient_import import (
        ImportFileError,
        import_patients,
        read_import_file,
    )

    data = read_import_file(args.file)
    clinic = existing_clinic(args.db)
    try:
        report = import_patients(
            clinic.session_factory, command_line_actor(), data, dry_run=args.dry_run
        )
    except ImportFileError as exc:
        raise UsageError(str(exc)) from None
    for note in report.duplicates:
        print(f"skipped  {note}", file=sys.stderr)
    if not report.ok:
        for note in report.problems:
            print(f"error    {note}", file=sys.stderr)
        print(
            f"sportacu: {len(report.problems)} of {report.rows} rows have problems; "
            "nothing was imported",
            file=sys.stderr,
        )
        return BAD_INPUT
    if args.dry_run:
        print(
            f"Dry run: {len(report.ready)} patients would be imported, "
            f"{len(report.duplicates)} skipped as already registered; nothing was written."
        )
    else:
        print(
            f"Imported {len(report.created)} patients, {len(report.duplicates)} skipped as "
            "already registered."
        )
    return OK


def _import_clinic(args) -> int:
    from pathlib import Path

    from sportacu_desktop.cli.common import counter_progress
    from sportacu_desktop.cli.terminal import passphrase_if_encrypted
    from sportacu_desktop.services.clinic_csv_format import exported_tables
    from sportacu_desktop.services.clinic_import import import_clinic
    from sportacu_desktop.services.clinic_manifest import read_manifest
    from sportacu_desktop.services.context import Clinic
    from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path
    from sportacu_desktop.storage.sqlite_files import remove_database_files

    folder = Path(args.folder)
    read_manifest(folder, exported_tables())  # a wrong folder is refused before any database
    url = resolve_database_url(args.db)
    path = sqlite_path(url)
    created_here = path is not None and not path.exists()
    clinic = Clinic.open(url, passphrase=passphrase_if_encrypted(path))
    try:
        result = import_clinic(
            clinic, folder, command_line_actor(), progress=counter_progress("rows")
        )
    except BaseException:
        clinic.close()
        if created_here and path is not None:
            remove_database_files(path)
        raise
    clinic.close()
    where = path or clinic.engine.url.render_as_string(hide_password=True)
    print(
        f"Imported {result.rows} rows in {result.tables} tables into {where}. Nobody can sign "
        "in yet: start the app to create the owner's account (an imported user name keeps "
        "its notes), then set the others' passwords under Admin ▸ Users."
    )
    return OK
