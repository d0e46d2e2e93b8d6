"""SIGKILL a charting process at many moments; every committed visit must survive whole.

A writer process signs visits in a loop and reports each visit id only after the signing
commit returned. It is killed with SIGKILL at least 50 times, at places chosen by a
deterministic seed and counted in work done, never in time: either the test kills it
right after it has reported a chosen number of signed visits (wherever the next visit
then is), or the writer kills itself just before a chosen statement to the database. After
each kill, as the next start of the app would, the database is opened and checked: PRAGMA
integrity_check is ok, no row points at a missing one, every reported visit is there and
signed with all its treatment rows and its audit event, and no visit is half-written
(signed without its points, or a draft with some).
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.storage import models as m
from tests.crash.writer import POINTS, WRITER, content
from tests.processes import LineReader

KILLS = 55
SEED = 20261126
# A visit's start and signing take a few dozen statements; self-kills land anywhere in the
# first few visits of a writer, from opening the clinic to the last COMMIT.
LAST_STATEMENT = 120
WRITER_SCRIPT = Path(__file__).with_name("writer.py")
EXPECTED_POINTS = len(content().points)
EXPECTED_NEEDLES = content().needles_in


@dataclass
class Tally:
    kills: int = 0
    integrity_failures: int = 0
    lost_committed: int = 0
    half_written: int = 0
    orphan_rows: int = 0
    committed: set[int] = field(default_factory=set)
    killed_mid_visit: int = 0
    problems: list[str] = field(default_factory=list)


def check_after_kill(db: Path, tally: Tally, cycle: int) -> None:
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            tally.integrity_failures += 1
            tally.problems.append(f"kill {cycle}: integrity {integrity[:3]}")
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            tally.orphan_rows += len(orphans)
            tally.problems.append(f"kill {cycle}: {len(orphans)} orphan rows")
        visits = {
            visit_id: (status, needles_in, points, signs)
            for visit_id, status, needles_in, points, signs in connection.execute(
                """
                SELECT v.id, v.status, v.needles_in,
                       (SELECT count(*) FROM point_treatment p WHERE p.visit_id = v.id),
                       (SELECT count(*) FROM audit_event a
                         WHERE a.entity = 'visit' AND a.entity_id = v.id AND a.action = 'sign')
                  FROM visit v WHERE v.created_by = ?
                """,
                (WRITER.username,),
            )
        }
    finally:
        connection.close()
    for visit_id in sorted(tally.committed):
        found = visits.get(visit_id)
        if found is None or found[0] != "signed":
            tally.lost_committed += 1
            tally.problems.append(f"kill {cycle}: committed visit {visit_id} is {found}")
    for visit_id, (status, needles_in, points, signs) in visits.items():
        whole_signed = (needles_in, points, signs) == (EXPECTED_NEEDLES, EXPECTED_POINTS, 1)
        untouched_draft = (points, signs) == (0, 0)
        if (status == "signed" and not whole_signed) or (status == "draft" and not untouched_draft):
            tally.half_written += 1
            tally.problems.append(f"kill {cycle}: visit {visit_id} is half-written")
    tally.killed_mid_visit = sum(1 for v in visits.values() if v[0] == "draft")


class WriterServer:
    """The fork server of ``writer.py``; every line it (or a writer) prints is read here."""

    def __init__(self, db: Path, patients: list[int]):
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER_SCRIPT), str(db), *map(str, patients)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        self.reader = LineReader(self.process)
        self.signed: list[int] = []

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def expect(self, wanted: str) -> str:
        """Read up to the next ``wanted`` line, keeping every visit reported on the way."""
        while True:
            word, rest = self.reader.next()
            assert word != "failed", "a writer failed by itself"
            if word == "signed":
                self.signed.append(int(rest))
            if word == wanted:
                return rest
            if word != "signed":
                raise AssertionError(f"unexpected line from the writer: {word} {rest}")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()


def run_one_cycle(server: WriterServer, rng: random.Random) -> None:
    if rng.random() < 0.5:
        # Killed from outside as soon as it has reported 0-3 visits: wherever it then is.
        after = rng.randint(0, 3)
        server.send("go")
        writer = int(server.expect("writer"))
        target = len(server.signed) + after
        while len(server.signed) < target:
            server.expect("signed")
        os.kill(writer, signal.SIGKILL)
    else:
        server.send(f"go-die {rng.randint(1, LAST_STATEMENT)}")
        writer = int(server.expect("writer"))
    server.send(f"wait {writer}")
    ended = int(server.expect("ended"))
    assert ended == -signal.SIGKILL, f"writer {writer} ended by itself ({ended})"


def test_sigkill_during_signing_never_loses_or_tears_a_visit(tmp_path):
    db = tmp_path / "clinic.db"
    clinic = Clinic.open(str(db))
    try:
        create_demo_clinic(clinic, command_line_actor(), patients=4, seed=1, today=date(2026, 5, 4))
        with clinic.session_factory() as session:
            flagged = select(m.PatientFlag.patient_id).where(m.PatientFlag.kind == "pacemaker_icd")
            patients = list(
                session.scalars(select(m.Patient.id).where(m.Patient.id.not_in(flagged)))
            )
    finally:
        clinic.close()
    assert patients and POINTS

    server = WriterServer(db, patients)
    rng = random.Random(SEED)
    tally = Tally()
    try:
        assert server.expect("ready") == ""
        for cycle in range(1, KILLS + 1):
            run_one_cycle(server, rng)
            tally.kills += 1
            tally.committed = set(server.signed)
            check_after_kill(db, tally, cycle)
    finally:
        server.close()

    reopened = Clinic.open(str(db))
    try:
        with reopened.session_factory() as session:
            chain = audit.verify_chain(session)
    finally:
        reopened.close()
    print(
        f"\ncrash test: {tally.kills} kills, {tally.integrity_failures} integrity failures, "
        f"{tally.lost_committed} committed visits lost, {tally.half_written} half-written, "
        f"{tally.orphan_rows} orphan rows; {len(tally.committed)} visits committed, "
        f"{tally.killed_mid_visit} drafts left by kills between start and sign; "
        f"audit chain {'intact' if chain.ok else 'BROKEN'}"
    )
    assert tally.kills >= 50
    assert tally.problems == []
    # Work was really done and really interrupted: both counts follow from the seed, not
    # from how fast the machine is.
    assert tally.committed and tally.killed_mid_visit
    assert chain.ok, chain.reason
