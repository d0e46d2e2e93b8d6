"""`sportacu summary`: issue a treatment summary PDF for a patient's PT or physician.

Issued and stored exactly as from the desktop app (number, recipient, hash, disclosure
logged). Nothing is written when the patient is unknown or nothing is signed yet: exit 2.
"""

import sys
from pathlib import Path

from sportacu_desktop.cli.common import OK, UsageError, existing_clinic, positive


def register(commands, db) -> None:
    summary = commands.add_parser(
        "summary",
        parents=[db],
        help="issue a treatment summary PDF for the patient's PT or physician",
    )
    summary.add_argument("--patient", required=True, metavar="CHART", help="chart number")
    summary.add_argument(
        "--episode", type=positive, metavar="ID", help="episode of care (default: the latest)"
    )
    summary.add_argument(
        "--to",
        dest="recipient",
        type=positive,
        metavar="CONTACT_ID",
        help="care-team contact it is addressed to (default: the patient's PT)",
    )
    summary.add_argument("--out", required=True, metavar="FILE.pdf")
    summary.set_defaults(handler=_summary)


def _summary(args) -> int:
    from sportacu_desktop.services.context import command_line_actor
    from sportacu_desktop.services.patient_views import PatientNotFound
    from sportacu_desktop.services.patients import PatientDirectory
    from sportacu_desktop.services.private_files import write_private
    from sportacu_desktop.services.summaries import Summaries, SummaryRequest

    out = Path(args.out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: give a file name ending in .pdf")
    if not out.parent.is_dir():
        raise UsageError(f"there is no folder {out.parent} to write {out.name} in")
    clinic = existing_clinic(args.db)
    actor = command_line_actor()
    try:
        patient_id = PatientDirectory(clinic.session_factory, actor).id_for_chart(args.patient)
    except PatientNotFound as exc:
        raise UsageError(str(exc)) from None
    summaries = Summaries(clinic.session_factory, actor)
    episode_id = args.episode or summaries.latest_episode_id(patient_id)
    recipient = args.recipient
    if recipient is None:
        recipient = summaries.choices(patient_id).default_recipient_id
    # An unknown episode or contact, or nothing signed, is a UserError: exit 2, no file.
    issued = summaries.issue(SummaryRequest(patient_id, episode_id, recipient_id=recipient))
    write_private(out, issued.content)
    print(f"{issued.number} issued to {issued.recipient}: {out}", file=sys.stderr)
    return OK
