"""Measure the speed budget of DESIGN.md on a 10-year clinic (5,000 patients).

Prints numbers and their ratio to the budget; it asserts nothing. Run:

    .venv/bin/python benchmarks/speed_budget.py [--db PATH] [--rebuild]

The clinic is built once (``sportacu demo --patients 5000 --seed 7``) and reused.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sportacu_desktop.domain.points import parse_points  # noqa: E402
from sportacu_desktop.domain.visits import (  # noqa: E402
    DryNeedlingEntry,
    ElectroEntry,
    PointRow,
    SpecialTestEntry,
    VisitContent,
)
from sportacu_desktop.services.charting import Charting  # noqa: E402
from sportacu_desktop.services.context import Clinic, command_line_actor  # noqa: E402
from sportacu_desktop.services.patients import PatientDirectory  # noqa: E402

DEFAULT_DB = Path("/tmp/sportacu-bench/clinic.db")
STARTUP_SCRIPT = """
import sys, time
start = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
if sys.argv[1] == "bare":
    window = QMainWindow()
else:
    from sportacu_desktop.services.context import Clinic, command_line_actor
    from sportacu_desktop.ui.app_context import AppContext
    from sportacu_desktop.ui.main_window import MainWindow
    window = MainWindow(AppContext.create(Clinic.open(sys.argv[2]), command_line_actor()))
window.show()
def done():
    print(time.perf_counter() - start)
    import resource
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def row(label: str, value: float, unit: str, budget: float | None) -> None:
    ratio = f"{value / budget:5.2f} of budget ({budget:g} {unit})" if budget else ""
    print(f"{label:<44} {value:10.1f} {unit:<3} {ratio}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ensure_clinic(db: Path, rebuild: bool) -> None:
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
            "5000",
            "--seed",
            "7",
        ],
        check=True,
    )
    print(
        f"built the demo clinic in {time.perf_counter() - started:.1f} s, "
        f"{db.stat().st_size / 1e6:.0f} MB"
    )


def startup(db: Path, runs: int = 5) -> None:
    def measure(kind: str) -> tuple[float, int]:
        times, rss = [], []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", STARTUP_SCRIPT, kind, str(db)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            times.append(float(out[0]))
            rss.append(int(out[1]))
        return statistics.median(times), max(rss)

    bare, _ = measure("bare")
    app, rss_kb = measure("app")
    print(f"{'start: bare PySide6 window (median of 5)':<44} {bare * 1000:10.1f} ms")
    print(
        f"{'start: main window on the clinic (median)':<44} {app * 1000:10.1f} ms "
        f"{app / bare:5.2f} x bare (budget 1.5 x)"
    )
    row("memory: main window open, max RSS", rss_kb / 1024, "MB", 300)


def search(directory: PatientDirectory) -> None:
    words = [
        "n",
        "ng",
        "ngu",
        "nguy",
        "nguye",
        "nguyen",
        "z",
        "zo",
        "zoe",
        "o'",
        "o'b",
        "sa-00",
        "sa-0012",
        "1990",
        "207",
        "207 55",
        "m",
        "ma",
        "mar",
        "marc",
        "marcu",
    ]
    times = []
    for _ in range(5):
        for typed in words:
            start = time.perf_counter()
            ids = directory.search_ids(typed)
            directory.rows(ids[:60])
            times.append((time.perf_counter() - start) * 1000)
    row("search per keystroke, p95 (ids + first page)", percentile(times, 0.95), "ms", 50)


def busiest_patient(clinic: Clinic) -> tuple[int, int]:
    """(patient id, visits) of the patient with the most visits."""
    from sqlalchemy import func, select

    from sportacu_desktop.storage import models as m

    with clinic.session_factory() as session:
        patient_id, visits = session.execute(
            select(m.Visit.patient_id, func.count())
            .group_by(m.Visit.patient_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    return patient_id, visits


def open_patient(clinic: Clinic, directory: PatientDirectory) -> int:
    patient_id, visits = busiest_patient(clinic)
    chart = Charting(clinic.session_factory, command_line_actor())
    times = []
    for _ in range(10):
        start = time.perf_counter()
        directory.header(patient_id)
        timeline = chart.visits_of(patient_id)
        chart.get(timeline[0].id)
        times.append((time.perf_counter() - start) * 1000)
    row(f"open a patient with {visits} visits (median)", statistics.median(times), "ms", 150)
    return patient_id


def save_and_sign(clinic: Clinic, patient_id: int) -> None:
    saves, signs = save_and_sign_times(clinic, patient_id)
    row("save a visit note (median of 10)", statistics.median(saves), "ms", 50)
    row("sign a visit note (median of 10)", statistics.median(signs), "ms", 50)


def save_and_sign_times(
    clinic: Clinic, patient_id: int, repeat: int = 10
) -> tuple[list[float], list[float]]:
    """Milliseconds to save, then to sign, a full visit note, ``repeat`` times; the notes
    stay signed in the clinic."""
    chart = Charting(clinic.session_factory, command_line_actor())
    points = tuple(
        PointRow(p.code, p.side, "even", "0.25", 40, 25)
        for p in parse_points("LI4 ST36 GB34-R SP6-L GB31-R GB33-R BL57 KI3 LR3 GV20 ST31 SP9")
    )
    content = VisitContent(
        pain_nrs=4,
        assessment="ITBS right",
        plan="weekly",
        tests=(
            SpecialTestEntry("Ober test", "R", "positive"),
            SpecialTestEntry("Noble compression test", "R", "positive"),
            SpecialTestEntry("Single-leg squat", "R", "negative"),
        ),
        points=points,
        dry_needling=tuple(
            DryNeedlingEntry(m, "R", True, 2)
            for m in (
                "Tensor fasciae latae",
                "Gluteus medius",
                "Vastus lateralis",
                "Gluteus minimus",
            )
        ),
        electro=(
            ElectroEntry("GB31-R", "GB33-R", "dense-disperse", "2/100"),
            ElectroEntry("ST31-R", "ST36-R"),
        ),
        contact_minutes=40,
    )
    placed = content.needles_placed
    content = VisitContent(**{**content.__dict__, "needles_in": placed, "needles_out": placed})
    saves, signs = [], []
    for _ in range(repeat):
        note = chart.start_visit(patient_id)
        start = time.perf_counter()
        saved = chart.save(note.id, content, note.version)
        saves.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        chart.sign(note.id, content, saved.version, at=datetime.now(UTC))
        signs.append((time.perf_counter() - start) * 1000)
    return saves, signs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure_clinic(args.db, args.rebuild)
    clinic = Clinic.open(str(args.db))
    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    print(f"clinic: {directory.count()} patients, {args.db.stat().st_size / 1e6:.0f} MB\n")
    startup(args.db)
    search(directory)
    patient_id = open_patient(clinic, directory)
    save_and_sign(clinic, patient_id)
    print("\n(the benchmark's own signed visits stay in the benchmark clinic)")


if __name__ == "__main__":
    main()
