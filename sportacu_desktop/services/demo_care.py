"""The demo clinic's episodes that show the seed's rules at work, plus frozen diagnoses.

Demo patients 2–4 get, on top of their random history, an open episode whose course is
fixed so that every rule shows: SA-000002 a chronic Achilles tendinopathy that improves
("session 7 of 8–16", an A race in 9 days), SA-000003 a subacute ITBS that stalls after
4 sessions (the reconsider notice) and SA-000004 an acute plantar fasciitis that worsens
while resting heart rate rises and HRV falls (the overtraining flag). Any other episode
of theirs is closed first, so a new visit joins the showcase one. They use their own
random generators, so the rest of the demo stays as it was. (Patient 1 is the clinic's
decade-long maintenance athlete.)
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Table, bindparam, insert, select

from sportacu_desktop.domain import catalog
from sportacu_desktop.storage import models as m


@dataclass(frozen=True)
class Course:
    protocol: str
    side: str
    onset_weeks: int
    start_days: int  # first session, days before today
    every_days: int
    pain: tuple[int, ...]  # NPRS at each session
    measures: dict[str, tuple[tuple[int, float], ...]]  # instrument → (session, score)
    markers: dict[str, tuple[float, ...]]  # recovery marker → one reading a session
    races: tuple[tuple[str, str, str, int], ...]  # name, distance, priority, days from today
    phase: str
    sport: str  # one of demo_athletes.SPORTS, fitting the races


COURSES = {
    1: Course(
        "achilles",
        "R",
        onset_weeks=30,
        start_days=45,
        every_days=7,
        pain=(7, 7, 6, 5, 5, 4, 3),
        measures={"VISA_A": ((0, 38), (3, 52), (6, 64)), "LEFS": ((0, 47), (6, 58))},
        markers={
            "HRV": (61, 63, 62, 65, 66, 68, 69),
            "RESTING_HR": (51, 51, 50, 50, 49, 49, 48),
            "SLEEP_HOURS": (6.8, 7.0, 7.2, 7.1, 7.4, 7.5, 7.6),
            "WEEKLY_KM": (38, 42, 46, 50, 55, 60, 48),
        },
        races=(("Casco Bay Marathon", "Marathon", "A", 9), ("Back Cove 10K", "10K", "C", -17)),
        phase="taper",
        sport="Marathon",
    ),
    2: Course(
        "itbs",
        "R",
        onset_weeks=10,
        start_days=29,
        every_days=7,
        pain=(6, 6, 5, 6),
        measures={"LEFS": ((0, 52), (3, 55))},
        markers={},
        races=(("Mount Washington Road Race", "7.6 mi", "B", 40),),
        phase="build",
        sport="Road running",
    ),
    3: Course(
        "plantar",
        "L",
        onset_weeks=2,
        start_days=12,
        every_days=4,
        pain=(4, 5, 7),
        measures={"FAAM_ADL": ((0, 82), (2, 70))},
        markers={
            "HRV": (78, 80, 77, 70, 61),
            "RESTING_HR": (46, 47, 46, 50, 54),
            "SLEEP_HOURS": (7.5, 7.0, 6.5, 6.0, 5.5),
            "SLEEP_QUALITY": (4, 4, 3, 2, 2),
        },
        races=(("Sugarloaf Marathon", "Marathon", "A", -16),),
        phase="recovery",
        sport="Marathon",
    ),
}


def showcase_sport(index: int) -> str | None:
    """The sport demo patient ``index`` must have for their course's races to fit."""
    course = COURSES.get(index)
    return course.sport if course else None


def add_showcase(builder, index: int, patient) -> None:
    """The fixed course of demo patient ``index`` (1–3); nothing for the others."""
    course = COURSES.get(index)
    if course is None:
        return
    from sportacu_desktop.services.demo_treatments import VisitPlan, appointment
    from sportacu_desktop.services.demo_visits import VisitWriter

    _close_open_episodes(builder, patient)
    today, rng = builder.today, random.Random(9000 + index)
    writer = VisitWriter(builder, rng)
    protocol = next(p for p in catalog.protocols() if p["key"] == course.protocol)
    codes = protocol["diagnoses"][course.side]
    start = today - timedelta(days=course.start_days)
    side = "right" if course.side == "R" else "left"
    provider = builder.provider_ids[0]
    first = appointment(rng, start)
    episode_id = writer.open_episode(
        patient,
        provider,
        title=f"{protocol['name']}, {side}",
        start=first,
        onset=today - timedelta(weeks=course.onset_weeks),
        codes=codes,
    )
    visits: dict[int, tuple[date, int]] = {}
    plans = []
    for number, pain in enumerate(course.pain):
        day = start + timedelta(days=course.every_days * number)
        plan = VisitPlan(
            patient,
            provider,
            episode_id,
            protocol,
            course.side,
            day,
            number,
            pain,
            tuple(codes),
            previous_pain=course.pain[number - 1] if number else None,
        )
        visit_id, signed_at = writer.visit(plan, first if number == 0 else None)
        visits[number] = (day, visit_id)
        plans.append((plan, visit_id, signed_at))
        scores = [("NPRS", float(pain))]
        scores += [
            (k, float(s)) for k, series in course.measures.items() for n, s in series if n == number
        ]
        writer.measure(plan, visit_id, signed_at - timedelta(minutes=1), scores)
    # Recovery markers end at the last session; readings before the first one are the
    # athlete's own (a watch, a sleep app) and give the overtraining check its baseline.
    # All were entered at the session they end with (the athlete's own at the first one).
    for key, readings in course.markers.items():
        first_reading = len(course.pain) - len(readings)
        for offset, value in enumerate(readings):
            number = first_reading + offset
            # A reading from before the first session belongs to no visit.
            reading_day, reading_visit_id = visits.get(number) or (
                start + timedelta(days=course.every_days * number),
                None,
            )
            _measure(
                builder, patient.id, episode_id, reading_visit_id, reading_day, key, float(value)
            )
    if course.markers:
        plan, _visit_id, signed_at = plans[0]
        builder.event(
            signed_at,
            builder.usernames[provider],
            "create",
            patient_id=patient.id,
            entity="outcome_measure",
            detail="recovery markers: " + ", ".join(course.markers),
        )
    builder.visits.count += writer.count
    for name, distance, priority, days in course.races:
        builder.add_tracked(
            m.Race,
            first,
            by="frontdesk",
            patient_id=patient.id,
            name=name,
            race_date=today + timedelta(days=days),
            distance=distance,
            priority=priority,
            archived=False,
        )
    for row in builder.rows.get(m.AthleteProfile, []):
        if row["patient_id"] == patient.id:
            row["training_phase"] = course.phase


def _close_open_episodes(builder, patient) -> None:
    from sportacu_desktop.services.demo_visits import VisitWriter

    writer = VisitWriter(builder, random.Random(0))
    for episode in list(builder.rows.get(m.Episode, [])):
        if episode["patient_id"] != patient.id or episode["status"] != "open":
            continue
        days = [
            v["visit_date"]
            for v in builder.rows.get(m.Visit, [])
            if v["episode_id"] == episode["id"]
        ]
        provider = next(u for u, name in builder.usernames.items() if name == episode["created_by"])
        writer.close(patient, provider, episode["id"], max(days, default=episode["start_date"]))


def _measure(builder, patient_id, episode_id, visit_id, day, instrument, score) -> None:
    builder.add_tracked(
        m.OutcomeMeasure,
        day,
        patient_id=patient_id,
        episode_id=episode_id,
        visit_id=visit_id,
        instrument=instrument,
        measured_on=day,
        score=score,
    )


def freeze_signed_diagnoses(session, visit_ids: list[int]) -> None:
    """What signing does in the app: each signed visit keeps its episode's diagnoses."""
    visit, diagnosis = m.Visit.__table__, m.Diagnosis.__table__
    signed = m.SignedVisitDiagnosis.__table__
    # Declarative maps the class to a Table; SQLAlchemy types ``__table__`` as any FromClause.
    assert isinstance(signed, Table)
    for start in range(0, len(visit_ids), 500):
        chunk = visit_ids[start : start + 500]
        rows = session.execute(
            select(visit.c.id, diagnosis.c.rank, diagnosis.c.code, diagnosis.c.description)
            .join(diagnosis, diagnosis.c.episode_id == visit.c.episode_id)
            .where(visit.c.id.in_(bindparam("ids", expanding=True))),
            {"ids": chunk},
        ).all()
        if rows:
            session.execute(
                insert(signed),
                [{"visit_id": v, "rank": r, "code": c, "description": d} for v, r, c, d in rows],
            )
