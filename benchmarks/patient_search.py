"""Patient search per keystroke, from the trigram index and by the old scan, side by side.

Prints numbers; asserts nothing. Run:

    .venv/bin/python benchmarks/patient_search.py --patients 20000 [--rebuild]

Builds (once) a demo clinic of that size under /tmp/sportacu-bench and types a few names
and numbers one key at a time, as the search box sends them, five times over. Each
keystroke fetches the matching ids and the first screenful of rows, as the list model does.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.storage.patients import Patient
from sportacu_desktop.storage.search import search_filter

TYPED = ["nguyen", "zoe", "o'brien", "sa-0012", "1990-03", "207 555", "marcus", "okafor"]
FRAME_MS = 16.0


def keystrokes() -> list[str]:
    return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]


def build(db: Path, patients: int, rebuild: bool) -> None:
    if db.exists() and not rebuild:
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sportacu_desktop",
            "demo",
            "--db",
            str(db),
            "--patients",
            str(patients),
            "--seed",
            "7",
        ],
        check=True,
    )
    print(f"built {patients} patients in {time.perf_counter() - started:.0f} s")


def scan_ids(clinic: Clinic, typed: str) -> list[int]:
    """Yesterday's search: LIKE over every patient's key."""
    query = select(Patient.id).order_by(Patient.last_name, Patient.first_name, Patient.id)
    condition = search_filter(Patient.search_key, typed)  # no session: LIKE only
    if condition is not None:
        query = query.where(condition)
    with clinic.session_factory() as session:
        return list(session.scalars(query.where(Patient.archived_at.is_(None))))


def timed(search, directory: PatientDirectory) -> list[float]:
    times = []
    for _ in range(5):
        for typed in keystrokes():
            started = time.perf_counter()
            ids = search(typed)
            directory.rows(ids[:60])
            times.append((time.perf_counter() - started) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=5000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    db = Path(f"/tmp/sportacu-bench/clinic-{args.patients}.db")
    build(db, args.patients, args.rebuild)
    clinic = Clinic.open(str(db))
    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    print(f"{directory.count()} patients, {len(keystrokes())} keystrokes x 5")
    for label, search in (
        ("index", directory.search_ids),
        ("scan (before)", lambda typed: scan_ids(clinic, typed)),
    ):
        times = timed(search, directory)
        print(
            f"{label:<14} median {statistics.median(times):6.2f} ms   p95 {p95(times):6.2f} ms"
            f"   max {max(times):6.2f} ms   ({p95(times) / FRAME_MS:.2f} of a 16 ms frame)"
        )
    clinic.close()


if __name__ == "__main__":
    main()
