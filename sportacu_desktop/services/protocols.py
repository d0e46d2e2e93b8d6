"""Protocol templates: the seed conditions shipped with the app plus the clinic's own."""

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.points import is_midline, parse_points
from sportacu_desktop.domain.safety import split_lead
from sportacu_desktop.domain.settings import CUSTOM_PROTOCOLS
from sportacu_desktop.domain.visits import (
    CuppingEntry,
    DryNeedlingEntry,
    ElectroEntry,
    PointRow,
    SpecialTestEntry,
    VisitContent,
)
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.settings import read_setting, write_setting


@dataclass(frozen=True)
class Protocol:
    key: str
    name: str
    diagnoses: dict[str, list[str]]  # side (R/L/B) -> ICD-10-CM codes, primary first
    tests: tuple[str, ...]
    muscles: tuple[str, ...]
    points: str
    electro: tuple[dict, ...]
    cupping: dict | None
    recommendations: str
    builtin: bool
    # The patient's home-care sheet: the condition in plain words and the default text the
    # practitioner edits before printing.
    plain_name: str = ""
    homecare: str = ""

    @property
    def sides(self) -> list[str]:
        return sorted(self.diagnoses)


def _protocol(data: dict, builtin: bool) -> Protocol:
    return Protocol(
        data["key"],
        data["name"],
        data["diagnoses"],
        tuple(data["tests"]),
        tuple(data["muscles"]),
        data["points"],
        tuple(data["electro"]),
        data.get("cupping"),
        data.get("recommendations", ""),
        builtin,
        data.get("plain_name", ""),
        data.get("homecare", ""),
    )


def apply_protocol(protocol: Protocol, side: str, content: VisitContent) -> VisitContent:
    """Pre-fill a note; what the practitioner already charted stays, nothing is removed."""
    lead = f"-{side}" if side in ("L", "R") else ""
    limb_side = side if side in ("L", "R") else "B"
    have = {p.code for p in content.points}
    points = list(content.points) + [
        PointRow(e.code, "M" if is_midline(e.code) else limb_side)
        for e in parse_points(protocol.points)
        if e.code not in have
    ]
    tests_done = {t.test_name for t in content.tests}
    tests = list(content.tests) + [
        SpecialTestEntry(name, limb_side) for name in protocol.tests if name not in tests_done
    ]
    muscles_done = {d.muscle for d in content.dry_needling}
    needling = list(content.dry_needling) + [
        DryNeedlingEntry(m, limb_side if limb_side != "B" else "B")
        for m in protocol.muscles
        if m not in muscles_done
    ]
    electro = list(content.electro) + [
        ElectroEntry(
            e["a"] + lead, e["b"] + lead, e["waveform"], e["hz"], "to tolerance", e["minutes"]
        )
        for e in protocol.electro
    ]
    cupping = list(content.cupping)
    if protocol.cupping and not cupping:
        cupping.append(
            CuppingEntry(
                protocol.cupping["region"], "cupping", technique=protocol.cupping["technique"]
            )
        )
    side_word = {"R": ", right", "L": ", left"}.get(side, "")
    return replace(
        content,
        points=tuple(points),
        tests=tuple(tests),
        dry_needling=tuple(needling),
        electro=tuple(electro),
        cupping=tuple(cupping),
        assessment=content.assessment or f"{protocol.name}{side_word}.",
        recommendations=content.recommendations or protocol.recommendations,
    )


def diagnoses_for(protocol: Protocol, side: str) -> list[tuple[str, str]]:
    codes = protocol.diagnoses.get(side) or next(iter(protocol.diagnoses.values()))
    known = catalog.icd_codes()
    return [(code, known[code].description if code in known else "") for code in codes]


def all_protocols(session: Session) -> list[Protocol]:
    """The shipped templates, then the clinic's own."""
    custom = read_setting(session, CUSTOM_PROTOCOLS)
    return [_protocol(p, True) for p in catalog.protocols()] + [_protocol(p, False) for p in custom]


class Protocols:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def all(self) -> list[Protocol]:
        with self._sessions() as session:
            return all_protocols(session)

    def get(self, key: str) -> Protocol:
        for protocol in self.all():
            if protocol.key == key:
                return protocol
        raise NotFound(f"No protocol template {key!r}.")

    def save_from_note(
        self, name: str, content: VisitContent, *, diagnoses: list[str] | None = None
    ) -> Protocol:
        """The clinic's own template, taken from a note as charted (sides dropped)."""
        require(self._actor, CUSTOM_PROTOCOLS.action)
        name = name.strip()
        if not name or len(name) > 80:
            raise InvalidInput("Give the template a name of at most 80 characters.")
        data = {
            "key": "custom-" + "".join(ch if ch.isalnum() else "-" for ch in name.lower()),
            "name": name,
            "diagnoses": {"B": list(diagnoses or [])},
            "tests": [t.test_name for t in content.tests],
            "muscles": [d.muscle for d in content.dry_needling],
            "points": " ".join(p.code for p in content.points),
            "electro": [
                {
                    "a": split_lead(e.point_a)[0],
                    "b": split_lead(e.point_b)[0],
                    "waveform": e.waveform,
                    "hz": e.frequency_hz,
                    "minutes": e.minutes,
                }
                for e in content.electro
            ],
            "cupping": (
                {
                    "region": content.cupping[0].region,
                    "technique": content.cupping[0].technique or "static",
                }
                if content.cupping
                else None
            ),
            "recommendations": content.recommendations,
            "homecare": content.recommendations,
        }
        with self._sessions.begin() as session:
            custom = read_setting(session, CUSTOM_PROTOCOLS)
            existing = [p for p in custom if p["key"] != data["key"]]
            if any(p["key"] == data["key"] for p in catalog.protocols()):
                raise InvalidInput("A built-in template already has that name.")
            # The template is the act the trail records, not the setting holding it.
            write_setting(session, self._actor, CUSTOM_PROTOCOLS, existing + [data], audited=False)
            audit.record(session, self._actor, "create", entity="protocol", detail=name)
        return _protocol(data, False)
