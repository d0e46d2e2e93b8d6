"""ICD-10-CM rules: which codes a claim accepts and what to tell the practitioner otherwise.

The code set itself lives in the search index (``storage/icd_index.py``); these rules only
look at one entry and its children, so they stay pure.
"""

from dataclasses import dataclass

KINDS_NEVER_CHOSEN = ("chapter", "block")


@dataclass(frozen=True)
class IcdEntry:
    code: str  # with its dot: M76.61
    description: str
    parent: str | None
    kind: str  # chapter, block, category, subcategory, extension
    billable: bool  # a leaf: the only kind of code a claim accepts
    running: bool  # on the clinic's running-injury list
    seventh: str  # "A: initial encounter; D: ..." when a 7th character is still needed


def normalize(code: str) -> str:
    text = code.strip().upper().replace(" ", "")
    if len(text) > 3 and "." not in text and "-" not in text:
        text = f"{text[:3]}.{text[3:]}"
    return text


def _sides(children: list[IcdEntry]) -> list[str]:
    words = " ".join(c.description.lower() for c in children)
    return [side for side in ("right", "left", "bilateral") if side in words]


def hint(entry: IcdEntry, children: list[IcdEntry]) -> str:
    """What the practitioner still has to decide before this code can go on a claim."""
    if entry.billable:
        if "unspecified" in entry.description.lower() and entry.kind != "category":
            return "Unspecified: a more specific code is better when you know it."
        return ""
    if entry.seventh:
        return f"Add a 7th character — {entry.seventh}."
    sides = _sides(children)
    if sides:
        return f"Choose the side: {', '.join(sides)} or unspecified."
    return "Choose a more specific code below."


def choice_problem(code: str, entry: IcdEntry | None, children: list[IcdEntry]) -> str | None:
    """Why ``code`` cannot go on a claim, in words for the practitioner, or None."""
    code = normalize(code)
    if entry is None:
        return f"{code} is not an ICD-10-CM code."
    if entry.billable:
        return None
    if entry.kind in KINDS_NEVER_CHOSEN:
        return f"{code} is a range of codes, not a diagnosis: choose a code within it."
    examples = ", ".join(c.code for c in children[:4])
    such_as = f" such as {examples}" if examples else ""
    return (
        f"{code} is a category, not a billable code: choose a more specific one{such_as}. "
        f"{hint(entry, children)}"
    ).strip()
