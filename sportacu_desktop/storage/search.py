"""How a patient's search key is built and how typed text turns into SQL filters."""

import re
from datetime import date

from sqlalchemy import ColumnElement, and_

from sportacu_desktop.domain.text import digits_only, fold

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def patient_search_key(
    *,
    first_name: str,
    last_name: str,
    preferred_name: str,
    chart_number: str,
    date_of_birth: date,
    phone: str,
) -> str:
    parts = [last_name, first_name, preferred_name, chart_number, date_of_birth.isoformat()]
    phone_digits = digits_only(phone)
    if phone_digits:
        parts.append(phone_digits)
    return " ".join(fold(part) for part in parts if part)


def _token_forms(token: str) -> str:
    """A typed US date becomes ISO; a phone typed with punctuation becomes its digits."""
    match = _US_DATE.match(token)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return token
    digits = digits_only(token)
    if (
        len(digits) >= 3
        and re.fullmatch(r"[\d\s().+-]+", token)
        and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", token)
    ):
        return digits
    return token


def _escape_like(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_filter(column, text: str) -> ColumnElement[bool] | None:
    """Every typed word must appear somewhere in the key (any order, any part)."""
    tokens = [_token_forms(tok) for tok in fold(text).split()]
    clauses = [column.like(f"%{_escape_like(tok)}%", escape="\\") for tok in tokens if tok]
    if not clauses:
        return None
    return and_(*clauses)
