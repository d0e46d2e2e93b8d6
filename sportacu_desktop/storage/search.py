"""How a patient's search key is built and how typed text turns into SQL filters."""

import re
from datetime import date

from sqlalchemy import ColumnElement, and_, bindparam, func, literal_column, select, table
from sqlalchemy.orm import Session

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


# A trigram index answers words of three characters or more. It pays when the words are
# selective ("nguy", "zoe"); a word most keys hold ("207", "sa-00") returns thousands of ids
# that cost more to collect and sort than a scan, which the covering index
# ``ix_patient_search_order`` keeps narrow and already in name order. A probe of the index
# (a tenth of a millisecond) picks the way; both find the same patients.
TRIGRAM = 3
SELECTIVE = 1000
_FTS_TABLE = table("patient_search")
# Made by migration 0012 outside the ORM models: the FTS5 table (with the shadow tables
# FTS5 makes, patient_search_*), its triggers, the covering index for scans and
# PostgreSQL's trigram index.
INDEX_OBJECTS = ("patient_search", "ix_patient_search_key_trgm", "ix_patient_search_order")


def is_search_index(name: str | None) -> bool:
    if not name:
        return False
    return any(name == o or name.startswith(o + "_") for o in INDEX_OBJECTS)


def _phrases(words: list[str]) -> str:
    # Each word a quoted phrase: a trigram phrase matches it as a substring, and quoting
    # keeps FTS5 syntax (AND, NEAR, *, ") in typed text literal.
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def _index_matches(phrases: str):
    return (
        select(literal_column("rowid"))
        .select_from(_FTS_TABLE)
        .where(literal_column("patient_search").op("MATCH")(bindparam("fts", phrases)))
    )


def _selective(session: Session, phrases: str) -> bool:
    probe = select(func.count()).select_from(_index_matches(phrases).limit(SELECTIVE).subquery())
    return (session.scalar(probe, {"fts": phrases}) or 0) < SELECTIVE


def search_filter(
    column, text: str, *, id_column=None, session: Session | None = None
) -> ColumnElement[bool] | None:
    """Every typed word must appear somewhere in the key (any order, any part).

    On SQLite, given ``id_column`` and the ``session`` the query runs in, selective words of
    three characters or more are looked up in the ``patient_search`` trigram index
    (migration 0012); PostgreSQL answers the same LIKE from its pg_trgm index by itself.
    """
    words = [word for word in (_token_forms(t) for t in fold(text).split()) if word]
    indexed: list[str] = []
    long_words = [word for word in words if len(word) >= TRIGRAM]
    if (
        long_words
        and id_column is not None
        and session is not None
        and session.get_bind().dialect.name == "sqlite"
        and _selective(session, _phrases(long_words))
    ):
        indexed = long_words
    clauses: list[ColumnElement[bool]] = [
        column.like(f"%{_escape_like(word)}%", escape="\\") for word in words if word not in indexed
    ]
    if indexed:
        clauses.insert(0, id_column.in_(_index_matches(_phrases(indexed))))
    if not clauses:
        return None
    return and_(*clauses)
