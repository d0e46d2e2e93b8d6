"""ICD-10-CM search and checks over the shipped index: the search box, the CLI, episodes.

Reference data only (no patient data, no permission needed): every call reads the
read-only index file and hands back frozen ``IcdEntry`` objects.
"""

from dataclasses import dataclass

from sportacu_desktop.domain.icd import IcdEntry, choice_problem, hint, normalize
from sportacu_desktop.storage.icd_index import shared_index

SEARCH_LIMIT = 40


@dataclass(frozen=True)
class IcdMatch:
    entry: IcdEntry
    hint: str  # what is still to decide ("Choose the side: right, left…"), or ""

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def description(self) -> str:
        return self.entry.description

    @property
    def billable(self) -> bool:
        return self.entry.billable

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "description": self.description,
            "billable": self.billable,
            "running": self.entry.running,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class IcdDetail:
    """One code with why it cannot be chosen (if so) and the codes under it."""

    entry: IcdEntry
    problem: str | None
    children: tuple[IcdMatch, ...]


def search(text: str, limit: int = SEARCH_LIMIT) -> list[IcdMatch]:
    index = shared_index()
    return [
        IcdMatch(e, hint(e, [] if e.billable else index.children(e.code, limit=20)))
        for e in index.search(text, limit)
    ]


def detail(code: str) -> IcdDetail | None:
    index = shared_index()
    entry = index.get(normalize(code))
    if entry is None:
        return None
    children = index.children(entry.code)
    return IcdDetail(
        entry,
        choice_problem(entry.code, entry, children),
        tuple(IcdMatch(c, hint(c, index.children(c.code, limit=20))) for c in children),
    )


def icd_problem(code: str) -> str | None:
    """Why ``code`` cannot go on a claim, in words for the practitioner, or None."""
    index = shared_index()
    code = normalize(code)
    entry = index.get(code)
    return choice_problem(code, entry, index.children(code, limit=4) if entry else [])


def describe(code: str) -> str:
    entry = shared_index().get(normalize(code))
    return entry.description if entry else ""
