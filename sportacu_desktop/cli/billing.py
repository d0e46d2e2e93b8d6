"""Superbills from the command line: one patient's, or every patient's of a day.

Nothing is written when a superbill cannot be issued: exit 2 with what is missing.
"""

import sys
from pathlib import Path

from sportacu_desktop.cli.common import BAD_INPUT, OK, UsageError, existing_clinic
from sportacu_desktop.services.context import command_line_actor


def register(commands, db) -> None:
    one = commands.add_parser(
        "superbill", parents=[db], help="issue (or reprint) a patient's superbill as a PDF"
    )
    one.add_argument("--patient", required=True, metavar="CHART", help="chart number")
    one.add_argument("--visit", type=int, metavar="ID", help="one visit")
    one.add_argument("--from", dest="start", metavar="DATE", help="first date (YYYY-MM-DD)")
    one.add_argument("--to", dest="end", metavar="DATE", help="last date (YYYY-MM-DD)")
    one.add_argument("--out", required=True, metavar="FILE.pdf")
    one.set_defaults(handler=_superbill)
    day = commands.add_parser(
        "superbills", parents=[db], help="one superbill PDF per patient seen on a date"
    )
    day.add_argument("--date", required=True, metavar="DATE", help="YYYY-MM-DD")
    day.add_argument("--out", required=True, metavar="DIR")
    day.set_defaults(handler=_superbills)


def _date(text: str, what: str):
    from sportacu_desktop.domain.validation import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"{what}: {exc}") from None


def _refuse(who: str, missing) -> int:
    print(f"sportacu: no superbill for {who}; missing:", file=sys.stderr)
    for item in missing:
        print(f"  - {item}", file=sys.stderr)
    return BAD_INPUT


def _superbill(args) -> int:
    from sportacu_desktop.services.patient_views import PatientNotFound
    from sportacu_desktop.services.patients import PatientDirectory
    from sportacu_desktop.services.private_files import write_private
    from sportacu_desktop.services.superbills import SuperbillRefused, Superbills

    if args.visit is not None and (args.start or args.end):
        raise UsageError("give --visit or --from/--to, not both")
    if args.visit is None and not (args.start and args.end):
        raise UsageError("give --visit ID, or --from DATE and --to DATE")
    start = _date(args.start, "--from") if args.start else None
    end = _date(args.end, "--to") if args.end else None
    out = Path(args.out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: give a file name ending in .pdf")
    clinic = existing_clinic(args.db)
    actor = command_line_actor()
    try:
        patient_id = PatientDirectory(clinic.session_factory, actor).id_for_chart(args.patient)
    except PatientNotFound as exc:
        raise UsageError(str(exc)) from None
    try:
        issued = Superbills(clinic.session_factory, actor).issue(
            patient_id, visit_id=args.visit, start=start, end=end
        )
    except SuperbillRefused as refused:
        return _refuse(refused.who, refused.missing)
    write_private(out, issued.content)
    verb = "reprinted" if issued.reprint else "issued"
    print(f"{issued.number} {verb}: {out}", file=sys.stderr)
    return OK


def _superbills(args) -> int:
    from sportacu_desktop.cli.common import counter_progress
    from sportacu_desktop.services.private_files import private_folder, write_private
    from sportacu_desktop.services.superbills import Superbills

    day = _date(args.date, "--date")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file: give a folder")
    clinic = existing_clinic(args.db)
    superbills = Superbills(clinic.session_factory, command_line_actor())
    patients = superbills.patients_seen(day)
    if not patients:
        print(f"sportacu: nothing to bill: no visits on {day.isoformat()}", file=sys.stderr)
        return BAD_INPUT
    # Every patient is checked first: one incomplete chart means no file at all.
    refusals = [(p, superbills.missing(p, start=day, end=day)) for p in patients]
    refusals = [(p, missing) for p, missing in refusals if missing]
    if refusals:
        for patient_id, missing in refusals:
            name, chart = superbills.who(patient_id)
            _refuse(f"{name} ({chart})", missing)
        return BAD_INPUT
    results = superbills.for_day(day, counter_progress("superbills"))
    private_folder(out)
    for result in results:
        if result.superbill is None:  # changed since the check by another workstation
            return _refuse(result.chart_number, result.missing)
        name = f"{day.isoformat()}_{result.chart_number}_{result.superbill.number}.pdf"
        write_private(out / name, result.superbill.content)
    count = len(results)
    print(f"{count} superbill{'s' if count != 1 else ''} written to {out}", file=sys.stderr)
    return OK
