"""Field checks with messages a receptionist understands. No I/O, no Qt."""

import re
from dataclasses import dataclass, field
from datetime import date

from sportacu_desktop.domain.identifiers import npi_problem
from sportacu_desktop.domain.text import digits_only

_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI"
)
US_STATES = frozenset(_STATE_CODES.split())
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
OLDEST_BIRTH_YEAR = 1900


@dataclass
class FieldErrors(Exception):
    """Every problem found in one form, keyed by field name, so none is lost or hidden."""

    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str | None) -> None:
        if message and name not in self.errors:
            self.errors[name] = message

    def raise_if_any(self) -> None:
        if self.errors:
            raise self

    def __str__(self) -> str:
        return "; ".join(f"{name}: {message}" for name, message in self.errors.items())


def parse_date(text: str) -> date:
    """YYYY-MM-DD or MM/DD/YYYY; ValueError with a readable message otherwise."""
    value = text.strip()
    match = _ISO_DATE.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _US_DATE.match(value)
        if not match:
            raise ValueError(f"“{value}” is not a date: write it as YYYY-MM-DD or MM/DD/YYYY.")
        month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"“{value}” is not a real calendar date.") from None


def birth_date_problem(value: date | None, today: date) -> str | None:
    if value is None:
        return "Enter the date of birth."
    if value > today:
        return "The date of birth cannot be in the future."
    if value.year < OLDEST_BIRTH_YEAR:
        return f"The date of birth is before {OLDEST_BIRTH_YEAR}: check the year."
    return None


def normalize_phone(text: str) -> str:
    """(207) 555-0142 for a 10-digit US number; anything else is returned trimmed."""
    digits = digits_only(text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return text.strip()


def phone_problem(text: str) -> str | None:
    if not text.strip():
        return None
    digits = digits_only(text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or re.search(r"[A-Za-z]", text):
        return "A phone number has 10 digits, like (207) 555-0142."
    if digits[0] in "01":
        return "A US area code cannot start with 0 or 1."
    return None


def email_problem(text: str) -> str | None:
    if not text.strip():
        return None
    if not _EMAIL.match(text.strip()):
        return "This email address looks incomplete (it needs a name, @ and a domain)."
    return None


def state_problem(text: str) -> str | None:
    if not text.strip():
        return None
    if text.strip().upper() not in US_STATES:
        return "Use the two-letter US state code, like ME or MA."
    return None


def zip_problem(text: str) -> str | None:
    if not text.strip():
        return None
    if not _ZIP.match(text.strip()):
        return "A ZIP code has 5 digits (or ZIP+4: 04101-1234)."
    return None


def optional_npi_problem(text: str) -> str | None:
    return npi_problem(text) if text.strip() else None


def required(text: str, what: str) -> str | None:
    return None if text.strip() else f"Enter the {what}."


def length_problem(text: str, limit: int, what: str) -> str | None:
    return f"The {what} is too long (at most {limit} characters)." if len(text) > limit else None


# Characters that change how the text around them is displayed without showing
# themselves: after a right-to-left override the rest of a name displays backwards, and
# zero-width ones make two names that look the same compare different.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ZERO_WIDTH = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")


def hidden_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The invisible control characters in ``text`` as U+XXXX codes, in order, once each.

    Free text (``multiline``) may keep zero-width joiners, which some scripts and emoji
    need; direction overrides are refused everywhere.
    """
    refused = BIDI_CONTROLS if multiline else BIDI_CONTROLS | ZERO_WIDTH
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text if ch in refused))


def storable_problem(text: str, what: str, *, multiline: bool = False) -> str | None:
    """Control characters (NUL above all), invisible direction or zero-width characters
    and broken Unicode cannot be stored or printed."""
    allowed = "\t\n\r" if multiline else ""
    bad = any((ord(ch) < 32 or ord(ch) == 127) and ch not in allowed for ch in text)
    if not bad:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            bad = True
    if bad:
        return f"The {what} contains characters that cannot be stored or printed."
    hidden = hidden_characters(text, multiline=multiline)
    if hidden:
        return (
            f"The {what} contains invisible characters ({', '.join(hidden)}) that can make it "
            "read differently from what it says: retype it without them."
        )
    return None


def text_problems(
    values: dict[str, str], errors: FieldErrors, *, multiline: frozenset[str] = frozenset()
) -> None:
    """Add a storable-text error for every field in ``values`` that needs one."""
    for name, text in values.items():
        if isinstance(text, str):
            errors.add(
                name, storable_problem(text, name.replace("_", " "), multiline=name in multiline)
            )
