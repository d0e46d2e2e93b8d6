"""Reference data shipped in ``resources/``: points, codes, muscles, tests, protocols."""

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path


def _resources_folder() -> Path:
    """Installed, the data ships as ``sportacu_desktop.resources`` (setup.py maps the
    repository's top-level ``resources/`` there); a bare source tree reads it in place."""
    installed = Path(str(files("sportacu_desktop"))) / "resources"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "resources"


RESOURCES = _resources_folder()


@dataclass(frozen=True)
class Acupoint:
    code: str
    meridian: str
    meridian_name: str
    pinyin: str
    extra: bool


@dataclass(frozen=True)
class IcdCode:
    code: str
    description: str
    group: str


@dataclass(frozen=True)
class CptCode:
    code: str
    label: str
    kind: str
    notes: str


def _rows(name: str) -> list[dict[str, str]]:
    with (RESOURCES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def acupoints() -> dict[str, Acupoint]:
    return {
        row["code"]: Acupoint(
            row["code"],
            row["meridian"],
            row["meridian_name"],
            row["pinyin"],
            row["kind"] == "extra",
        )
        for row in _rows("acupoints.csv")
    }


@cache
def icd_codes() -> dict[str, IcdCode]:
    codes: dict[str, IcdCode] = {}
    for row in _rows("icd10cm_running.csv"):
        codes.setdefault(row["code"], IcdCode(row["code"], row["description"], row["group"]))
    return codes


@cache
def cpt_codes() -> dict[str, CptCode]:
    return {
        row["code"]: CptCode(row["code"], row["label"], row["kind"], row["notes"])
        for row in _rows("cpt_codes.csv")
    }


@cache
def muscles() -> tuple[str, ...]:
    return tuple(row["name"] for row in _rows("muscles.csv"))


@cache
def muscle_regions() -> dict[str, str]:
    """Muscle name -> body region ("Gastrocnemius" -> "Lower leg")."""
    return {row["name"]: row["region"] for row in _rows("muscles.csv")}


@cache
def special_tests() -> tuple[tuple[str, str], ...]:
    """(region, test name) pairs."""
    return tuple((row["region"], row["name"]) for row in _rows("special_tests.csv"))


@cache
def normal_rom() -> dict[tuple[str, str], int]:
    return {
        (row["joint"], row["motion"]): int(row["normal_degrees"])
        for row in _rows("range_of_motion.csv")
    }


@cache
def protocols() -> tuple[dict, ...]:
    with (RESOURCES / "protocols.json").open(encoding="utf-8") as handle:
        return tuple(json.load(handle))
