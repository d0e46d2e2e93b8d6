"""Treatment summary speed: one issued summary (≤ 300 ms), with and without its figure.

Prints numbers against the budget of DESIGN.md; asserts nothing. Issuing writes to the
database, so it works on a copy of the clinic file. Run:

    .venv/bin/python benchmarks/summaries.py --db /tmp/sportacu-bench/clinic.db
"""

import argparse
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from sportacu_desktop.reports.summary_content import ALL_SECTIONS, Section
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.summaries import Summaries, SummaryRequest
from sportacu_desktop.storage import models as m

BUDGET_MS, EPISODES = 300, 10


def measured_episodes(clinic: Clinic) -> list[SummaryRequest]:
    """The episodes with the most outcome scores (the fullest letters), signed visits only."""
    scores = func.count(m.OutcomeMeasure.id)
    with clinic.session_factory() as s:
        rows = s.execute(
            select(m.Episode.id, m.Episode.patient_id)
            .join(m.OutcomeMeasure, m.OutcomeMeasure.episode_id == m.Episode.id)
            .group_by(m.Episode.id, m.Episode.patient_id)
            .order_by(scores.desc())
            .limit(EPISODES)
        ).all()
    return [SummaryRequest(patient_id, episode_id) for episode_id, patient_id in rows]


def timed(summaries: Summaries, requests: list[SummaryRequest]) -> list[float]:
    times = []
    for request in requests:
        started = time.perf_counter()
        summaries.issue(request)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sportacu-summaries-")) / "clinic.db"
    shutil.copyfile(args.db, work)
    clinic = Clinic.open(str(work))
    summaries = Summaries(clinic.session_factory, command_line_actor())
    requests = measured_episodes(clinic)
    summaries.issue(requests[0])  # imports, fonts and matplotlib's caches: paid once
    # A fresh service: no figure kept from the warm-up (that reuse is for preview → issue).
    summaries = Summaries(clinic.session_factory, command_line_actor())
    full = timed(summaries, requests)
    without = ALL_SECTIONS - {Section.OUTCOMES}
    text_only = timed(summaries, [replace(r, sections=without) for r in requests])
    for label, values in (("with figure", full), ("without figure", text_only)):
        median = statistics.median(values)
        verdict = "within" if median <= BUDGET_MS else "OVER"
        print(
            f"one treatment summary, {label}: median {median:.0f} ms, max {max(values):.0f} ms "
            f"({verdict} the {BUDGET_MS} ms budget, {len(values)} episodes)"
        )
    clinic.close()
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
