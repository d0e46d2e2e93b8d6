"""The ICD-10-CM search index: one SQLite file with FTS5, built once from the CDC release.

Importing the release package costs about 1.3 s and 190 MB, far too slow for a search box,
so its content is copied once into ``resources/icd10cm.sqlite`` (``python -m
sportacu_desktop.storage.icd_index`` rebuilds it after a release update) and the app only
ever reads that file, read-only, through the standard library's sqlite3.
"""

import csv
import re
import sqlite3
import warnings
from functools import cache
from pathlib import Path

from sportacu_desktop.domain.catalog import RESOURCES
from sportacu_desktop.domain.icd import IcdEntry

INDEX_FILE = RESOURCES / "icd10cm.sqlite"
RUNNING_FILE = RESOURCES / "icd10cm_running.csv"
SCHEMA_VERSION = 1
KINDS = ("chapter", "block", "category", "subcategory", "extension")

# Codes are stored without their dot (it always follows the third character) and the
# seventh-character tables once each: the file is about a third of a naive layout.
_SCHEMA = """
CREATE TABLE seventh (id INTEGER PRIMARY KEY, meaning TEXT NOT NULL UNIQUE);
CREATE TABLE code (
    id INTEGER PRIMARY KEY,
    bare TEXT NOT NULL UNIQUE,    -- M7661
    description TEXT NOT NULL,    -- an extension keeps only what its 7th character adds
    parent_id INTEGER,
    kind INTEGER NOT NULL,        -- index into KINDS
    billable INTEGER NOT NULL,    -- a leaf: the only kind a claim accepts
    running INTEGER NOT NULL,     -- on the clinic's running-injury list
    seventh_id INTEGER            -- set when the children add a 7th character
);
CREATE INDEX code_parent ON code(parent_id);
CREATE TABLE running_terms (id INTEGER PRIMARY KEY, terms TEXT NOT NULL);
CREATE VIRTUAL TABLE code_text USING fts5(
    terms, content='', tokenize='unicode61 remove_diacritics 2'
);
"""


def with_dot(bare: str) -> str:
    return f"{bare[:3]}.{bare[3:]}" if len(bare) > 3 and "-" not in bare else bare


def _kind(release, code: str) -> str:
    if release.is_category(code):
        return "category"  # a few codes are both a block and a category
    if release.is_chapter(code):
        return "chapter"
    if release.is_block(code):
        return "block"
    if release.is_extended_subcategory(code):
        return "extension"
    return "subcategory"


def build(path: Path = INDEX_FILE) -> int:
    """Write the index from the installed ``simple-icd-10-cm`` release; returns code count."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as release

    running: dict[str, str] = {}
    with RUNNING_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            running.setdefault(row["code"], row["group"])
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA)
    ids: dict[str, int] = {}
    sevenths: dict[str, int] = {}
    for code in release.get_all_codes(with_dots=True):
        if code in ids:
            continue
        kind = _kind(release, code)
        description = release.get_description(code)
        parent = release.get_parent(code) or None
        if kind == "extension" and parent:
            description = description.removeprefix(release.get_description(parent) + ", ")
        seventh_id = None
        children = release.get_children(code)
        if children and all(release.is_extended_subcategory(c) for c in children):
            definition = release.get_seven_chr_def(code, search_in_ancestors=True)
            meaning = "; ".join(f"{k}: {v}" for k, v in definition.items())
            seventh_id = sevenths.setdefault(meaning, len(sevenths) + 1)
        ids[code] = len(ids) + 1
        db.execute(
            "INSERT INTO code VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ids[code],
                code.replace(".", ""),
                description,
                ids.get(parent) if parent else None,
                KINDS.index(kind),
                int(release.is_leaf(code) and kind not in ("chapter", "block")),
                int(code in running),
                seventh_id,
            ),
        )
        # Extensions are found through their parent (or by code) unless the clinic lists them.
        if kind != "extension" or code in running:
            inclusions = " ".join(release.get_inclusion_term(code)) if kind != "chapter" else ""
            words = f"{description} {inclusions} {running.get(code, '')}"
            if kind == "extension":
                words = f"{release.get_description(code)} {running[code]}"
            db.execute("INSERT INTO code_text(rowid, terms) VALUES (?, ?)", (ids[code], words))
            if code in running:
                db.execute("INSERT INTO running_terms VALUES (?, ?)", (ids[code], words))
    db.executemany("INSERT INTO seventh VALUES (?, ?)", [(i, m) for m, i in sevenths.items()])
    db.execute("INSERT INTO code_text(code_text) VALUES ('optimize')")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.commit()
    db.execute("VACUUM")
    db.close()
    return len(ids)


_WORD = re.compile(r"\w+", re.UNICODE)
_CODE_LIKE = re.compile(r"^[A-Za-z]\d[0-9A-Za-z]?\.?[0-9A-Za-z]{0,4}$")
_SELECT = """
SELECT c.bare,
       CASE WHEN c.kind = 4 THEN p.description || ', ' || c.description ELSE c.description END,
       p.bare, c.kind, c.billable, c.running, coalesce(s.meaning, '')
FROM code AS c
LEFT JOIN code AS p ON p.id = c.parent_id
LEFT JOIN seventh AS s ON s.id = c.seventh_id
"""
# The shortest word searched by prefix: one letter would match half the release.
MIN_WORD_PREFIX = 2
# How many best-ranked word hits are sorted (billable first) before the list is cut.
RANKED_HITS = 120
RANKED_CAP = 3000
RANKED_CAP_SHORT = 600


def looks_like_code(text: str) -> bool:
    return bool(_CODE_LIKE.match(text.strip()))


def _row(values) -> IcdEntry:
    bare, description, parent, kind, billable, running, seventh = values
    return IcdEntry(
        with_dot(bare),
        description,
        with_dot(parent) if parent else None,
        KINDS[kind],
        bool(billable),
        bool(running),
        seventh,
    )


class IcdIndex:
    """Read-only queries on the index file."""

    def __init__(self, path: Path = INDEX_FILE):
        if not path.exists():
            raise FileNotFoundError(f"The ICD-10-CM index {path} is missing.")
        # Opened read-only and never written, so any thread may ask.
        self._db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._running: list[tuple[str, set[str]]] | None = None

    def get(self, code: str) -> IcdEntry | None:
        found = self._db.execute(
            f"{_SELECT} WHERE c.bare = ?", (code.strip().upper().replace(".", ""),)
        ).fetchone()
        return _row(found) if found else None

    def children(self, code: str, limit: int = 200) -> list[IcdEntry]:
        rows = self._db.execute(
            f"{_SELECT} WHERE c.parent_id = (SELECT id FROM code WHERE bare = ?) "
            "ORDER BY c.bare LIMIT ?",
            (code.replace(".", ""), limit),
        )
        return [_row(r) for r in rows]

    def search(self, text: str, limit: int = 40) -> list[IcdEntry]:
        """Codes starting with a typed code, or whose words start with every typed word.

        The clinic's running-injury codes come first, then billable codes, then by rank.
        """
        text = text.strip()
        if not text:
            rows = self._db.execute(
                f"{_SELECT} WHERE c.running = 1 ORDER BY c.bare LIMIT ?", (limit,)
            )
            return [_row(r) for r in rows]
        found: list[IcdEntry] = []
        if looks_like_code(text):
            bare = text.upper().replace(".", "")
            rows = self._db.execute(
                f"{_SELECT} WHERE c.bare >= ? AND c.bare < ? AND c.kind > 1 "
                "ORDER BY c.running DESC, length(c.bare), c.bare LIMIT ?",
                (bare, bare + "~", limit),
            )
            found = [_row(r) for r in rows]
        words = _WORD.findall(text.lower())
        if words and len(found) < limit and len("".join(words)) >= MIN_WORD_PREFIX:
            match = " ".join(f'"{w}"*' for w in words)
            seen = {r.code for r in found}
            # A two-letter prefix matches a third of the release: rank fewer of its hits.
            cap = RANKED_CAP if max(map(len, words)) > 2 else RANKED_CAP_SHORT
            for row in [*self._running_hits(words), *self._ranked_hits(match, cap)]:
                if row.code not in seen:
                    seen.add(row.code)
                    found.append(row)
        return found[:limit]

    def _running_hits(self, words: list[str]) -> list[IcdEntry]:
        """The clinic's few running-injury codes, matched here rather than through FTS."""
        if self._running is None:
            rows = self._db.execute(
                "SELECT c.bare, r.terms FROM code AS c JOIN running_terms AS r ON r.id = c.id"
            )
            self._running = [(bare, set(_WORD.findall(terms.lower()))) for bare, terms in rows]
        bares = [
            bare
            for bare, terms in self._running
            if all(any(t.startswith(w) for t in terms) for w in words)
        ]
        if not bares:
            return []
        marks = ", ".join("?" * len(bares))
        rows = self._db.execute(f"{_SELECT} WHERE c.bare IN ({marks}) ORDER BY c.bare", bares)
        return [_row(r) for r in rows]

    def _ranked_hits(self, match: str, cap: int) -> list[IcdEntry]:
        # Ranking every hit of a common prefix ("ri") costs more than a frame, so only the
        # first hits are ranked then; the list is cut to a screenful anyway.
        rows = self._db.execute(
            f"{_SELECT} JOIN ("
            "  SELECT id, score FROM ("
            "    SELECT rowid AS id, rank AS score FROM code_text WHERE code_text MATCH ? LIMIT ?"
            "  ) ORDER BY score LIMIT ?"
            ") AS hit ON hit.id = c.id "
            "ORDER BY c.billable DESC, hit.score, length(c.bare)",
            (match, cap, RANKED_HITS),
        )
        return [_row(r) for r in rows]


@cache
def shared_index() -> IcdIndex:
    return IcdIndex()


if __name__ == "__main__":
    print(f"{build()} codes written to {INDEX_FILE}")
