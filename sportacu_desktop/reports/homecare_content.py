"""What the patient's home-care sheet says, in plain words: no codes, no clinical terms.

Built from the facts of one signed visit (gathered by ``services.homecare``) and the
practitioner's edited home-care text. The renderer draws exactly this; a test reads the
PDF back for the absence of point, ICD-10-CM and CPT codes, which ``plain_text`` strips
from anything typed.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sportacu_desktop.domain.race_calendar import (
    CAUTION_PRIORITIES,
    DRY_NEEDLING_CAUTION_HOURS,
    LIGHTER_TRAINING_HOURS,
    Race,
    lighter_training_until,
    post_race_window,
    pre_race_window,
)

TEXT_MAX = 900  # the editable part; more would not fit one page in large type

# Body regions of the muscle catalogue, and the words a runner uses for them.
REGION_WORDS = {
    "foot": "foot",
    "hip": "hip and buttock",
    "lower leg": "calf and shin",
    "lumbar": "lower back",
    "neck and shoulder": "neck and shoulders",
    "thigh": "thigh",
}
DIRECTION_WORDS = {
    "lateral": "outer",
    "medial": "inner",
    "anterior": "front of the",
    "posterior": "back of the",
    "low": "lower",
}
SIDE_WORDS = {"L": "left", "R": "right"}

# Point codes (ST36, GB34-R, Ex-LE10), ICD-10-CM codes (M76.61, S86.891A), CPT codes (97813).
_CODES = re.compile(
    r"\b(?:[A-Z]{2,3}\d{1,2}(?:-[LRB])?"
    r"|Ex-[A-Z]{2,3}\d{1,2}"
    r"|[A-TV-Z]\d{2}(?:\.[0-9A-Z]{1,4})?"
    r"|\d{5})\b"
)


def plain_text(text: str) -> str:
    """``text`` without codes a patient cannot read (and without the gaps they leave)."""
    cleaned = _CODES.sub("", text)
    cleaned = re.sub(r"\(\s*\)", "", cleaned)
    cleaned = re.sub(r"[ \t]+([,.;:])", r"\1", cleaned)
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()


def plain_region(region: str) -> str:
    words = region.strip().lower()
    if words in REGION_WORDS:
        return REGION_WORDS[words]
    parts = words.split()
    return " ".join(DIRECTION_WORDS.get(part, part) for part in parts)


@dataclass(frozen=True)
class NeedledArea:
    region: str  # the muscle catalogue's region: "Lower leg"
    side: str  # L, R or B


@dataclass(frozen=True)
class HomecareFacts:
    """One signed visit, as far as the patient's sheet is concerned."""

    practice_name: str
    practice_phone: str
    practice_lines: tuple[str, ...]
    patient_name: str
    visit_date: date
    treated_at: datetime  # when the visit was signed, for the 24-hour advice
    practitioner: str
    condition: str  # plain words from the protocol, or empty
    acupuncture_needles: int
    needled_areas: tuple[NeedledArea, ...]  # one per dry-needled muscle
    electro: bool
    cupping_regions: tuple[str, ...]
    gua_sha_regions: tuple[str, ...]
    next_visit: date | None
    next_visit_reason: str
    races: tuple[Race, ...]


@dataclass(frozen=True)
class HomecareSheet:
    number: str
    practice_name: str
    practice_phone: str
    practice_lines: tuple[str, ...]
    patient_name: str
    visit_date: date
    practitioner: str
    treated_today: tuple[str, ...]
    what_to_expect: tuple[str, ...]
    call_us_if: tuple[str, ...]
    at_home: tuple[str, ...]  # the practitioner's edited text, one paragraph per item
    next_visit: str
    next_race: str


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def _long(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}"


def _areas(areas: tuple[NeedledArea, ...]) -> str:
    named: dict[str, set[str]] = {}
    for area in areas:
        if not area.region:
            continue
        named.setdefault(plain_region(area.region), set()).add(area.side)
    words = []
    for region, sides in named.items():
        side = SIDE_WORDS.get(next(iter(sides)), "") if len(sides) == 1 else ""
        words.append(f"{side} {region}".strip())
    return _join(words)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def treated_today(facts: HomecareFacts) -> tuple[str, ...]:
    lines = []
    if facts.condition:
        lines.append(f"Today's visit was about {facts.condition}.")
    if facts.acupuncture_needles:
        lines.append("Acupuncture with very fine needles.")
    if facts.needled_areas:
        areas = _areas(facts.needled_areas)
        where = f" in your {areas}" if areas else ""
        lines.append(f"Dry needling of tight muscles{where}.")
    if facts.electro:
        lines.append("Gentle electrical pulses through some of the needles.")
    if facts.cupping_regions:
        regions = _join(sorted({plain_region(r) for r in facts.cupping_regions}))
        lines.append(f"Cupping (suction cups) on your {regions}.")
    if facts.gua_sha_regions:
        regions = _join(sorted({plain_region(r) for r in facts.gua_sha_regions}))
        lines.append(f"Gua sha (a scraping massage) on your {regions}.")
    return tuple(lines) or ("A treatment session.",)


def what_to_expect(facts: HomecareFacts) -> tuple[str, ...]:
    lines = []
    needled = facts.acupuncture_needles or facts.needled_areas
    if needled:
        lines.append(
            "Soreness, tiredness or a small bruise where the needles were is normal "
            "for a day or two."
        )
    if facts.cupping_regions:
        lines.append("Round marks from the cups are normal and fade in 3 to 10 days.")
    if facts.gua_sha_regions:
        lines.append("Red marks from gua sha are normal and fade in 2 to 4 days.")
    if facts.needled_areas:
        until = lighter_training_until(facts.treated_at, len(facts.needled_areas))
        if until is not None:
            lines.append(
                f"Train lighter for the next {LIGHTER_TRAINING_HOURS} hours "
                f"(until {until:%A} at {_clock(until)}): an easy run or rest, "
                "no speed work, hills or races."
            )
        else:
            lines.append("Keep today's training easy; the needled muscles may feel heavy.")
    lines.append("Drink water and keep moving gently.")
    return tuple(lines)


def call_us_if(facts: HomecareFacts) -> tuple[str, ...]:
    lines = []
    if facts.acupuncture_needles or facts.needled_areas:
        lines += [
            "You are short of breath or have chest pain: call 911 first, then us.",
            "A bruise keeps growing, or a needle spot keeps bleeding.",
            "A needle spot turns red, hot or swollen, or you get a fever.",
            "Numbness, tingling or weakness lasts more than a day.",
        ]
    lines += [
        "Pain is much worse than before and lasts more than two days.",
        "You feel faint or dizzy and it does not pass lying down.",
    ]
    return tuple(lines)


def next_race_line(races: tuple[Race, ...], on: date) -> str:
    coming = sorted((r for r in races if r.race_date >= on), key=lambda r: r.race_date)
    if not coming:
        return ""
    race = coming[0]
    days = (race.race_date - on).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    line = f"{race.name} on {_long(race.race_date)} ({when})."
    if race.priority in CAUTION_PRIORITIES and days <= DRY_NEEDLING_CAUTION_HOURS // 24:
        line += " We keep treatment gentle this close to a race."
    pre = pre_race_window(race)
    if pre and on < pre[0]:
        line += f" Best time for a pre-race session: {_long(pre[0])} to {_long(pre[1])}."
    post = post_race_window(race)
    if post:
        line += f" Book a recovery session {_long(post[0])} to {_long(post[1])}."
    return line


def default_text(recommendations: str, plan: str, protocol_text: str) -> str:
    """The home-care text offered for editing: the template's home advice, then what the
    practitioner recommended; the plan only when neither says anything (it is mostly
    written for the chart: "reassess in 4 visits")."""
    parts = [x.strip() for x in (protocol_text, recommendations) if x.strip()]
    if not parts and plan.strip():
        parts = [plan.strip()]
    return plain_text("\n".join(dict.fromkeys(parts)))


def build_homecare(facts: HomecareFacts, text: str, number: str = "") -> HomecareSheet:
    paragraphs = tuple(plain_text(p) for p in text.strip()[:TEXT_MAX].split("\n") if plain_text(p))
    if facts.next_visit is not None:
        next_visit = f"{_long(facts.next_visit)}"
        if facts.next_visit_reason:
            next_visit += f" ({plain_text(facts.next_visit_reason)})"
    else:
        next_visit = ""
    return HomecareSheet(
        number=number,
        practice_name=facts.practice_name,
        practice_phone=facts.practice_phone,
        practice_lines=facts.practice_lines,
        patient_name=facts.patient_name,
        visit_date=facts.visit_date,
        practitioner=facts.practitioner,
        treated_today=treated_today(facts),
        what_to_expect=what_to_expect(facts),
        call_us_if=call_us_if(facts),
        at_home=paragraphs,
        next_visit=next_visit,
        next_race=next_race_line(facts.races, facts.visit_date),
    )
