"""How long a big patient import keeps other workstations from writing.

Imports a generated file of 100,000 patients (with insurance on every other row) into a
fresh clinic while a second process, standing in for another workstation, keeps taking
and releasing the write lock (``BEGIN IMMEDIATE`` … ``ROLLBACK``). Prints the longest
time that process waited for the lock, the length of the import's one write
transaction, and the whole import's time. Prints numbers; asserts nothing. Run:

    .venv/bin/python benchmarks/import_lock.py [--rows N] [--folder DIR]
"""

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sportacu_desktop.services.patient_import as importer
import sportacu_desktop.services.patient_import_staging as staging
from sportacu_desktop.services.context import Clinic, command_line_actor

PROBE = r"""
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
longest = 0.0
tries = 0
stop = sys.argv[2]
import os
while not os.path.exists(stop):
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    longest = max(longest, time.perf_counter() - started)
    connection.execute("ROLLBACK")
    tries += 1
    time.sleep(0.005)
print(f"{longest:.3f} {tries}")
"""


def patient_file(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["first_name", "last_name", "date_of_birth", "phone", "payer", "member_id"])
    for n in range(rows):
        insured = n % 2 == 0
        writer.writerow(
            [
                f"Runner{n}",
                f"Import{n % 977}",
                f"19{50 + n % 50}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                f"207-555-{n % 10000:04d}",
                "Aetna" if insured else "",
                f"W{n}" if insured else "",
            ]
        )
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="sportacu-import-"))
    database = folder / "clinic.db"
    clinic = Clinic.open(str(database))
    data = patient_file(args.rows)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{args.rows} rows, {len(data) / 1e6:.1f} MB, clinic at {database}")

    publishing = []
    real_publish = staging._publish

    def timed_publish(*a, **kw):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return real_publish(*a, **kw)
        finally:
            publishing.append((time.perf_counter() - started, time.process_time() - cpu))

    staging._publish = timed_publish
    stop = folder / "stop"
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE, str(database), str(stop)], stdout=subprocess.PIPE, text=True
    )
    started = time.perf_counter()
    report = importer.import_patients(clinic.session_factory, command_line_actor(), data)
    whole = time.perf_counter() - started
    stop.touch()
    waited, tries = probe.communicate(timeout=120)[0].split()
    clinic.close()
    print(f"imported {len(report.created)} patients in {whole:.1f} s")
    wall, cpu = max(publishing)
    print(f"the one write transaction (publish): {wall:.2f} s ({cpu:.2f} s of CPU)")
    print(f"longest wait of another writer for the lock: {float(waited):.2f} s ({tries} tries)")


if __name__ == "__main__":
    main()
