"""Diagnoses and episodes of care from the command line: ICD-10-CM search, a patient's
episodes with their bands, progress and next suggested visit."""

import json
import sys

from sportacu_desktop.cli.common import OK, UsageError, existing_clinic
from sportacu_desktop.services.context import command_line_actor


def register(commands, db) -> None:
    icd = commands.add_parser(
        "icd", parents=[db], help="search ICD-10-CM codes (code, description, billable)"
    )
    icd.add_argument("text", metavar="TEXT", help='a code or words: "M76.6", "plantar fasc"')
    icd.add_argument("--json", action="store_true", help="print a JSON array")
    icd.add_argument("--limit", type=int, default=40, help="at most this many (default 40)")
    icd.set_defaults(handler=_icd)
    episodes = commands.add_parser(
        "episodes", parents=[db], help="a patient's episodes: bands, reconsider, next visit"
    )
    episodes.add_argument("--patient", required=True, metavar="CHART", help="chart number")
    episodes.add_argument("--json", action="store_true", help="print a JSON array")
    episodes.set_defaults(handler=_episodes)


def _icd(args) -> int:
    from sportacu_desktop.services import icd

    if not args.text.strip():
        raise UsageError("type a code or some words to search for")
    if not 1 <= args.limit <= 500:
        raise UsageError("--limit is between 1 and 500")
    matches = icd.search(args.text, limit=args.limit)
    if args.json:
        json.dump([m.as_json() for m in matches], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return OK
    for match in matches:
        mark = " " if match.billable else "*"
        hint = f"  [{match.hint}]" if match.hint else ""
        print(f"{match.code:<9}{mark} {match.description}{hint}")
    if any(not m.billable for m in matches):
        print("* not billable: choose a more specific code", file=sys.stderr)
    print(f"{len(matches)} code{'' if len(matches) == 1 else 's'}", file=sys.stderr)
    return OK


def _episodes(args) -> int:
    from sportacu_desktop.services.episodes import Episodes
    from sportacu_desktop.services.patients import PatientDirectory, PatientNotFound

    clinic = existing_clinic(args.db)
    actor = command_line_actor()
    try:
        patient_id = PatientDirectory(clinic.session_factory, actor).id_for_chart(args.patient)
    except PatientNotFound as exc:
        raise UsageError(str(exc)) from None
    views = Episodes(clinic.session_factory, actor).of_patient(patient_id)
    if args.json:
        json.dump([e.as_json() for e in views], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return OK
    for episode in views:
        band = episode.chronicity.value
        status = "open" if episode.is_open else f"closed {episode.end_date}"
        print(f"#{episode.id} {episode.title} — {band}, {status}")
        for code, description in episode.diagnoses:
            print(f"    {code:<9} {description}")
        print(f"    {episode.session_text}")
        for line in (episode.review, episode.reassess):
            if line:
                print(f"    ! {line}")
        if episode.next_visit:
            print(f"    next visit {episode.next_visit.on}: {episode.next_visit.reason}")
    print(f"{len(views)} episode{'' if len(views) == 1 else 's'}", file=sys.stderr)
    return OK
