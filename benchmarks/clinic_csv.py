"""Time the clinic's CSV export and its round trip on a 10-year clinic (5,000 patients).

Prints numbers; asserts nothing. Run:

    .venv/bin/python benchmarks/clinic_csv.py [--db PATH] [--rebuild] [--target URL]

The clinic is built once (``sportacu demo --patients 5000``) and reused. The export goes
to a temporary folder and is imported into a new SQLite file there, or into ``--target``
(an empty PostgreSQL database, say); the copy is then checked with ``sportacu check``.
"""

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sportacu_desktop.services.clinic_import import import_clinic
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.csv_export import export_csv
from sportacu_desktop.services.integrity import check_clinic

DEFAULT_DB = Path("/tmp/sportacu-bench/clinic.db")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, action):
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = action()
    print(
        f"  {label:<28} {time.perf_counter() - wall:8.1f} s wall {cpu_seconds() - cpu:8.1f} s CPU",
        flush=True,
    )
    return result


def build(db: Path, rebuild: bool) -> None:
    if db.exists() and not rebuild:
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building the 5,000-patient demo clinic at {db} ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "sportacu_desktop", "demo", "--db", str(db), "--patients", "5000"],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--target", help="an empty database URL (default: a new SQLite file)")
    args = parser.parse_args()
    build(args.db, args.rebuild)
    actor = command_line_actor()
    with tempfile.TemporaryDirectory(prefix="sportacu-csv-bench-") as work:
        folder = Path(work) / "export"
        source = Clinic.open(str(args.db))
        try:
            result = timed("export_csv", lambda: export_csv(source.session_factory, actor, folder))
        finally:
            source.close()
        print(f"  {result.rows:,} rows, {result.tables} files, {result.bytes / 1e6:.0f} MB")
        copy = Clinic.open(args.target or str(Path(work) / "copy.db"))
        try:
            timed("import_clinic", lambda: import_clinic(copy, folder, actor))
            report = timed("check on the copy", lambda: check_clinic(copy))
        finally:
            copy.close()
        print(f"  check: {'clean' if report.ok else report.problems}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
