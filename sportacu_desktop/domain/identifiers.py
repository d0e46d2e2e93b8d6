"""Identifier checks: NPI (Luhn over the 80840 prefix), EIN, chart numbers."""

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.us import ein as _ein

NPI_PREFIX = "80840"


def npi_problem(value: str) -> str | None:
    """Return why ``value`` is not a valid NPI, in words for the front desk, or None."""
    digits = value.strip()
    if len(digits) != 10 or not digits.isdigit():
        return "An NPI has exactly 10 digits."
    if digits[0] not in "12":
        return "An NPI starts with 1 (a person) or 2 (an organization)."
    if not luhn.is_valid(NPI_PREFIX + digits):
        return "This NPI's last digit does not match: check it for a typing error."
    return None


def is_valid_npi(value: str) -> bool:
    return npi_problem(value) is None


def npi_type(value: str) -> int:
    """1 for an individual provider, 2 for an organization (assumes a valid NPI)."""
    return 1 if value.strip().startswith("1") else 2


def complete_npi(first_nine: str) -> str:
    """Append the check digit to nine digits (used to make valid demo NPIs)."""
    return first_nine + luhn.calc_check_digit(NPI_PREFIX + first_nine)


def ein_problem(value: str) -> str | None:
    try:
        _ein.validate(value)
    except ValidationError:
        return "An EIN is nine digits written NN-NNNNNNN with a valid IRS prefix."
    return None


def format_ein(value: str) -> str:
    return _ein.format(value)


def chart_number(sequence: int) -> str:
    return f"SA-{sequence:06d}"
