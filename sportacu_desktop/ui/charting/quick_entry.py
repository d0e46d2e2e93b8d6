"""The one-line quick entries of the visit editor, read into the raw cells of a new row.

``ober r +`` is the Ober test on the right, positive; ``tfl r 2 ltr`` is two needles in the
right TFL with a local twitch response. Everything not recognised as a side, number or
keyword is the name, matched against the library (word prefixes, initials, or contained
text). Rows come back as the same strings the row widgets hold, so a quick entry and
typing into the row give identical drafts. No Qt here.
"""

import re
from collections.abc import Iterable

from sportacu_desktop.domain.catalog import muscles, normal_rom, special_tests
from sportacu_desktop.domain.enums import AdverseEventKind, Severity
from sportacu_desktop.domain.points import PointSyntaxError, parse_point
from sportacu_desktop.domain.text import fold


class QuickEntryError(ValueError):
    """The line could not be read; the message says what to type instead."""


SIDE_WORDS = {
    "r": "R",
    "rt": "R",
    "right": "R",
    "l": "L",
    "lt": "L",
    "left": "L",
    "b": "B",
    "bil": "B",
    "both": "B",
    "bilateral": "B",
}
RESULT_WORDS = {
    "+": "positive",
    "pos": "positive",
    "positive": "positive",
    "-": "negative",
    "neg": "negative",
    "negative": "negative",
    "±": "equivocal",
    "+/-": "equivocal",
    "eq": "equivocal",
    "equiv": "equivocal",
    "equivocal": "equivocal",
}
WAVEFORM_WORDS = {
    "c": "continuous",
    "cont": "continuous",
    "continuous": "continuous",
    "dd": "dense-disperse",
    "dense": "dense-disperse",
    "dense-disperse": "dense-disperse",
    "i": "intermittent",
    "int": "intermittent",
    "intermittent": "intermittent",
}
TECHNIQUE_WORDS = {"static": "static", "moving": "moving", "flash": "flash"}
CUP_TYPES = ("glass", "plastic", "silicone", "bamboo")
TWITCH_WORDS = {"ltr", "twitch", "lt+", "ltr+"}
ROM_ABBREVIATIONS = {
    "ir": "internal rotation",
    "er": "external rotation",
    "flex": "flexion",
    "ext": "extension",
    "abd": "abduction",
    "add": "adduction",
    "df": "dorsiflexion",
    "pf": "plantarflexion",
    "inv": "inversion",
    "ev": "eversion",
}
_INT = re.compile(r"^-?\d{1,3}$")
_MINUTES = re.compile(r"^(\d{1,3})(m|min|mins|')$")
_HZ = re.compile(r"^(\d{1,3}(?:\.\d)?(?:/\d{1,3}(?:\.\d)?)?)(hz)?$")
_MILLIAMPS = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)ma$")
_GRADE = re.compile(r"^([0-5])([+-]|/5)?$")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s(),/-]+", fold(text).lower()) if w]


def _initials(name: str) -> str:
    # "Fibularis (peroneus) longus" -> "fl": a parenthesised synonym is not a word of its own.
    plain = re.sub(r"\([^)]*\)", " ", name)
    return "".join(w[0] for w in _words(plain))


def _score(query: str, name: str) -> int:
    """How well ``query`` names ``name``: 0 no match, higher is better."""
    q, n = fold(query).lower().strip(), fold(name).lower()
    if not q:
        return 0
    if q == n:
        return 100
    q_words, n_words = _words(q), _words(n)
    position = 0
    for word in q_words:
        found = next((i for i in range(position, len(n_words)) if n_words[i].startswith(word)), -1)
        if found < 0:
            break
        position = found + 1
    else:
        return 80 if n.startswith(q_words[0]) else 60
    if len(q_words) == 1 and q == _initials(name):
        return 70
    return 30 if q in n else 0


def best_matches(query: str, names: Iterable[str]) -> list[str]:
    """Library names matching ``query``, best first; library order breaks ties."""
    scored = [(s, i, name) for i, name in enumerate(names) if (s := _score(query, name))]
    return [name for _s, _i, name in sorted(scored, key=lambda t: (-t[0], t[1]))]


def _take(tokens: list[str], table: dict[str, str]) -> str | None:
    for index, token in enumerate(tokens):
        if token.lower() in table:
            return table[tokens.pop(index).lower()]
    return None


def _take_match(tokens: list[str], pattern: re.Pattern) -> re.Match | None:
    for index, token in enumerate(tokens):
        match = pattern.match(token.lower())
        if match:
            tokens.pop(index)
            return match
    return None


def _name(tokens: list[str], library: Iterable[str], what: str) -> str:
    text = " ".join(tokens).strip()
    if not text:
        raise QuickEntryError(f"Type the {what} first, for example {_EXAMPLES[what]}.")
    found = best_matches(text, library)
    return found[0] if found else text[:1].upper() + text[1:]


_EXAMPLES = {
    "test": "“ober r +”",
    "muscle": "“tfl r 2 ltr”",
    "region": "“lateral thigh moving 4 8m”",
    "measure": "“hip ir 30 r”",
}


def test_names() -> list[str]:
    return [name for _region, name in special_tests()]


def parse_test(line: str) -> dict:
    tokens = line.split()
    result = _take(tokens, RESULT_WORDS) or ""
    side = _take(tokens, SIDE_WORDS) or "B"
    name = _name(tokens, test_names(), "test")
    region = next((r for r, n in special_tests() if n == name), "")
    return {"test_name": name, "side": side, "result": result, "note": "", "region": region}


def rom_names() -> list[str]:
    return [f"{joint} {motion.lower()}" for joint, motion in normal_rom()]


def parse_rom(line: str) -> dict:
    tokens = line.split()
    side = _take(tokens, SIDE_WORDS) or "B"
    degrees = _take_match(tokens, _INT)
    if degrees is None:
        raise QuickEntryError("Add the degrees measured, for example “hip ir 30 r”.")
    words = [ROM_ABBREVIATIONS.get(t.lower(), t) for t in tokens]
    name = _name(words, rom_names(), "measure")
    for joint, motion in normal_rom():
        if name == f"{joint} {motion.lower()}":
            return {"joint": joint, "motion": motion, "degrees": degrees[0], "side": side}
    joint, _, motion = name.partition(" ")
    motion = motion[:1].upper() + motion[1:]
    return {"joint": joint, "motion": motion, "degrees": degrees[0], "side": side}


def parse_muscle_test(line: str) -> dict:
    tokens = line.split()
    side = _take(tokens, SIDE_WORDS) or "B"
    grade = _take_match(tokens, _GRADE)
    if grade is None:
        raise QuickEntryError("Add the grade from 0 to 5, for example “glut med 4 r”.")
    return {"muscle": _name(tokens, muscles(), "muscle"), "grade": grade[1], "side": side}


def parse_dry_needling(line: str) -> dict:
    tokens = line.split()
    twitch = False
    for index, token in enumerate(tokens):
        if token.lower() in TWITCH_WORDS:
            tokens.pop(index)
            twitch = True
            break
    side = _take(tokens, SIDE_WORDS) or "B"
    needles = _take_match(tokens, _INT)
    return {
        "muscle": _name(tokens, muscles(), "muscle"),
        "side": side,
        "twitch_response": twitch,
        "needles": needles[0] if needles else "1",
    }


def _lead(token: str, position: int) -> str:
    try:
        entry = parse_point(token, position)
    except PointSyntaxError as exc:
        raise QuickEntryError(f"EA lead {exc}") from None
    return entry.code + (f"-{entry.side}" if entry.side in ("L", "R") else "")


def parse_electro(line: str) -> dict:
    tokens = line.split()
    if len(tokens) < 2:
        raise QuickEntryError("Type both leads of the pair, for example “GB31-R GB33-R 2/100”.")
    point_a, point_b = _lead(tokens.pop(0), 1), _lead(tokens.pop(0), 2)
    waveform = _take(tokens, WAVEFORM_WORDS)
    intensity = _take_match(tokens, _MILLIAMPS)
    minutes = _take_match(tokens, _MINUTES)
    hz = _take_match(tokens, _HZ)
    if minutes is None:
        minutes = _take_match(tokens, re.compile(r"^(\d{1,3})$"))
    if waveform is None:
        waveform = "dense-disperse" if hz and "/" in hz[1] else "continuous"
    tolerance = _take(tokens, {"tol": "to tolerance", "tolerance": "to tolerance"})
    return {
        "point_a": point_a,
        "point_b": point_b,
        "waveform": waveform,
        "frequency_hz": hz[1] if hz else ("2/100" if waveform == "dense-disperse" else "2"),
        "intensity": f"{intensity[1]} mA" if intensity else tolerance or "to tolerance",
        "minutes": minutes[1] if minutes else "20",
        "device": " ".join(tokens),
    }


def parse_cupping(line: str) -> dict:
    tokens = line.split()
    lowered = [t.lower() for t in tokens]
    kind = "cupping"
    if "gs" in lowered or "guasha" in lowered or ("gua" in lowered and "sha" in lowered):
        kind = "gua_sha"
        tokens = [t for t in tokens if t.lower() not in ("gs", "guasha", "gua", "sha")]
    tokens = [t for t in tokens if t.lower() not in ("cup", "cups", "cupping")]
    technique = ""
    for index, token in enumerate(tokens):
        found = [t for t in TECHNIQUE_WORDS if len(token) >= 3 and t.startswith(token.lower())]
        if found:
            technique = found[0]
            tokens.pop(index)
            break
    cup_type = _take(tokens, {t: t for t in CUP_TYPES}) or ""
    minutes = _take_match(tokens, _MINUTES)
    cups = _take_match(tokens, re.compile(r"^(\d{1,2})$"))
    region = " ".join(tokens).strip()
    if not region:
        raise QuickEntryError(f"Type the region first, for example {_EXAMPLES['region']}.")
    return {
        "kind": kind,
        "region": region[:1].upper() + region[1:],
        "cup_type": cup_type,
        "technique": technique or ("static" if kind == "cupping" else ""),
        "cups": cups[1] if cups and kind == "cupping" else "",
        "minutes": minutes[1] if minutes else "",
        "marks": "",
    }


def parse_adverse_event(line: str) -> dict:
    tokens = line.split()
    if not tokens:
        raise QuickEntryError("Type the event, for example “bruising mild pressure applied”.")
    kinds = {k.value: k.value for k in AdverseEventKind}
    kinds.update({k.value.replace("_", ""): k.value for k in AdverseEventKind})
    first = fold(tokens[0]).lower()
    kind = next((v for k, v in kinds.items() if len(first) >= 3 and k.startswith(first)), None)
    if kind is None:
        raise QuickEntryError(
            f"“{tokens[0]}” is not a kind of adverse event: use "
            + ", ".join(k.value.replace("_", " ") for k in AdverseEventKind)
            + "."
        )
    tokens.pop(0)
    severity = _take(tokens, {s.value: s.value for s in Severity}) or "mild"
    return {"kind": kind, "severity": severity, "action_taken": " ".join(tokens), "note": ""}
