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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sportacu-superbills-")) / "clinic.db"
    shutil.copyfile(args.db, work)
    clinic = Clinic.open(str(work))
    superbills = Superbills(clinic.session_factory, command_line_actor())
    with clinic.session_factory() as s:
        patients = s.scalar(select(func.count(m.Patient.id)))
        visits = s.scalar(select(func.count(m.Visit.id)))
    print(f"clinic: {patients} patients, {visits} visits")
    pairs = busiest_days(clinic, DAY_SIZE + 21)
    started = time.perf_counter()
    superbills.issue(pairs[0][0], start=pairs[0][1], end=pairs[0][1])
    print(
        f"first superbill of the process (fonts, imports): "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    singles = []
    for patient_id, day in pairs[1:21]:
        started = time.perf_counter()
        superbills.issue(patient_id, start=day, end=day)
        singles.append((time.perf_counter() - started) * 1000)
    median, worst = statistics.median(singles), max(singles)
    print(
        f"one superbill, issued and stored: median {median:.0f} ms, worst {worst:.0f} ms "
        f"(budget {ONE_BUDGET_MS} ms): {median / ONE_BUDGET_MS:.2f} of budget"
    )
    started = time.perf_counter()
    for patient_id, day in pairs[21 : 21 + DAY_SIZE]:
        superbills.issue(patient_id, start=day, end=day)
    day_s = time.perf_counter() - started
    print(
        f"a day of {DAY_SIZE} superbills: {day_s:.2f} s (budget {DAY_BUDGET_S:g} s): "
        f"{day_s / DAY_BUDGET_S:.2f} of budget"
    )
    busiest = pairs[0][1]
    started = time.perf_counter()
    results = superbills.for_day(busiest)
    print(
        f"for_day({busiest}) — {len(results)} patients, reprints: "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    clinic.close()
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
