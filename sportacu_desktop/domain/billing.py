"""Coding rules: which lines a visit bills, and what makes a line or a date of lines valid.

Money is integer cents throughout. Units of the timed acupuncture codes count personal
one-on-one contact time only, never needle retention or electroacupuncture minutes.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sportacu_desktop.domain.catalog import cpt_codes

MINUTES_PER_UNIT = 15
# A 15-minute block counts once at least 8 of its minutes were spent in contact.
MINUTES_TO_COUNT_A_UNIT = 8

INITIAL_MANUAL, ADD_ON_MANUAL = "97810", "97811"
INITIAL_ESTIM, ADD_ON_ESTIM = "97813", "97814"
INITIAL_CODES = frozenset({INITIAL_MANUAL, INITIAL_ESTIM})
ADD_ON_CODES = frozenset({ADD_ON_MANUAL, ADD_ON_ESTIM})
DRY_NEEDLING_FEW, DRY_NEEDLING_MANY = "20560", "20561"
# 20560 covers one or two muscles; three or more distinct muscles are 20561.
MUSCLES_FOR_MANY = 3
EVALUATION_NEW, EVALUATION_ESTABLISHED = "99203", "99213"
SEPARATE_EVALUATION_MODIFIER = "25"

MAX_MODIFIERS = 4
MAX_POINTERS = 4
POINTER_LETTERS = "ABCDEFGHIJKL"  # CMS-1500 box 21 holds twelve diagnoses
PAYMENT_METHODS = {"cash": "Cash", "card": "Card", "check": "Check", "hsa_fsa": "HSA/FSA"}

DEFAULT_FEES_CENTS = {
    "97810": 8500,
    "97811": 4500,
    "97813": 9500,
    "97814": 5000,
    "20560": 9000,
    "20561": 11000,
    "97039": 3500,
    "97140": 5500,
    "99203": 15000,
    "99213": 11000,
}


def code_label(code: str) -> str:
    """Our own short label for a code (never the AMA descriptor), "" when unknown."""
    codes = cpt_codes()
    if code in codes:
        return codes[code].label
    for key, entry in codes.items():
        low, _, high = key.partition("-")
        if high and low <= code <= high and len(code) == len(low):
            return entry.label
    return ""


CPT_PATTERN = re.compile(r"^\d{4}[0-9A-Z]$")
MODIFIER_PATTERN = re.compile(r"^[0-9A-Z]{2}$")


@dataclass(frozen=True)
class ProposedLine:
    code: str
    units: int
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartedWork:
    """The billable facts of one visit, as the practitioner charted them.

    ``reinsertions`` lists the needle re-insertions in the order they happened, ``True``
    for one followed by electrical stimulation. ``muscles_dry_needled`` names each muscle
    needled (one entry per side is fine: see ``distinct_muscles``).
    """

    contact_minutes: int
    estim_first_block: bool = False
    reinsertions: tuple[bool, ...] = ()
    muscles_dry_needled: tuple[str, ...] = ()
    cupping_or_gua_sha: bool = False
    separate_evaluation: bool = False
    new_patient: bool = False
    # Another visit of the patient on the same date already billed the initial code.
    initial_billed_earlier_today: bool = False


@dataclass(frozen=True)
class BillingPolicy:
    """Clinic settings: which code cupping/gua sha goes under, and the dry-needling rule."""

    cupping_code: str = "97039"
    # Some payers want only the timed acupuncture codes when both were done.
    dry_needling_with_acupuncture: bool = True


def timed_units(contact_minutes: int) -> int:
    """15-minute blocks of contact, each counted from its 8th minute (7 → 0, 8 → 1, 23 → 2)."""
    if contact_minutes < MINUTES_TO_COUNT_A_UNIT:
        return 0
    full, rest = divmod(contact_minutes, MINUTES_PER_UNIT)
    return full + (1 if rest >= MINUTES_TO_COUNT_A_UNIT else 0)


def distinct_muscles(muscles: Iterable[str]) -> int:
    """Muscles count once whatever the side: left and right gastrocnemius are one muscle.

    The code counts muscles, not sites; counting each side again would bill 20561 for a
    single muscle needled on both legs, which payers treat as upcoding.
    """
    return len({m.strip().casefold() for m in muscles if m.strip()})


def dry_needling_code(muscles: Iterable[str]) -> str | None:
    count = distinct_muscles(muscles)
    if not count:
        return None
    return DRY_NEEDLING_MANY if count >= MUSCLES_FOR_MANY else DRY_NEEDLING_FEW


def timed_lines(work: ChartedWork) -> tuple[list[ProposedLine], list[str]]:
    """Initial code for the first block, one add-on per further block with a re-insertion."""
    blocks = timed_units(work.contact_minutes)
    warnings: list[str] = []
    if not blocks:
        if work.contact_minutes:
            warnings.append(
                f"{work.contact_minutes} minutes of contact is under the "
                f"{MINUTES_TO_COUNT_A_UNIT} needed for a timed acupuncture unit."
            )
        return [], warnings
    codes: list[str] = []
    if work.initial_billed_earlier_today:
        # One initial code per date: a second visit that day continues with add-ons only,
        # and its first block, like any further one, needs a re-insertion.
        further = blocks
    else:
        codes.append(INITIAL_ESTIM if work.estim_first_block else INITIAL_MANUAL)
        further = blocks - 1
    billable = min(further, len(work.reinsertions))
    codes += [ADD_ON_ESTIM if e else ADD_ON_MANUAL for e in work.reinsertions[:billable]]
    if further > billable:
        missing = further - billable
        warnings.append(
            f"{missing} further 15-minute block{'s' if missing > 1 else ''} of contact "
            f"not billed: each needs a needle re-insertion and only "
            f"{len(work.reinsertions)} {'was' if len(work.reinsertions) == 1 else 'were'} charted."
        )
    lines: list[ProposedLine] = []
    for code in codes:  # consecutive equal codes become one line with units
        if lines and lines[-1].code == code:
            lines[-1] = ProposedLine(code, lines[-1].units + 1)
        else:
            lines.append(ProposedLine(code, 1))
    return lines, warnings


def propose_lines(
    work: ChartedWork, policy: BillingPolicy = BillingPolicy()
) -> tuple[list[ProposedLine], list[str]]:
    """Lines for the visit and warnings the front desk should read before issuing."""
    lines, warnings = timed_lines(work)
    timed = bool(lines)
    code = dry_needling_code(work.muscles_dry_needled)
    if code:
        if timed and not policy.dry_needling_with_acupuncture:
            warnings.append(
                f"Dry needling ({code}) left off: this clinic bills only the timed "
                "acupuncture codes when both are done at one visit."
            )
        else:
            lines.append(ProposedLine(code, 1))
            if timed:
                warnings.append(
                    f"Dry needling ({code}) billed with timed acupuncture: some payers "
                    "accept only 97810–97814 when both are done at one visit."
                )
    if work.cupping_or_gua_sha:
        lines.append(ProposedLine(policy.cupping_code, 1))
    if work.separate_evaluation:
        evaluation = EVALUATION_NEW if work.new_patient else EVALUATION_ESTABLISHED
        lines.insert(0, ProposedLine(evaluation, 1, (SEPARATE_EVALUATION_MODIFIER,)))
    return lines, warnings


# -- checking lines --------------------------------------------------------------------


def parse_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip().upper() for part in re.split(r"[,\s]+", text) if part.strip())


def line_problems(
    code: str,
    units: int,
    modifiers: Iterable[str],
    pointers: Iterable[str],
    charge_cents: int,
    diagnoses: int,
) -> list[str]:
    """What is wrong with one service line, in words for the front desk."""
    problems = []
    modifiers, pointers = tuple(modifiers), tuple(pointers)
    if not CPT_PATTERN.match(code):
        problems.append(f"“{code}” is not a CPT code: five characters such as 97810.")
    if not 1 <= units <= 99:
        problems.append("Units must be a whole number from 1 to 99.")
    if len(modifiers) > MAX_MODIFIERS:
        problems.append(f"A line takes at most {MAX_MODIFIERS} modifiers.")
    bad = [mod for mod in modifiers if not MODIFIER_PATTERN.match(mod)]
    if bad:
        problems.append(f"Modifiers are two letters or digits (not {', '.join(bad)}).")
    if not pointers:
        problems.append("Point the line at a diagnosis (A for the primary one).")
    if len(pointers) > MAX_POINTERS:
        problems.append(f"A line points at most at {MAX_POINTERS} diagnoses.")
    allowed = POINTER_LETTERS[: min(diagnoses, len(POINTER_LETTERS))]
    wrong = [p for p in pointers if len(p) != 1 or p not in allowed]
    if wrong:
        if not allowed:
            reach = "none: the episode has no diagnosis"
        else:
            reach = f"A to {allowed[-1]}" if len(allowed) > 1 else "only A"
        problems.append(f"Diagnosis pointer {', '.join(wrong)} does not exist ({reach}).")
    if len(set(pointers)) != len(pointers):
        problems.append("A diagnosis pointer is listed twice.")
    if charge_cents < 0:
        problems.append("A charge cannot be negative.")
    return problems


def date_problems(codes_by_date: Mapping[Any, Sequence[str]]) -> list[str]:
    """Timed-code rules across all lines of one date, whichever visit they came from.

    Keyed by the day (a date, or its text): each key is only printed and sorted as text.
    """
    problems = []
    for day, codes in sorted(codes_by_date.items(), key=lambda item: str(item[0])):
        initial = [c for c in codes if c in INITIAL_CODES]
        if len(initial) > 1:
            problems.append(
                f"{day}: only one initial acupuncture code per date "
                f"({' and '.join(initial)} are both billed)."
            )
        if any(c in ADD_ON_CODES for c in codes) and not initial:
            problems.append(
                f"{day}: an add-on acupuncture code (97811/97814) needs 97810 or 97813 "
                "on the same date."
            )
    return problems


def parse_money(text: str) -> int:
    """Dollars as typed ("85", "85.5", "$1,085.00") → cents; ValueError in plain words."""
    cleaned = text.strip().replace("$", "").replace(",", "")
    match = re.fullmatch(r"(\d{1,7})(?:\.(\d{1,2}))?", cleaned)
    if not match:
        raise ValueError(f"“{text}” is not an amount: type dollars and cents, e.g. 85.00.")
    cents = (match.group(2) or "").ljust(2, "0")
    return int(match.group(1)) * 100 + int(cents)


def format_money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"
