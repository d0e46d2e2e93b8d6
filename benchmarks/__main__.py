"""``python -m benchmarks --patients N [--json OUT.json]``: the whole speed budget.

Builds (once, under the temporary folder's ``sportacu-bench``) or reuses a demo clinic of
N patients, measures every line of DESIGN.md's speed budget, prints the table and writes
the JSON. ``--patients 5000`` is the budget's 10-year clinic; ``--patients 200`` a quick
run; ``--patients 20000`` the multi-practitioner clinic for patient search.
"""

import argparse
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.suite import BENCH_FOLDER, Suite, build_clinic, header  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--patients", type=int, default=5000, metavar="N")
    parser.add_argument("--db", type=Path, help="an existing demo clinic (default: built for N)")
    parser.add_argument(
        "--repeat", type=int, default=5, metavar="R", help="repetitions of each measure (default 5)"
    )
    parser.add_argument("--json", type=Path, metavar="OUT.json")
    args = parser.parse_args()
    db = args.db or BENCH_FOLDER / f"clinic-{args.patients}.db"
    if args.db is None:
        build_clinic(db, args.patients)
    started = datetime.now(UTC)
    print(f"SportAcu speed budget, {started:%Y-%m-%d %H:%M} UTC\n")
    print(header())
    with tempfile.TemporaryDirectory(prefix="sportacu-bench-run-") as folder:
        suite = Suite(db, max(1, args.repeat), Path(folder))
        lines = suite.run()
    for note in suite.notes:
        print(f"note: {note}")
    if args.json is not None:
        args.json.write_text(json.dumps([line.as_json() for line in lines], indent=2) + "\n")
        print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
