"""A charting workstation for the crash test: a fork server that starts writers on demand.

Run as ``python writer.py DB SIDE_FILE PATIENT_ID...``. It imports the app once, prints
"ready", then reads commands on stdin:

- ``go``: fork a writer and print its pid. The writer opens the clinic and signs visits
  in a loop (Charting.start_visit, then sign), appending each visit id to SIDE_FILE only
  after the signing commit has returned.
- ``wait PID``: reap that writer (the test has SIGKILLed it) and print how it ended.

Forking a process that has imported everything but opened nothing keeps each kill cycle
to a few hundred milliseconds instead of a fresh interpreter's start-up.
"""

import os
import sys
import traceback

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.points import parse_points
from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Actor, Clinic

WRITER = Actor("crash-writer", "Crash-test writer", frozenset({Role.PRACTITIONER}))
POINTS = "LI4 ST36 GB34-R SP6-L GV20 BL40 KI3-R"


def content() -> VisitContent:
    points = tuple(PointRow(p.code, p.side, "even", "0.25", 40, 20) for p in parse_points(POINTS))
    plain = VisitContent(points=points, assessment="Crash test visit", contact_minutes=30)
    return VisitContent(
        **{
            **plain.__dict__,
            "needles_in": plain.needles_placed,
            "needles_out": plain.needles_placed,
        }
    )


def write_forever(db: str, side: str, patients: list[int]) -> None:
    clinic = Clinic.open(db)
    chart = Charting(clinic.session_factory, WRITER)
    note_content = content()
    with open(side, "a", encoding="ascii") as reported:
        turn = 0
        while True:
            note = chart.start_visit(patients[turn % len(patients)])
            signed = chart.sign(note.id, note_content, note.version)
            # Only now is the visit committed: report it.
            reported.write(f"{signed.id}\n")
            reported.flush()
            turn += 1


def main() -> None:
    db, side, *patients = sys.argv[1:]
    patient_ids = [int(p) for p in patients]
    print("ready", flush=True)
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "go":
            pid = os.fork()
            if pid == 0:
                try:
                    write_forever(db, side, patient_ids)
                except BaseException:
                    traceback.print_exc()
                os._exit(3)  # only reached if writing failed: the test sees it
            print(pid, flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(rest[0]), 0)
            print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    main()
