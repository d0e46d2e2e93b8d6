"""Superbill speed on a big clinic: one superbill (≤ 200 ms) and a day of 40 (≤ 5 s).

Prints numbers against the budget of DESIGN.md; asserts nothing. Issuing writes to the
database, so it works on a copy of the clinic file. Run:

    .venv/bin/python benchmarks/superbills.py --db /tmp/sportacu-bench/clinic.db
"""

import argparse
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.superbills import Superbills
from sportacu_desktop.storage import models as m

ONE_BUDGET_MS, DAY_BUDGET_S, DAY_SIZE = 200, 5.0, 40


def busiest_days(clinic: Clinic, wanted: int) -> list[tuple]:
    """(patient_id, date) pairs of signed visits from the busiest days, ``wanted`` of them."""
    with clinic.session_factory() as s:
        days = s.execute(
            select(m.Visit.visit_date, func.count(func.distinct(m.Visit.patient_id)))
            .where(m.Visit.status == "signed")
            .group_by(m.Visit.visit_date)
            .order_by(func.count(func.distinct(m.Visit.patient_id)).desc())
            .limit(60)
        ).all()
        pairs = []
        for day, _count in days:
            for patient_id in s.scalars(
                select(m.Visit.patient_id).where(m.Visit.visit_date == day).distinct()
            ):
                pairs.append((patient_id, day))
                if len(pairs) == wanted:
                    return pairs
    return pairs


@dataclass(frozen=True)
class SuperbillTimes:
    first_ms: float  # the process's first: fonts registered, reportlab imported
    singles_ms: list[float]
    day_s: float
    day_size: int  # fewer than DAY_SIZE on a clinic too small for a full day
    reprint_day_ms: float
    reprint_day_patients: int


def measure(clinic: Clinic, singles: int = 20, day_size: int = DAY_SIZE) -> SuperbillTimes:
    """Issues superbills in ``clinic`` (a copy: issuing writes) and times them."""
    superbills = Superbills(clinic.session_factory, command_line_actor())
    pairs = busiest_days(clinic, 1 + singles + day_size)
    # A small clinic has fewer signed visits: split what there is between both measures.
    singles = min(singles, max(1, (len(pairs) - 1) // 2))
    started = time.perf_counter()
    superbills.issue(pairs[0][0], start=pairs[0][1], end=pairs[0][1])
    first_ms = (time.perf_counter() - started) * 1000
    single_times = []
    for patient_id, day in pairs[1 : 1 + singles]:
        started = time.perf_counter()
        superbills.issue(patient_id, start=day, end=day)
        single_times.append((time.perf_counter() - started) * 1000)
    day_pairs = pairs[1 + singles : 1 + singles + day_size]
    started = time.perf_counter()
    for patient_id, day in day_pairs:
        superbills.issue(patient_id, start=day, end=day)
    day_s = time.perf_counter() - started
    busiest = pairs[0][1]
    started = time.perf_counter()
    results = superbills.for_day(busiest)
    reprint_ms = (time.perf_counter() - started) * 1000
    return SuperbillTimes(first_ms, single_times, day_s, len(day_pairs), reprint_ms, len(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sportacu-superbills-")) / "clinic.db"
    shutil.copyfile(args.db, work)
    clinic = Clinic.open(str(work))
    with clinic.session_factory() as s:
        patients = s.scalar(select(func.count(m.Patient.id)))
        visits = s.scalar(select(func.count(m.Visit.id)))
    print(f"clinic: {patients} patients, {visits} visits")
    times = measure(clinic)
    print(f"first superbill of the process (fonts, imports): {times.first_ms:.0f} ms")
    median, worst = statistics.median(times.singles_ms), max(times.singles_ms)
    print(
        f"one superbill, issued and stored: median {median:.0f} ms, worst {worst:.0f} ms "
        f"(budget {ONE_BUDGET_MS} ms): {median / ONE_BUDGET_MS:.2f} of budget"
    )
    print(
        f"a day of {times.day_size} superbills: {times.day_s:.2f} s (budget {DAY_BUDGET_S:g} s): "
        f"{times.day_s / DAY_BUDGET_S:.2f} of budget"
    )
    print(
        f"for_day — {times.reprint_day_patients} patients, reprints: {times.reprint_day_ms:.0f} ms"
    )
    clinic.close()
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
