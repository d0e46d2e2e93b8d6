"""The charted history of a demo patient: episodes, signed visits, treatments, billing."""

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.billing import DEFAULT_FEES_CENTS, ChartedWork, propose_lines
from sportacu_desktop.domain.enums import EpisodeStatus, Side, VisitStatus
from sportacu_desktop.domain.needling import needles_placed
from sportacu_desktop.domain.points import is_midline
from sportacu_desktop.domain.protocol_points import side_for
from sportacu_desktop.services.demo_billing import demo_reinsertions
from sportacu_desktop.services.visit_store import reinsertions_text
from sportacu_desktop.storage import models as m

GENERAL_POINTS = ["LI4", "LR3", "ST36", "SP6", "GV20", "HT7", "PC6", "KI3", "EX-HN3"]
RESPONSES = [
    "Felt looser for 3 days after the last session.",
    "Soreness at needle sites for a day, then better.",
    "No change after the last session.",
    "Pain noticeably lower on runs since last visit.",
    "Slept better the two nights after treatment.",
]
TRAINING = [
    "Easy running only, {mi} miles this week.",
    "Long run of {mi} miles, some pain after mile 8.",
    "Cross-training on the bike; {mi} miles running.",
    "Back to workouts: one tempo, {mi} miles total.",
]


class VisitWriter:
    def __init__(self, builder, rng: random.Random):
        self.initial_billed: set[tuple[int, date]] = set()
        self.b = builder
        self.rng = rng
        self.count = 0

    def write_episode(
        self,
        patient_id: int,
        provider: int,
        protocol: dict,
        onset: date,
        start: date,
        planned: int,
        flags: set[str],
    ) -> date:
        rng, b = self.rng, self.b
        side = rng.choice(sorted(protocol["diagnoses"]))
        title = (
            protocol["name"] if side == "B" else f"{protocol['name']}, {Side(side).label.lower()}"
        )
        episode_id = b.add_tracked(
            m.Episode,
            start,
            patient_id=patient_id,
            title=title,
            onset_date=onset,
            start_date=start,
            end_date=None,
            recurring=rng.random() < 0.1,
            maintenance=False,
            status=EpisodeStatus.OPEN,
            discharge_reason="",
        )
        codes = protocol["diagnoses"][side]
        for rank, code in enumerate(codes, start=1):
            b.add_tracked(
                m.Diagnosis,
                start,
                episode_id=episode_id,
                rank=rank,
                code=code,
                description=catalog.icd_codes()[code].description,
            )
        self._intake(patient_id, start, protocol)
        pain = rng.randint(4, 8)
        lefs = rng.randint(30, 55)
        day = start
        last = start
        for index in range(planned):
            if day >= b.today:
                break
            visit_id = self._visit(
                patient_id, provider, episode_id, protocol, side, day, index, pain, flags, codes
            )
            if index % 4 == 0:
                b.add_tracked(
                    m.OutcomeMeasure,
                    day,
                    patient_id=patient_id,
                    episode_id=episode_id,
                    visit_id=visit_id,
                    instrument="LEFS",
                    measured_on=day,
                    score=float(min(80, lefs)),
                )
                lefs += rng.randint(2, 12)
            b.add_tracked(
                m.OutcomeMeasure,
                day,
                patient_id=patient_id,
                episode_id=episode_id,
                visit_id=visit_id,
                instrument="NPRS",
                measured_on=day,
                score=float(pain),
            )
            pain = max(0, pain - rng.choice([0, 1, 1, 1, 2]))
            last = day
            day += timedelta(days=rng.randrange(5, 11))
        if day < b.today - timedelta(days=30):
            self._close(episode_id, last)
        return last

    def _close(self, episode_id: int, last: date) -> None:
        for row in reversed(self.b.rows[m.Episode]):
            if row["id"] == episode_id:
                row["end_date"] = last
                row["status"] = EpisodeStatus.CLOSED
                row["discharge_reason"] = "goals_met"
                return

    def write_maintenance(
        self,
        patient_id: int,
        provider: int,
        start: date,
        flags: set[str],
        every_days: tuple[int, int],
        until: date,
    ) -> None:
        rng, b = self.rng, self.b
        if start >= b.today:
            return
        protocol = next(p for p in catalog.protocols() if p["key"] == "overtraining")
        episode_id = b.add_tracked(
            m.Episode,
            start,
            patient_id=patient_id,
            title="Maintenance and recovery care",
            onset_date=None,
            start_date=start,
            end_date=None,
            recurring=False,
            maintenance=True,
            status=EpisodeStatus.OPEN,
            discharge_reason="",
        )
        b.add_tracked(
            m.Diagnosis,
            start,
            episode_id=episode_id,
            rank=1,
            code="M79.18",
            description=catalog.icd_codes()["M79.18"].description,
        )
        day, index = start, 0
        while day < min(until, b.today):
            self._visit(
                patient_id,
                provider,
                episode_id,
                protocol,
                "B",
                day,
                index,
                rng.randint(1, 4),
                flags,
                ["M79.18"],
            )
            index += 1
            day += timedelta(days=rng.randrange(*every_days))

    def _intake(self, patient_id: int, day: date, protocol: dict) -> None:
        rng = self.rng
        self.b.add_tracked(
            m.Intake,
            day,
            patient_id=patient_id,
            taken_on=day,
            chief_complaint=f"{protocol['name']} limiting running.",
            injury_history=rng.choice(
                [
                    "No prior injuries.",
                    "Stress reaction 2 years ago.",
                    "Recurring calf strains.",
                    "ACL repair 2015.",
                ]
            ),
            training_load=f"{rng.randrange(15, 80)} miles/week, {rng.randrange(3, 7)} runs.",
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
            gut=rng.choice(["", "GI cramping on long runs.", "No issues."]),
            stress=rng.choice(["Work deadlines.", "Low.", "Moderate, new baby at home."]),
        )

    def _visit(
        self,
        patient_id: int,
        provider: int,
        episode_id: int,
        protocol: dict,
        side: str,
        day: date,
        index: int,
        pain: int,
        flags: set[str],
        codes: list[str],
    ) -> int:
        rng, b = self.rng, self.b
        self.count += 1
        signed_at = datetime.combine(day, time(rng.randrange(8, 17), rng.randrange(60)), tzinfo=UTC)
        leg_side = "B" if side == "B" else side
        template_sides = {point["code"]: point["side"] for point in protocol["points"]}
        points = list(template_sides)
        chosen = rng.sample(points, k=min(len(points), rng.randint(5, len(points))))
        spare = [p for p in GENERAL_POINTS if p not in chosen]
        chosen += rng.sample(spare, k=min(len(spare), rng.randint(1, 3)))
        muscles = []
        if protocol["muscles"] and not flags & {"bleeding_disorder"}:
            muscles = rng.sample(protocol["muscles"], k=rng.randint(0, len(protocol["muscles"])))
        electro = []
        if protocol["electro"] and "pacemaker_icd" not in flags and rng.random() < 0.6:
            electro = protocol["electro"]
        cupping = protocol["cupping"] if protocol["cupping"] and rng.random() < 0.4 else None
        gua_sha = cupping is None and rng.random() < 0.1
        contact = rng.randrange(20, 50)
        reinsertions = demo_reinsertions(contact, bool(electro))
        point_sides = {
            code: "M" if is_midline(code) else side_for(template_sides.get(code, "both"), side)
            for code in chosen
        }
        dn_rows = [(muscle, rng.randint(1, 4)) for muscle in muscles]
        lead_suffix = f"-{leg_side}" if leg_side in ("L", "R") else ""
        needles = needles_placed(
            point_sides.items(),
            [pair[end] + lead_suffix for pair in electro for end in ("a", "b")],
            [count for _muscle, count in dn_rows],
        )
        visit_id = b.add_tracked(
            m.Visit,
            day,
            patient_id=patient_id,
            episode_id=episode_id,
            provider_id=provider,
            visit_date=day,
            status=VisitStatus.DRAFT,
            pain_nrs=pain,
            response_to_last=rng.choice(RESPONSES) if index else "",
            training_since=rng.choice(TRAINING).format(mi=rng.randrange(5, 60)),
            subjective="",
            objective="",
            palpation=f"Taut bands and tender points in {', '.join(muscles[:2]).lower()}."
            if muscles
            else "Mild tenderness, no taut bands.",
            assessment=f"{protocol['name']}: " + ("improving." if index else "initial assessment."),
            plan="Continue weekly sessions; reassess outcome measures in 4 visits.",
            recommendations=protocol["recommendations"],
            contact_minutes=contact,
            needles_in=needles,
            needles_out=needles,
            needle_count_exception="",
            estim_first_block=bool(electro),
            needle_reinsertions=reinsertions_text(reinsertions),
            separate_evaluation=False,
            signed_at=None,
            signed_by_id=None,
        )
        b.to_sign.append({"visit_id": visit_id, "at": signed_at, "by": provider})
        for position, test in enumerate(protocol["tests"][: rng.randint(1, 3)]):
            b.add(
                m.SpecialTestResult,
                visit_id=visit_id,
                position=position,
                region="",
                test_name=test,
                side=leg_side,
                result="positive" if rng.random() < 0.7 / (1 + index) + 0.2 else "negative",
                note="",
            )
        for position, code in enumerate(chosen):
            b.add(
                m.PointTreatment,
                visit_id=visit_id,
                position=position,
                point_code=code,
                side=point_sides[code],
                technique=rng.choice(["even", "tonify", "reduce"]),
                gauge=rng.choice(["0.20", "0.25", "0.30"]),
                length_mm=rng.choice([30, 40, 50]),
                retention_minutes=rng.choice([20, 25, 30]),
            )
        for position, (muscle, count) in enumerate(dn_rows):
            b.add(
                m.DryNeedling,
                visit_id=visit_id,
                position=position,
                muscle=muscle,
                side=leg_side if leg_side != "B" else rng.choice("LR"),
                twitch_response=rng.random() < 0.6,
                needles=count,
            )
        for position, pair in enumerate(electro):
            b.add(
                m.ElectroStim,
                visit_id=visit_id,
                position=position,
                point_a=pair["a"] + lead_suffix,
                point_b=pair["b"] + lead_suffix,
                waveform=pair["waveform"],
                frequency_hz=pair["hz"],
                intensity="to tolerance",
                minutes=pair["minutes"],
                device="ITO ES-160",
            )
        if cupping:
            b.add(
                m.CuppingTreatment,
                visit_id=visit_id,
                position=0,
                kind="cupping",
                cup_type="plastic pump",
                technique=cupping["technique"],
                cups=rng.randint(4, 8),
                region=cupping["region"],
                minutes=rng.choice([5, 8, 10]),
                marks=rng.choice(["light pink", "moderate red", "dark purple"]),
            )
        elif gua_sha:
            b.add(
                m.CuppingTreatment,
                visit_id=visit_id,
                position=0,
                kind="gua_sha",
                cup_type="",
                technique="",
                cups=None,
                region="Posterior thigh",
                minutes=5,
                marks="petechiae, light",
            )
        if rng.random() < 0.02:
            b.add(
                m.AdverseEvent,
                visit_id=visit_id,
                position=0,
                kind="bruising",
                severity="mild",
                action_taken="Pressure applied; patient informed.",
                note="",
            )
        self._billing(
            patient_id,
            visit_id,
            day,
            ChartedWork(
                contact_minutes=contact,
                estim_first_block=bool(electro),
                reinsertions=reinsertions,
                muscles_dry_needled=tuple(muscles),
                cupping_or_gua_sha=bool(cupping or gua_sha),
            ),
            len(codes),
        )
        return visit_id

    def _billing(
        self,
        patient_id: int,
        visit_id: int,
        day: date,
        work: ChartedWork,
        diagnoses: int,
    ) -> None:
        rng, b = self.rng, self.b
        # One initial acupuncture code per date: a second visit that day bills add-ons.
        earlier = (patient_id, day) in self.initial_billed
        lines, _warnings = propose_lines(replace(work, initial_billed_earlier_today=earlier))
        self.initial_billed.add((patient_id, day))
        pointers = "A,B" if diagnoses > 1 else "A"
        total = 0
        for position, line in enumerate(lines):
            charge = DEFAULT_FEES_CENTS[line.code] * line.units
            total += charge
            b.add_tracked(
                m.BillingLine,
                day,
                visit_id=visit_id,
                position=position,
                service_date=day,
                cpt_code=line.code,
                modifiers=",".join(line.modifiers),
                units=line.units,
                charge_cents=charge,
                diagnosis_pointers=pointers,
                description="",
            )
        if total and rng.random() < 0.85:
            b.add_tracked(
                m.Payment,
                day,
                patient_id=patient_id,
                visit_id=visit_id,
                received_on=day,
                amount_cents=total,
                method=rng.choice(["card", "card", "hsa_fsa", "cash", "check"]),
                reference="",
            )
