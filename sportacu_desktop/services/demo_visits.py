"""The charted history of a demo patient: episodes of care, intakes, outcome measures, and
their visits (written by ``demo_treatments``), each with the events the app records."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.enums import EpisodeStatus, Side
from sportacu_desktop.services.demo_athletes import training_load
from sportacu_desktop.services.demo_treatments import (
    DemoPatient,
    VisitPlan,
    appointment,
    write_visit,
)
from sportacu_desktop.storage import models as m


class VisitWriter:
    def __init__(self, builder, rng: random.Random):
        self.b = builder
        self.rng = rng
        self.count = 0
        self.last_visit: date | None = None  # of the patient being written

    def open_episode(
        self,
        patient: DemoPatient,
        provider: int,
        *,
        title: str,
        start: datetime,
        onset: date | None,
        codes: list[str],
        maintenance: bool = False,
    ) -> int:
        """Opened a few minutes before the first session that ``start``s it."""
        b = self.b
        opened_at = start - timedelta(minutes=5)
        episode_id = b.add_tracked(
            m.Episode,
            opened_at,
            by=b.usernames[provider],
            patient_id=patient.id,
            title=title,
            onset_date=onset,
            start_date=start.date(),
            end_date=None,
            recurring=not maintenance and self.rng.random() < 0.1,
            maintenance=maintenance,
            status=EpisodeStatus.OPEN,
            discharge_reason="",
        )
        for rank, code in enumerate(codes, start=1):
            b.add_tracked(
                m.Diagnosis,
                opened_at,
                episode_id=episode_id,
                rank=rank,
                code=code,
                description=catalog.icd_codes()[code].description,
            )
        b.event(
            opened_at,
            b.usernames[provider],
            "create",
            patient_id=patient.id,
            entity="episode",
            entity_id=episode_id,
            detail=f"{title[:80]}: {', '.join(codes)}",
        )
        return episode_id

    def visit(self, plan: VisitPlan, start: datetime | None = None) -> tuple[int, datetime]:
        """One signed visit, at ``start`` or an appointment on ``plan.day``."""
        self.count += 1
        start = start or appointment(self.rng, plan.day)
        visit_id, signed_at = write_visit(self.b, self.rng, plan, start)
        self.last_visit = max(self.last_visit or plan.day, plan.day)
        return visit_id, signed_at

    def measure(self, plan: VisitPlan, visit_id: int | None, at, scores) -> None:
        """Outcome measures taken at a visit (``scores``: instrument → score)."""
        b = self.b
        for instrument, score in scores:
            b.add_tracked(
                m.OutcomeMeasure,
                at,
                patient_id=plan.patient.id,
                episode_id=plan.episode_id,
                visit_id=visit_id,
                instrument=instrument,
                measured_on=at.date() if isinstance(at, datetime) else at,
                score=float(score),
            )
        b.event(
            at if isinstance(at, datetime) else datetime.combine(at, time(9), UTC),
            b.usernames[plan.provider],
            "create",
            patient_id=plan.patient.id,
            entity="outcome_measure",
            detail=", ".join(f"{k} {float(s):g}" for k, s in scores),
        )

    def write_episode(
        self,
        patient: DemoPatient,
        provider: int,
        protocol: dict,
        onset: date,
        start: date,
        planned: int,
    ) -> date:
        rng, b = self.rng, self.b
        side = rng.choice(sorted(protocol["diagnoses"]))
        title = (
            protocol["name"] if side == "B" else f"{protocol['name']}, {Side(side).label.lower()}"
        )
        codes = protocol["diagnoses"][side]
        first = appointment(rng, start)
        self._intake(patient, provider, first - timedelta(minutes=10), protocol)
        episode_id = self.open_episode(
            patient, provider, title=title, start=first, onset=onset, codes=codes
        )
        pain = rng.randint(4, 8)
        previous: int | None = None
        lefs = rng.randint(30, 55)
        day = start
        last = start
        for index in range(planned):
            if day >= b.today:
                break
            plan = VisitPlan(
                patient,
                provider,
                episode_id,
                protocol,
                side,
                day,
                index,
                pain,
                tuple(codes),
                previous_pain=previous,
            )
            visit_id, signed_at = self.visit(plan, first if index == 0 else None)
            scores = [("NPRS", pain)]
            if index % 4 == 0:
                scores.insert(0, ("LEFS", min(80, lefs)))
                lefs += rng.randint(2, 12)
            self.measure(plan, visit_id, signed_at - timedelta(minutes=1), scores)
            previous, pain = pain, max(0, pain - rng.choice([0, 1, 1, 1, 2]))
            last = day
            day += timedelta(days=rng.randrange(5, 11))
        if day < b.today - timedelta(days=30):
            self.close(patient, provider, episode_id, last)
        return last

    def close(self, patient: DemoPatient, provider: int, episode_id: int, last: date) -> None:
        """Discharged after the last session, goals met."""
        for row in reversed(self.b.rows[m.Episode]):
            if row["id"] == episode_id:
                row["end_date"] = last
                row["status"] = EpisodeStatus.CLOSED
                row["discharge_reason"] = "goals_met"
                # The next morning, or the same evening when that morning has not come yet.
                morning = last + timedelta(days=1)
                at = datetime.combine(morning, time(8), UTC)
                if morning >= self.b.today:
                    at = datetime.combine(last, time(19), UTC)
                row["updated_at"] = at
                self.b.event(
                    at,
                    self.b.usernames[provider],
                    "change",
                    patient_id=patient.id,
                    entity="episode",
                    entity_id=episode_id,
                    detail="discharged: goals met",
                )
                return

    def write_maintenance(
        self,
        patient: DemoPatient,
        provider: int,
        start: date,
        every_days: tuple[int, int],
        until: date,
    ) -> None:
        rng, b = self.rng, self.b
        if start >= b.today:
            return
        protocol = next(p for p in catalog.protocols() if p["key"] == "overtraining")
        first = appointment(rng, start)
        episode_id = self.open_episode(
            patient,
            provider,
            title="Maintenance and recovery care",
            start=first,
            onset=None,
            codes=["M79.18"],
            maintenance=True,
        )
        day, index = start, 0
        while day < min(until, b.today):
            pain = rng.randint(1, 4)
            self.visit(
                VisitPlan(
                    patient, provider, episode_id, protocol, "B", day, index, pain, ("M79.18",)
                )
            )
            index += 1
            day += timedelta(days=rng.randrange(*every_days))

    def _intake(
        self, patient: DemoPatient, provider: int, taken_at: datetime, protocol: dict
    ) -> None:
        rng, b = self.rng, self.b
        day = taken_at.date()
        intake_id = b.add_tracked(
            m.Intake,
            taken_at,
            by=b.usernames[provider],
            patient_id=patient.id,
            taken_on=day,
            chief_complaint=f"{protocol['name']} limiting training.",
            injury_history=rng.choice(
                [
                    "No prior injuries.",
                    "Stress reaction 2 years ago.",
                    "Recurring calf strains.",
                    f"ACL repair {day.year - rng.randint(3, 9)}.",
                ]
            ),
            training_load=training_load(patient.sport, patient.volume, rng),
            biomechanics=rng.choice(
                [
                    "Overstriding, low cadence (158 spm).",
                    "Pelvic drop on the left in single-leg stance.",
                    "Pronation within normal limits.",
                    "",
                ]
            ),
            sleep_hours=round(rng.uniform(5.5, 8.5), 1),
            sleep_quality=rng.randint(2, 5),
            hrv_ms=rng.randrange(35, 110),
            resting_hr=rng.randrange(42, 66),
            gut=rng.choice(["", "GI cramping on long sessions.", "No issues."]),
            stress=rng.choice(["Work deadlines.", "Low.", "Moderate, new baby at home."]),
        )
        b.event(
            taken_at,
            b.usernames[provider],
            "create",
            patient_id=patient.id,
            entity="intake",
            entity_id=intake_id,
            detail=f"intake of {day}",
        )
