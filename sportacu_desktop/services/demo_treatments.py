"""One signed demo visit: the note, its treatments, billing and payment, and the events
the app would have recorded for each, at the times they happened.

A visit starts at its appointment, is signed after the contact time and a few minutes of
writing, and is paid at the front desk after that. A modality is charted only for a
patient who signed its consent, and never EA with a pacemaker or dry needling with a
bleeding disorder.
"""

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sportacu_desktop.domain.billing import DEFAULT_FEES_CENTS, ChartedWork, propose_lines
from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.domain.needling import needles_placed
from sportacu_desktop.domain.points import is_midline
from sportacu_desktop.domain.protocol_points import side_for
from sportacu_desktop.services.demo_athletes import Sport, training_since
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
FRONT_DESK = "frontdesk"


@dataclass(frozen=True)
class DemoPatient:
    """What a visit needs to know about the patient to be charted believably."""

    id: int
    flags: frozenset[str]
    consents: frozenset[str]  # modalities with a signed consent
    sport: Sport
    volume: int


@dataclass(frozen=True)
class VisitPlan:
    patient: DemoPatient
    provider: int
    episode_id: int
    protocol: dict
    side: str
    day: date
    index: int  # 0 for the episode's first session
    pain: int
    codes: tuple[str, ...]
    previous_pain: int | None = None  # at the session before, when the course tracks it


def assessment_of(plan: VisitPlan) -> str:
    """What the practitioner concludes, in step with the pain score charted."""
    if plan.index == 0:
        return "initial assessment."
    if plan.previous_pain is None:
        return "stable on maintenance care."
    if plan.pain < plan.previous_pain:
        return "improving."
    if plan.pain > plan.previous_pain:
        return "worse since the last session; load reviewed."
    return "no change since the last session."


def appointment(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.randrange(8, 17), rng.choice((0, 15, 30, 45))), UTC)


def write_visit(b, rng: random.Random, plan: VisitPlan, start: datetime) -> tuple[int, datetime]:
    """The visit's rows and events; returns its id and when it was signed."""
    patient, protocol, side = plan.patient, plan.protocol, plan.side
    leg_side = "B" if side == "B" else side
    template_sides = {point["code"]: point["side"] for point in protocol["points"]}
    points = list(template_sides)
    chosen = rng.sample(points, k=min(len(points), rng.randint(5, len(points))))
    spare = [p for p in GENERAL_POINTS if p not in chosen]
    chosen += rng.sample(spare, k=min(len(spare), rng.randint(1, 3)))
    muscles = []
    may_dn = "dry_needling" in patient.consents and "bleeding_disorder" not in patient.flags
    if protocol["muscles"] and may_dn:
        muscles = rng.sample(protocol["muscles"], k=rng.randint(0, len(protocol["muscles"])))
    electro = []
    may_ea = "electroacupuncture" in patient.consents and "pacemaker_icd" not in patient.flags
    if protocol["electro"] and may_ea and rng.random() < 0.6:
        electro = protocol["electro"]
    cupping, gua_sha = None, False
    if "cupping" in patient.consents:
        cupping = protocol["cupping"] if protocol["cupping"] and rng.random() < 0.4 else None
        gua_sha = cupping is None and rng.random() < 0.1
    contact = rng.randrange(20, 50)
    signed_at = start + timedelta(minutes=contact + rng.randrange(5, 40))
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
    provider_name = b.usernames[plan.provider]
    visit_id = b.add_tracked(
        m.Visit,
        start,
        by=provider_name,
        patient_id=patient.id,
        episode_id=plan.episode_id,
        provider_id=plan.provider,
        visit_date=plan.day,
        status=VisitStatus.DRAFT,
        pain_nrs=plan.pain,
        response_to_last=rng.choice(RESPONSES) if plan.index else "",
        training_since=training_since(patient.sport, patient.volume, rng),
        subjective="",
        objective="",
        palpation=f"Taut bands and tender points in {', '.join(muscles[:2]).lower()}."
        if muscles
        else "Mild tenderness, no taut bands.",
        assessment=f"{protocol['name']}: {assessment_of(plan)}",
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
    b.rows[m.Visit][-1]["updated_at"] = signed_at
    b.event(
        start,
        provider_name,
        "create",
        patient_id=patient.id,
        entity="visit",
        entity_id=visit_id,
        detail="started",
    )
    b.to_sign.append({"visit_id": visit_id, "at": signed_at, "by": plan.provider})
    for position, test in enumerate(protocol["tests"][: rng.randint(1, 3)]):
        b.add(
            m.SpecialTestResult,
            visit_id=visit_id,
            position=position,
            region="",
            test_name=test,
            side=leg_side,
            result="positive" if rng.random() < 0.7 / (1 + plan.index) + 0.2 else "negative",
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
    _cupping(b, rng, visit_id, cupping, gua_sha)
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
    work = ChartedWork(
        contact_minutes=contact,
        estim_first_block=bool(electro),
        reinsertions=reinsertions,
        muscles_dry_needled=tuple(muscles),
        cupping_or_gua_sha=bool(cupping or gua_sha),
    )
    _billing(b, rng, plan, visit_id, signed_at, work)
    return visit_id, signed_at


def _cupping(b, rng: random.Random, visit_id: int, cupping: dict | None, gua_sha: bool) -> None:
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


def _billing(
    b, rng: random.Random, plan: VisitPlan, visit_id: int, signed_at: datetime, work: ChartedWork
) -> None:
    patient_id, day = plan.patient.id, plan.day
    # One initial acupuncture code per date: a second visit that day bills add-ons.
    earlier = (patient_id, day) in b.initial_billed
    lines, _warnings = propose_lines(replace(work, initial_billed_earlier_today=earlier))
    b.initial_billed.add((patient_id, day))
    pointers = "A,B" if len(plan.codes) > 1 else "A"
    total = 0
    for position, line in enumerate(lines):
        charge = DEFAULT_FEES_CENTS[line.code] * line.units
        total += charge
        b.add_tracked(
            m.BillingLine,
            signed_at,
            by=b.usernames[plan.provider],
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
        paid_at = signed_at + timedelta(minutes=rng.randrange(2, 15))
        method = rng.choice(["card", "card", "hsa_fsa", "cash", "check"])
        payment_id = b.add_tracked(
            m.Payment,
            paid_at,
            by=FRONT_DESK,
            patient_id=patient_id,
            visit_id=visit_id,
            received_on=day,
            amount_cents=total,
            method=method,
            reference="",
        )
        b.event(
            paid_at,
            FRONT_DESK,
            "create",
            patient_id=patient_id,
            entity="payment",
            entity_id=payment_id,
            detail=f"{total} cents by {method} for visit {visit_id}",
        )
