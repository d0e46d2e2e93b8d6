"""SIGKILL a charting process at random moments; every committed visit must survive whole.

A writer process signs visits in a loop and reports each visit id only after the signing
commit returned. It is killed with SIGKILL at a random moment (a deterministic seed), at
least 50 times. After each kill, as the next start of the app would, the database is
opened and checked: PRAGMA integrity_check is ok, no row points at a missing one, every
reported visit is there and signed with all its treatment rows and its audit event, and
no visit is half-written (signed without its points, or a draft with some).
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.storage import models as m
from tests.crash.writer import POINTS, WRITER, content

KILLS = 55
SEED = 20261126
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
    committed: int = 0
    killed_mid_visit: int = 0
    problems: list[str] = field(default_factory=list)


def reported_ids(side: Path) -> list[int]:
    """Complete lines only: a line cut short by the kill names nothing."""
    text = side.read_text(encoding="ascii") if side.exists() else ""
    return [int(line) for line in text.split("\n")[:-1]]


def check_after_kill(db: Path, side: Path, tally: Tally, cycle: int) -> None:
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
    committed = reported_ids(side)
    tally.committed = len(committed)
    for visit_id in committed:
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


def test_sigkill_during_signing_never_loses_or_tears_a_visit(tmp_path):
    started = time.monotonic()
    db, side = tmp_path / "clinic.db", tmp_path / "committed.txt"
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

    server = subprocess.Popen(
        [sys.executable, str(WRITER_SCRIPT), str(db), str(side), *map(str, patients)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    rng = random.Random(SEED)
    tally = Tally()
    try:
        assert server.stdout.readline().strip() == "ready"
        for cycle in range(1, KILLS + 1):
            server.stdin.write("go\n")
            server.stdin.flush()
            writer = int(server.stdout.readline())
            # Anywhere from opening the clinic to a few signed visits in.
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(writer, signal.SIGKILL)
            server.stdin.write(f"wait {writer}\n")
            server.stdin.flush()
            ended = int(server.stdout.readline())
            assert ended == -signal.SIGKILL, f"writer {writer} ended by itself ({ended})"
            tally.kills += 1
            check_after_kill(db, side, tally, cycle)
    finally:
        server.stdin.close()
        server.wait(timeout=10)
        server.stdout.close()

    reopened = Clinic.open(str(db))
    try:
        with reopened.session_factory() as session:
            chain = audit.verify_chain(session)
    finally:
        reopened.close()
    elapsed = time.monotonic() - started
    print(
        f"\ncrash test: {tally.kills} kills, {tally.integrity_failures} integrity failures, "
        f"{tally.lost_committed} committed visits lost, {tally.half_written} half-written, "
        f"{tally.orphan_rows} orphan rows; {tally.committed} visits committed, "
        f"{tally.killed_mid_visit} drafts left by kills between start and sign; "
        f"audit chain {'intact' if chain.ok else 'BROKEN'}; {elapsed:.1f} s"
    )
    assert tally.kills >= 50
    assert tally.problems == []
    assert tally.committed > tally.kills, "the writer should get real work done between kills"
    assert chain.ok, chain.reason
    assert elapsed < 60
