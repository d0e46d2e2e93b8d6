"""The patient's home-care sheet and their accounting of disclosures, from the command line.

``sportacu homecare`` issues the sheet of a signed visit (the latest by default) and logs it
as given to the patient; ``sportacu disclosures`` lists what left the clinic from a chart.
A chart that does not exist, or has no signed visit, is exit 2 with one line and no file.
"""

import json
import sys
from pathlib import Path

from sportacu_desktop.cli.common import OK, UsageError, existing_clinic
from sportacu_desktop.services.context import command_line_actor

TABLE_COLUMNS = ("Date", "Document", "Given to", "Purpose", "By")


def register(commands, db) -> None:
    sheet = commands.add_parser(
        "homecare", parents=[db], help="a patient's home-care sheet from a signed visit, as PDF"
    )
    sheet.add_argument("--patient", required=True, metavar="CHART", help="chart number")
    sheet.add_argument("--visit", type=int, metavar="ID", help="default: the latest signed visit")
    sheet.add_argument("--out", required=True, metavar="FILE.pdf")
    sheet.set_defaults(handler=_homecare)
    log = commands.add_parser(
        "disclosures", parents=[db], help="the accounting of disclosures of a patient's chart"
    )
    log.add_argument("--patient", required=True, metavar="CHART", help="chart number")
    log.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    log.set_defaults(handler=_disclosures)


def _patient(clinic, chart: str) -> int:
    from sportacu_desktop.services.patient_views import PatientNotFound
    from sportacu_desktop.services.patients import PatientDirectory

    try:
        return PatientDirectory(clinic.session_factory, command_line_actor()).id_for_chart(chart)
    except PatientNotFound as exc:
        raise UsageError(str(exc)) from None


def _homecare(args) -> int:
    from sportacu_desktop.domain.errors import UserError
    from sportacu_desktop.services.homecare import Homecare
    from sportacu_desktop.services.private_files import write_private

    out = Path(args.out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: give a file name ending in .pdf")
    clinic = existing_clinic(args.db)
    patient_id = _patient(clinic, args.patient)
    homecare = Homecare(clinic.session_factory, command_line_actor())
    try:
        visit_id = args.visit or homecare.latest_signed_visit(patient_id)
        issued = homecare.issue(visit_id, patient_id=patient_id)
    except UserError as exc:
        raise UsageError(str(exc)) from None
    write_private(out, issued.content)
    print(
        f"{issued.number} home-care sheet, logged as given to the patient: {out}", file=sys.stderr
    )
    return OK


def _disclosures(args) -> int:
    from sportacu_desktop.reports.note_content import local_time
    from sportacu_desktop.services.disclosures import Disclosures

    clinic = existing_clinic(args.db)
    patient_id = _patient(clinic, args.patient)
    rows = Disclosures(clinic.session_factory, command_line_actor()).for_patient(patient_id)
    if args.json:
        entries = [
            {
                "disclosed_at": r.disclosed_at.isoformat(),
                "what": r.what,
                "description": r.description,
                "recipient": r.recipient,
                "purpose": r.purpose,
                "disclosed_by": r.disclosed_by,
                "disclosed_by_name": r.disclosed_by_name,
                "document_id": r.document_id,
            }
            for r in rows
        ]
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return OK
    if not rows:
        print(f"Nothing from chart {args.patient.strip().upper()} has been disclosed.")
        return OK
    table = [TABLE_COLUMNS] + [
        (local_time(r.disclosed_at), r.description, r.recipient, r.purpose, r.disclosed_by_name)
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(TABLE_COLUMNS))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return OK
