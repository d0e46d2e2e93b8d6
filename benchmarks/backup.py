"""Time backups, the start-up check and restore on a 10-year clinic (5,000 patients).

Prints numbers; asserts nothing. Run:

    .venv/bin/python benchmarks/backup.py [--db PATH] [--rebuild] [--repeat N]

The clinic is built once (``sportacu demo --patients 5000 --seed 7``) and reused; an
encrypted copy of it is made beside it to time the same steps under SQLCipher.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sportacu_desktop.services.backup import backup_to
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.integrity_start import quick_check
from sportacu_desktop.services.restore import inspect_backup, restore_from
from sportacu_desktop.storage.encryption import encrypt_file

DEFAULT_DB = Path("/tmp/sportacu-bench/clinic.db")
PASSPHRASE = "benchmark passphrase"


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


def timed(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(label: str, db: Path, passphrase: str | None, work: Path, repeat: int) -> None:
    clinic = Clinic.open(str(db), passphrase=passphrase)
    try:
        size = db.stat().st_size / 1e6
        check_seconds, check = timed(lambda: quick_check(clinic), repeat)
        target = work / f"{label}-backup.db"
        backup_seconds, result = timed(
            lambda: backup_to(clinic, target, actor=command_line_actor()), repeat
        )
    finally:
        clinic.close()
    inspect_seconds, _ = timed(lambda: inspect_backup(target, passphrase), 1)
    live = work / f"{label}-restored.db"
    restore_seconds, _ = timed(lambda: restore_from(str(live), target, passphrase=passphrase), 1)
    print(f"\n{label} ({size:.0f} MB, {result.rows:,} rows in {result.tables} tables)")
    print(f"  quick_check at start          {check_seconds * 1000:8.0f} ms  ok={check.ok}")
    print(f"  backup_to, verified           {backup_seconds:8.2f} s   (median of {repeat})")
    print(f"  verify a backup for restore   {inspect_seconds:8.2f} s")
    print(f"  restore_from (into new file)  {restore_seconds:8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    build(args.db, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="sportacu-backup-bench-") as folder:
        work = Path(folder)
        measure("plain", args.db, None, work, args.repeat)
        encrypted = work / "encrypted.db"
        shutil.copyfile(args.db, encrypted)
        started = time.perf_counter()
        encrypt_file(encrypted, PASSPHRASE)
        print(f"\nencrypt_file (export, verify, swap): {time.perf_counter() - started:.2f} s")
        measure("encrypted", encrypted, PASSPHRASE, work, args.repeat)


if __name__ == "__main__":
    main()
