"""`sportacu export --format csv --out DIR [--patient CHART]`: the clinic's records as CSV."""

from pathlib import Path

from sportacu_desktop.cli.common import OK, UsageError, counter_progress, existing_clinic
from sportacu_desktop.services.context import command_line_actor


def register(commands, db) -> None:
    export = commands.add_parser(
        "export", parents=[db], help="export the clinic's records in an open format"
    )
    export.add_argument("--format", required=True, metavar="FORMAT", help="csv")
    export.add_argument("--out", required=True, metavar="PATH", help="a new folder for csv")
    export.add_argument("--patient", metavar="CHART", help="only this patient's record")
    export.set_defaults(handler=_export)


def _export(args) -> int:
    from sportacu_desktop.services.csv_export import export_csv
    from sportacu_desktop.services.patients import PatientDirectory

    if args.format != "csv":
        raise UsageError(f"unknown export format {args.format!r} (known: csv)")
    clinic = existing_clinic(args.db)
    actor = command_line_actor()
    patient_id = None
    if args.patient:
        patient_id = PatientDirectory(clinic.session_factory, actor).id_for_chart(args.patient)
    result = export_csv(
        clinic.session_factory,
        actor,
        Path(args.out),
        patient_id=patient_id,
        progress=counter_progress("rows"),
    )
    documents = f" and {result.files} documents" if result.files else ""
    print(
        f"Exported {result.rows} rows in {result.tables} CSV files{documents} "
        f"({result.bytes / 1e6:.1f} MB) to {result.folder}"
    )
    return OK
