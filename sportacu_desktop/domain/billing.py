"""Billing lines proposed from what was charted. Money is integer cents throughout."""

from dataclasses import dataclass

MINUTES_PER_UNIT = 15
# A timed unit is billed once at least 8 of its 15 minutes were spent in contact.
MINUTES_TO_COUNT_A_UNIT = 8

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


@dataclass(frozen=True)
class ProposedLine:
    code: str
    units: int
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartedWork:
    """The billable facts of one visit."""

    contact_minutes: int
    electro_minutes: int = 0
    muscles_dry_needled: int = 0
    cupping_or_gua_sha: bool = False


@dataclass(frozen=True)
class BillingPolicy:
    """Clinic settings: which code cupping/gua sha goes under, and the dry-needling rule."""

    cupping_code: str = "97039"
    # Some payers want only the timed acupuncture codes when both were done.
    dry_needling_with_acupuncture: bool = True


def timed_units(contact_minutes: int) -> int:
    if contact_minutes < MINUTES_TO_COUNT_A_UNIT:
        return 0
    full, rest = divmod(contact_minutes, MINUTES_PER_UNIT)
    return full + (1 if rest >= MINUTES_TO_COUNT_A_UNIT else 0)


def propose_lines(
    work: ChartedWork, policy: BillingPolicy = BillingPolicy()
) -> tuple[list[ProposedLine], list[str]]:
    """Lines for the visit and warnings the front desk should read before issuing."""
    lines: list[ProposedLine] = []
    warnings: list[str] = []
    units = timed_units(work.contact_minutes)
    if units:
        with_estim = work.electro_minutes > 0
        estim_units = min(units, max(1, -(-work.electro_minutes // MINUTES_PER_UNIT)))
        lines.append(ProposedLine("97813" if with_estim else "97810", 1))
        add_on_estim = estim_units - 1 if with_estim else 0
        add_on_plain = units - 1 - add_on_estim
        if add_on_estim:
            lines.append(ProposedLine("97814", add_on_estim))
        if add_on_plain:
            lines.append(ProposedLine("97811", add_on_plain))
    elif work.contact_minutes:
        warnings.append(
            f"{work.contact_minutes} minutes of contact is under the "
            f"{MINUTES_TO_COUNT_A_UNIT} needed for a timed acupuncture unit."
        )
    if work.muscles_dry_needled:
        code = "20560" if work.muscles_dry_needled <= 2 else "20561"
        if units and not policy.dry_needling_with_acupuncture:
            warnings.append(
                f"Dry needling ({code}) left off: this clinic bills only the timed "
                "acupuncture codes when both are done at one visit."
            )
        else:
            lines.append(ProposedLine(code, 1))
    if work.cupping_or_gua_sha:
        lines.append(ProposedLine(policy.cupping_code, 1))
    return lines, warnings
