"""Safety checks while charting: what blocks signing, what the practitioner must see."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sportacu_desktop.domain.enums import FlagKind, Modality
from sportacu_desktop.domain.race_calendar import (
    LIGHTER_TRAINING_HOURS,
    Race,
    dry_needling_caution,
    lighter_training_until,
    post_race_window,
    pre_race_window,
)

THORAX_POINTS = frozenset(
    "LU1 LU2 ST11 ST12 ST13 ST14 ST15 ST16 ST17 ST18 KI22 KI23 KI24 KI25 KI26 KI27 SP17 "
    "SP18 SP19 SP20 SP21 PC1 HT1 GB21 GB22 GB23 GB24 LR14 CV17 CV18 CV19 CV20 CV21 CV22 "
    "SI11 SI12 SI13 SI14 SI15 TE15 BL11 BL12 BL13 BL14 BL15 BL16 BL17 BL18 BL19 BL20 "
    "BL21 BL41 BL42 BL43 BL44 BL45 BL46 BL47 BL48 BL49 BL50".split()
)
SPINE_POINTS = frozenset(
    [f"GV{n}" for n in range(1, 17)] + ["EX-B2"] + [f"BL{n}" for n in range(11, 36)]
)
PREGNANCY_CAUTION_POINTS = frozenset(
    "LI4 SP6 BL60 BL67 GB21 KI1 CV2 CV3 CV4 CV5 CV6 CV7 ST25 ST26 ST27 ST28 ST29 ST30 "
    "BL27 BL28 BL29 BL30 BL31 BL32 BL33 BL34".split()
)


class Level(StrEnum):
    BLOCK = "block"  # the treatment cannot be charted
    WARN = "warn"  # must be seen; charting continues
    INFO = "info"  # timing guidance, shown not enforced


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str


@dataclass(frozen=True)
class UpcomingRace:
    name: str
    race_date: date
    priority: str


@dataclass(frozen=True)
class PlannedTreatment:
    """What is being charted in the visit, reduced to what the safety rules look at."""

    points: tuple[tuple[str, str], ...] = ()  # (code, side)
    electro_pairs: tuple[tuple[str, str], ...] = ()  # ("GB31-L", "GB33-L")
    muscles_dry_needled: int = 0
    cupping_or_gua_sha: bool = False


def split_lead(lead: str) -> tuple[str, str]:
    """ "GB31-L" → ("GB31", "L"); "EX-B2-R" → ("EX-B2", "R"); no suffix → bilateral/midline."""
    text = lead.strip().upper()
    head, _, tail = text.rpartition("-")
    if head and tail in ("L", "R", "B"):
        return head, tail
    return text, ""


def _modalities(plan: PlannedTreatment) -> set[Modality]:
    used = set()
    if plan.points:
        used.add(Modality.ACUPUNCTURE)
    if plan.muscles_dry_needled:
        used.add(Modality.DRY_NEEDLING)
    if plan.electro_pairs:
        used.add(Modality.ELECTROACUPUNCTURE)
    if plan.cupping_or_gua_sha:
        used.add(Modality.CUPPING)
    return used


def check_treatment(
    plan: PlannedTreatment,
    *,
    flags: set[str],
    consents: set[str],
    races: list[UpcomingRace],
    at: datetime,
) -> list[Finding]:
    findings: list[Finding] = []
    electro = bool(plan.electro_pairs)
    if electro and FlagKind.PACEMAKER_ICD in flags:
        findings.append(
            Finding(
                Level.BLOCK,
                "Electroacupuncture is not allowed: this patient "
                "has a pacemaker or implanted defibrillator.",
            )
        )
    for a, b in plan.electro_pairs:
        (code_a, side_a), (code_b, side_b) = split_lead(a), split_lead(b)
        pair = f"{a}–{b}"
        if {side_a, side_b} == {"L", "R"}:
            findings.append(
                Finding(
                    Level.WARN,
                    f"EA pair {pair} runs current from one side of "
                    "the body to the other, across the chest or spine.",
                )
            )
        elif code_a in THORAX_POINTS or code_b in THORAX_POINTS:
            findings.append(
                Finding(
                    Level.WARN,
                    f"EA pair {pair} is over the chest: keep the current away from the heart.",
                )
            )
        elif code_a in SPINE_POINTS or code_b in SPINE_POINTS:
            findings.append(
                Finding(
                    Level.WARN,
                    f"EA pair {pair} is over the spine: do not "
                    "pass current across the spinal cord.",
                )
            )
    if electro and FlagKind.EPILEPSY in flags:
        findings.append(Finding(Level.WARN, "Epilepsy: use electroacupuncture with caution."))
    if electro and FlagKind.METAL_IMPLANT in flags:
        findings.append(
            Finding(
                Level.WARN,
                "Metal implant: keep electroacupuncture leads away from the implant site.",
            )
        )
    thorax = sorted({code for code, _ in plan.points} & THORAX_POINTS)
    if thorax:
        findings.append(
            Finding(
                Level.WARN,
                f"Needling over the thorax ({', '.join(thorax)}): "
                "pneumothorax risk; angle and depth with care.",
            )
        )
    needling = plan.points or plan.muscles_dry_needled or plan.electro_pairs
    bleeding = flags & {FlagKind.ANTICOAGULANTS, FlagKind.BLEEDING_DISORDER}
    if bleeding and (needling or plan.cupping_or_gua_sha):
        what = "anticoagulants" if FlagKind.ANTICOAGULANTS in bleeding else "a bleeding disorder"
        findings.append(
            Finding(
                Level.WARN,
                f"Patient on {what}: expect bruising; press needle sites and avoid strong cupping.",
            )
        )
    if FlagKind.PREGNANCY in flags and (needling or plan.cupping_or_gua_sha):
        caution = sorted({code for code, _ in plan.points} & PREGNANCY_CAUTION_POINTS)
        extra = (
            f" Points traditionally avoided in pregnancy: {', '.join(caution)}." if caution else ""
        )
        findings.append(
            Finding(
                Level.WARN,
                "Patient is pregnant." + extra + (" Avoid electroacupuncture." if electro else ""),
            )
        )
    for modality in sorted(_modalities(plan) - consents):
        findings.append(
            Finding(
                Level.WARN, f"No signed consent on file for {modality.value.replace('_', ' ')}."
            )
        )
    findings.extend(race_timing(plan, races, at))
    return findings


def race_timing(plan: PlannedTreatment, races: list[UpcomingRace], at: datetime) -> list[Finding]:
    """The race calendar's rules (``race_calendar``) applied to the treatment being charted."""
    findings = []
    for race in sorted(races, key=lambda r: r.race_date):
        calendar_race = Race(race.name, race.race_date, race.priority)
        days = (race.race_date - at.date()).days
        label = f"{race.name} ({race.priority} race)"
        caution = dry_needling_caution(calendar_race, at)
        pre, post = pre_race_window(calendar_race), post_race_window(calendar_race)
        if plan.muscles_dry_needled and caution:
            findings.append(Finding(Level.WARN, f"Dry needling {caution}"))
        elif pre and pre[0] <= at.date() <= pre[1]:
            findings.append(
                Finding(
                    Level.INFO,
                    f"{label} in {days} days: a good time for a "
                    "pre-race session without excessive soreness.",
                )
            )
        elif post and post[0] <= at.date() <= post[1]:
            findings.append(
                Finding(
                    Level.INFO,
                    f"{label} was {-days} days ago: a post-race recovery session fits now.",
                )
            )
    if lighter_training_until(at, plan.muscles_dry_needled):
        findings.append(
            Finding(
                Level.INFO,
                f"Substantial dry needling: advise lighter training for the next "
                f"{LIGHTER_TRAINING_HOURS} h.",
            )
        )
    return findings


def needle_count_problem(needles_in: int, needles_out: int, exception: str) -> str | None:
    """Why the note cannot be signed yet, or None."""
    if needles_in == needles_out:
        return None
    if exception.strip():
        return None
    return (
        f"{needles_in} needles in but {needles_out} out: count again, or document why "
        "they differ before signing."
    )
