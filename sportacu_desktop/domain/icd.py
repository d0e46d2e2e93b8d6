"""ICD-10-CM codes: the running-injury list first, the full CDC release for anything else."""

import warnings
from functools import cache

from sportacu_desktop.domain.catalog import icd_codes


@cache
def _full_release():
    # About 1.3 s and 190 MB: loaded only when a code outside the clinic's list is typed.
    with warnings.catch_warnings():
        # The package reads its data with a deprecated importlib.resources call.
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def normalize(code: str) -> str:
    text = code.strip().upper().replace(" ", "")
    if len(text) > 3 and "." not in text:
        text = f"{text[:3]}.{text[3:]}"
    return text


def describe(code: str) -> str:
    code = normalize(code)
    if code in icd_codes():
        return icd_codes()[code].description
    release = _full_release()
    return release.get_description(code) if release.is_valid_item(code) else ""


def icd_problem(code: str) -> str | None:
    """Why ``code`` cannot go on a claim, in words for the practitioner, or None."""
    code = normalize(code)
    if code in icd_codes():
        return None
    release = _full_release()
    if not release.is_valid_item(code):
        return f"{code} is not an ICD-10-CM code."
    if not release.is_leaf(code):
        children = [c for c in release.get_children(code)][:4]
        hint = f" such as {', '.join(children)}" if children else ""
        return f"{code} is a category, not a billable code: choose a more specific one{hint}."
    return None


def suggestions(text: str, limit: int = 20) -> list[tuple[str, str]]:
    """Type-ahead over the clinic's running-injury codes by code or words."""
    needle = text.strip().lower()
    found = [
        (c.code, c.description)
        for c in icd_codes().values()
        if needle in c.code.lower() or needle in c.description.lower() or needle in c.group.lower()
    ]
    return found[:limit]
