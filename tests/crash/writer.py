"""A charting workstation for the crash test: a fork server that starts writers on demand.

Run as ``python writer.py DB PATIENT_ID...``. It imports the app once, prints "ready",
then reads commands on stdin:

- ``go``: fork a writer and print ``writer PID``. The writer opens the clinic and signs
  visits in a loop (Charting.start_visit, then sign), printing ``signed VISIT_ID`` only
  after the signing commit has returned.
- ``go-die N``: the same, but the writer SIGKILLs itself just before its N-th statement
  to the database (a COMMIT counts as one), so kills land at chosen places inside the
  start and the signing transactions.
- ``wait PID``: reap that writer and print ``ended EXIT_CODE``.

A writer that fails prints ``failed`` so the test stops instead of waiting for it.
Forking a process that has imported everything but opened nothing keeps each kill cycle
short compared with a fresh interpreter's start-up.
"""

import os
import signal
import sys
import traceback

from sqlalchemy import event

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.points import parse_points
from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Actor, Clinic

WRITER = Actor("crash-writer", "Crash-test writer", frozenset({Role.PRACTITIONER}))
POINTS = "LI4 ST36 GB34-R SP6-L GV20 BL40 KI3-R"


def content() -> VisitContent:
    points = tuple(PointRow(p.code, p.side, "even", "0.25", 40, 20) for p in parse_points(POINTS))
    plain = VisitContent(
        points=points, pain_nrs=3, assessment="Crash test visit", contact_minutes=30
    )
    return VisitContent(
        **{
            **plain.__dict__,
            "needles_in": plain.needles_placed,
            "needles_out": plain.needles_placed,
        }
    )


def die_before_statement(clinic: Clinic, number: int) -> None:
    count = 0

    def before(*_args) -> None:
        nonlocal count
        count += 1
        if count == number:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(clinic.engine, "before_cursor_execute", before)
    event.listen(clinic.engine, "commit", before)


def write_forever(db: str, patients: list[int], die_at: int | None) -> None:
    clinic = Clinic.open(db)
    if die_at is not None:
        die_before_statement(clinic, die_at)
    chart = Charting(clinic.session_factory, WRITER)
    note_content = content()
    turn = 0
    while True:
        note = chart.start_visit(patients[turn % len(patients)])
        signed = chart.sign(note.id, note_content, note.version)
        # Only now is the visit committed: report it.
        print("signed", signed.id, flush=True)
        turn += 1


def main() -> None:
    db, *patients = sys.argv[1:]
    patient_ids = [int(p) for p in patients]
    print("ready", flush=True)
    for line in sys.stdin:
        command, *rest = line.split()
        if command in ("go", "go-die"):
            die_at = int(rest[0]) if command == "go-die" else None
            pid = os.fork()
            if pid == 0:
                try:
                    write_forever(db, patient_ids, die_at)
                except BaseException:
                    traceback.print_exc()
                    print("failed", flush=True)
                os._exit(3)  # only reached if writing failed: the test sees it
            print("writer", pid, flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(rest[0]), 0)
            print("ended", os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    main()
