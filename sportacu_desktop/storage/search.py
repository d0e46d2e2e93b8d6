"""How a patient's search key is built and how typed text turns into SQL filters."""

import re
from datetime import date

from sqlalchemy import ColumnElement, and_, bindparam, literal_column, select, table

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


# A trigram index answers words of three characters or more; shorter ones are matched
# with LIKE on the rows the index already narrowed down (or, alone, by a scan).
TRIGRAM = 3
_FTS_TABLE = table("patient_search")
# Made by migration 0012 and kept by triggers, outside the ORM models: the FTS5 table
# (with the shadow tables FTS5 makes, patient_search_*) and PostgreSQL's trigram index.
INDEX_OBJECTS = ("patient_search", "ix_patient_search_key_trgm")


def is_search_index(name: str | None) -> bool:
    return bool(name) and any(name == o or name.startswith(o + "_") for o in INDEX_OBJECTS)


def search_filter(
    column, text: str, *, id_column=None, dialect: str = ""
) -> ColumnElement[bool] | None:
    """Every typed word must appear somewhere in the key (any order, any part).

    On SQLite, with ``id_column`` given, words of three characters or more are looked up
    in the ``patient_search`` trigram index (migration 0012); PostgreSQL answers the same
    LIKE from its pg_trgm index by itself. The matches are the same either way.
    """
    tokens = [tok for tok in (_token_forms(t) for t in fold(text).split()) if tok]
    indexed = [t for t in tokens if len(t) >= TRIGRAM] if dialect == "sqlite" else []
    clauses: list[ColumnElement[bool]] = [
        column.like(f"%{_escape_like(tok)}%", escape="\\") for tok in tokens if tok not in indexed
    ]
    if indexed and id_column is not None:
        # Each word a quoted phrase: a trigram phrase matches it as a substring, and
        # quoting keeps FTS5 syntax (AND, NEAR, *, ") in typed text literal.
        phrases = " AND ".join('"' + tok.replace('"', '""') + '"' for tok in indexed)
        matching = (
            select(literal_column("rowid"))
            .select_from(_FTS_TABLE)
            .where(literal_column("patient_search").op("MATCH")(bindparam("fts", phrases)))
        )
        clauses.insert(0, id_column.in_(matching))
    elif indexed:
        clauses += [column.like(f"%{_escape_like(tok)}%", escape="\\") for tok in indexed]
    if not clauses:
        return None
    return and_(*clauses)
