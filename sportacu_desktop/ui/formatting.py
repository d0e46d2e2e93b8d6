"""How values read on screen: dates, sex, training phase, days to go, database location."""

from datetime import date
from urllib.parse import unquote, urlsplit

from sportacu_desktop.domain.enums import Sex, TrainingPhase

_SEX = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.OTHER: "Other", Sex.UNKNOWN: "Unknown"}


def format_date(value: date | None) -> str:
    # US clinics read and type dates month first; search accepts the same form.
    return value.strftime("%m/%d/%Y") if value else ""


def format_long_date(value: date) -> str:
    return f"{value.strftime('%a')} {format_date(value)}"


def format_sex(code: str) -> str:
    try:
        return _SEX[Sex(code)]
    except ValueError:
        return code


def format_phase(value: str) -> str:
    try:
        return TrainingPhase(value).value.capitalize()
    except ValueError:
        return value


def days_phrase(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural_form or word + 's'}"


def database_location(url: str) -> str:
    """A SQLite file's path, or a server database without its password."""
    if url.startswith("sqlite:"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        return path or "in memory"
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{unquote(parts.username)}@" if parts.username else ""
    return f"{user}{host}{port}{parts.path}"
