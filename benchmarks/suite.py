"""The speed budget of DESIGN.md, every line measured in one run.

``python -m benchmarks --patients N [--json OUT.json]`` builds (once) or reuses a demo
clinic of N patients, measures each line of the budget over several repetitions, prints
a table and writes the same lines as JSON: a list of ``{"name", "value", "unit",
"budget", "ok"}``. A feature this build does not have yet is looked up when the run
starts and its line says "not built yet" instead of a number. Asserts nothing.
"""

import contextlib
import importlib.util
import io
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NOT_BUILT = "not built yet"
BENCH_FOLDER = Path(tempfile.gettempdir()) / "sportacu-bench"


@dataclass
class Line:
    name: str
    value: float | str
    unit: str
    budget: float | None
    # Most budgets are ceilings; none here is a floor.

    @property
    def ok(self) -> bool | None:
        if self.budget is None or isinstance(self.value, str):
            return None
        return self.value <= self.budget

    def as_json(self) -> dict:
        value = self.value if isinstance(self.value, str) else round(self.value, 2)
        return {
            "name": self.name,
            "value": value,
            "unit": self.unit,
            "budget": self.budget,
            "ok": self.ok,
        }


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build_clinic(db: Path, patients: int) -> None:
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building a demo clinic of {patients} patients at {db} …", flush=True)
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
        stdout=subprocess.DEVNULL,
    )


def working_copy(db: Path, folder: Path) -> Path:
    """A copy for the measurements that write (notes signed, superbills issued), taken
    with SQLite's backup so what is still in the write-ahead log comes along."""
    copy = folder / "work.db"
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return copy


def exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def command_exists(name: str) -> bool:
    from sportacu_desktop.cli import command_names

    return name in command_names()


def timed_command(args: list[str], repeat: int) -> list[float]:
    """Milliseconds per run of a ``sportacu`` command in this process (after one run to
    warm up), so the number is the command's work, not an interpreter starting."""
    from sportacu_desktop.cli import main

    times = []
    for run in range(repeat + 1):
        started = time.perf_counter()
        quiet = io.StringIO()
        # What the command reports (on stdout or stderr) would split the table.
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            code = main(args)
        if code != 0:
            said = quiet.getvalue().strip()[-300:]
            raise RuntimeError(f"sportacu {' '.join(args)} ended with status {code}: {said}")
        if run:
            times.append((time.perf_counter() - started) * 1000)
    return times


class Suite:
    def __init__(self, db: Path, repeat: int, folder: Path):
        self.db, self.repeat, self.folder = db, repeat, folder
        self.lines: list[Line] = []
        self.notes: list[str] = []

    def add(self, name: str, value: float | str, unit: str, budget: float | None) -> None:
        line = Line(name, value, unit, budget)
        self.lines.append(line)
        print(format_line(line), flush=True)

    def attempt(self, names: list[tuple[str, str, float | None]], work: Callable[[], list]):
        """Runs ``work`` for these lines; a failure is reported on them, not raised."""
        try:
            values = work()
        except Exception as exc:  # noqa: BLE001 - one broken measure must not stop the run
            self.notes.append(f"{names[0][0]}: failed ({type(exc).__name__}: {exc})")
            values = [f"failed ({type(exc).__name__})"] * len(names)
        for (name, unit, budget), value in zip(names, values, strict=True):
            self.add(name, value, unit, budget)

    def run(self) -> list[Line]:
        from benchmarks import startup

        print(
            f"clinic {self.db} ({self.db.stat().st_size / 1e6:.0f} MB), "
            f"{self.repeat} repetitions; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores\n",
            flush=True,
        )
        runs = max(3, self.repeat)

        def first_window() -> list:
            bare, app = startup.first_window(self.db, runs)
            return [
                statistics.median(bare),
                statistics.median(app),
                statistics.median(app) / statistics.median(bare),
            ]

        self.attempt(
            [
                ("start: bare PySide6 window (median)", "ms", None),
                ("start: first window of the app (median)", "ms", None),
                ("start: first window / bare PySide6 window", "x", 1.5),
            ],
            first_window,
        )

        memory: list[float] = []

        def signing_in() -> list:
            times, checks, peak = startup.sign_in(self.db, runs)
            memory.append(peak)
            return [statistics.median(times), statistics.median(checks)]

        self.attempt(
            [
                ("sign-in to the main window (median)", "ms", 300),
                ("  of which checking the password", "ms", None),
            ],
            signing_in,
        )
        work_db = working_copy(self.db, self.folder)
        from sportacu_desktop.services.context import Clinic

        clinic = Clinic.open(str(work_db))
        try:
            self._in_process(clinic, work_db)
        finally:
            clinic.close()
        self.add("peak memory, main window open", memory[0] if memory else "failed", "MB", 300)
        visits = self._visits()
        self.add(
            "database size per visit", self.db.stat().st_size / 1024 / max(1, visits), "KB", None
        )
        return self.lines

    def _visits(self) -> int:
        connection = sqlite3.connect(self.db)
        try:
            return connection.execute("SELECT count(*) FROM visit").fetchone()[0]
        finally:
            connection.close()

    def _in_process(self, clinic, work_db: Path) -> None:
        from benchmarks import icd_search, speed_budget, superbills, ui_measures

        patient_id, visits = speed_budget.busiest_patient(clinic)
        self.notes.append(f"the chart opened has {visits} visits (the clinic's busiest)")
        ui: dict = {}

        def searching() -> list:
            ui.update(ui_measures.measure(clinic, work_db, patient_id, self.repeat))
            return [p95(ui["search"]), statistics.median(ui["search"])]

        self.attempt(
            [
                ("patient search per keystroke, Qt model (p95)", "ms", 16),
                ("patient search per keystroke, Qt model (median)", "ms", None),
            ],
            searching,
        )
        if ui.get("whole list"):  # only a clinic with more patients than a screenful
            self.add(
                "  whole list of a long search in, from the worker (p95)",
                p95(ui["whole list"]),
                "ms",
                None,
            )
        self.attempt(
            [("open a patient's chart, view populated (median)", "ms", 150)],
            lambda: [statistics.median(ui["open"])],
        )
        self.attempt(
            [("longest UI stall, another workstation writing 3 s", "ms", 100)],
            lambda: [ui["stall"]],
        )

        def save_sign() -> list:
            saves, signs = speed_budget.save_and_sign_times(clinic, patient_id, 3 * self.repeat)
            return [statistics.median(saves), statistics.median(signs)]

        self.attempt(
            [("save a visit note (median)", "ms", 50), ("sign a visit note (median)", "ms", 50)],
            save_sign,
        )

        def billing() -> list:
            times = superbills.measure(clinic, singles=4 * self.repeat)
            if times.day_size < superbills.DAY_SIZE:
                self.notes.append(
                    f"the clinic had {times.day_size} superbills for a day of "
                    f"{superbills.DAY_SIZE}: scaled to {superbills.DAY_SIZE}"
                )
            per_day = times.day_s * superbills.DAY_SIZE / max(1, times.day_size)
            return [statistics.median(times.singles_ms), per_day]

        self.attempt(
            [
                ("one superbill, issued and stored (median)", "ms", 200),
                ("a day of 40 superbills", "s", 5),
            ],
            billing,
        )
        self._summary(clinic, patient_id)

        def icd() -> list:
            from sportacu_desktop.services import icd as icd_service

            icd_service.search("warm up")
            times = [ms for ms, _ in icd_search.keystroke_times(self.repeat)]
            return [p95(times)]

        self.attempt([("ICD-10-CM search per keystroke (p95)", "ms", 50)], icd)
        self._fhir(work_db, clinic, patient_id)

    def _chart_number(self, clinic, patient_id: int) -> str:
        from sportacu_desktop.services.context import command_line_actor
        from sportacu_desktop.services.patients import PatientDirectory

        return (
            PatientDirectory(clinic.session_factory, command_line_actor())
            .header(patient_id)
            .chart_number
        )

    def _summary(self, clinic, patient_id: int) -> None:
        name = "one treatment summary PDF (median)"
        if not command_exists("summary"):
            self.add(name, NOT_BUILT, "ms", 300)
            return
        chart = self._chart_number(clinic, patient_id)
        out = self.folder / "summary.pdf"
        self.attempt(
            [(name, "ms", 300)],
            lambda: [
                statistics.median(
                    timed_command(
                        ["summary", "--db", str(clinic.url), "--patient", chart, "--out", str(out)],
                        self.repeat,
                    )
                )
            ],
        )

    def _fhir(self, work_db: Path, clinic, patient_id: int) -> None:
        name = "FHIR export of one patient (median)"
        if not (
            command_exists("export")
            and (
                exists("sportacu_desktop.services.fhir")
                or exists("sportacu_desktop.services.fhir_export")
            )
        ):
            self.add(name, NOT_BUILT, "ms", None)
            return
        chart = self._chart_number(clinic, patient_id)
        out = self.folder / "fhir.json"
        self.attempt(
            [(name, "ms", None)],
            lambda: [
                statistics.median(
                    timed_command(
                        [
                            "export",
                            "--db",
                            str(work_db),
                            "--format",
                            "fhir",
                            "--patient",
                            chart,
                            "--out",
                            str(out),
                        ],
                        self.repeat,
                    )
                )
            ],
        )


def format_line(line: Line) -> str:
    value = line.value if isinstance(line.value, str) else f"{line.value:10.1f} {line.unit}"
    budget = "" if line.budget is None else f"{line.budget:g}"
    ok = {True: "ok", False: "OVER", None: ""}[line.ok]
    if budget:
        budget = f"{budget} {line.unit}"
    return f"{line.name:<52} {value:>17} {budget:>9} {ok}"


def header() -> str:
    return f"{'measure':<52} {'value':>17} {'budget':>9}\n" + "-" * 84
