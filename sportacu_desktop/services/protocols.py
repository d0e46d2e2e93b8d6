"""Protocol templates: the seed conditions shipped with the app plus the clinic's own."""

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.needling import NeedleDetails
from sportacu_desktop.domain.protocol_points import (
    AFFECTED,
    OPPOSITE,
    TemplatePoint,
    relative_side,
    template_points,
)
from sportacu_desktop.domain.safety import split_lead
from sportacu_desktop.domain.settings import (
    CUSTOM_PROTOCOLS,
    NEEDLE_GAUGE,
    NEEDLE_LENGTH_MM,
    NEEDLE_RETENTION_MINUTES,
    NEEDLE_TECHNIQUE,
)
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
    points: tuple[TemplatePoint, ...]
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
        """The problem sides it can be applied for: those with diagnoses, and left and
        right as well when some of its points go on the affected or opposite side."""
        sided = any(p.side in (AFFECTED, OPPOSITE) for p in self.points)
        return sorted(set(self.diagnoses) | ({"L", "R"} if sided else set()))

    @property
    def point_codes(self) -> str:
        return " ".join(point.code for point in self.points)


def _protocol(data: dict, builtin: bool) -> Protocol:
    """A template as stored; one that cannot be applied as written says which point and why."""
    name = str(data.get("name") or data.get("key") or "?")
    return Protocol(
        data["key"],
        data["name"],
        data["diagnoses"],
        tuple(data["tests"]),
        tuple(data["muscles"]),
        template_points(data.get("points"), name),
        tuple(data["electro"]),
        data.get("cupping"),
        data.get("recommendations", ""),
        builtin,
        data.get("plain_name", ""),
        data.get("homecare", ""),
    )


def apply_protocol(
    protocol: Protocol,
    side: str,
    content: VisitContent,
    needle: NeedleDetails | None = None,
) -> VisitContent:
    """Pre-fill a note; what the practitioner already charted stays, nothing is removed.

    Each point goes on the side the template gives it relative to the problem's ``side``;
    its technique and needle come from the template, else from ``needle`` (the defaults
    the practitioner sees for new points).
    """
    needle = needle or NeedleDetails()
    lead = f"-{side}" if side in ("L", "R") else ""
    limb_side = side if side in ("L", "R") else "B"
    have = {p.code for p in content.points}
    points = list(content.points)
    for point in protocol.points:
        if point.code in have:
            continue
        details = point.details(needle)
        points.append(
            PointRow(
                point.code,
                point.side_for(side),
                details.technique,
                details.gauge,
                details.length_mm,
                details.retention_minutes,
            )
        )
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

    def needle_defaults(self) -> NeedleDetails:
        """The clinic's needle for a new point (Admin ▸ Clinic ▸ Charting)."""
        with self._sessions() as session:
            return NeedleDetails(
                read_setting(session, NEEDLE_TECHNIQUE),
                read_setting(session, NEEDLE_GAUGE),
                read_setting(session, NEEDLE_LENGTH_MM),
                read_setting(session, NEEDLE_RETENTION_MINUTES),
            )

    def get(self, key: str) -> Protocol:
        for protocol in self.all():
            if protocol.key == key:
                return protocol
        raise NotFound(f"No protocol template {key!r}.")

    def save_from_note(
        self, name: str, content: VisitContent, *, diagnoses: list[str] | None = None
    ) -> Protocol:
        """The clinic's own template, taken from a note as charted.

        Sides are kept relative to the note's affected side (the side most of its one-sided
        points are on), so the template applies to either side later.
        """
        require(self._actor, CUSTOM_PROTOCOLS.action)
        name = name.strip()
        if not name or len(name) > 80:
            raise InvalidInput("Give the template a name of at most 80 characters.")
        affected = _affected_side(content)
        data = {
            "key": "custom-" + "".join(ch if ch.isalnum() else "-" for ch in name.lower()),
            "name": name,
            "diagnoses": {"B": list(diagnoses or [])},
            "tests": [t.test_name for t in content.tests],
            "muscles": [d.muscle for d in content.dry_needling],
            "points": [
                TemplatePoint(
                    p.code,
                    relative_side(p.side, affected),
                    p.technique,
                    p.gauge,
                    p.length_mm,
                    p.retention_minutes,
                ).as_data()
                for p in content.points
            ],
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
        protocol = _protocol(data, False)  # refuses what could not be applied later
        with self._sessions.begin() as session:
            custom = read_setting(session, CUSTOM_PROTOCOLS)
            existing = [p for p in custom if p["key"] != data["key"]]
            if any(p["key"] == data["key"] for p in catalog.protocols()):
                raise InvalidInput("A built-in template already has that name.")
            # The template is the act the trail records, not the setting holding it.
            write_setting(session, self._actor, CUSTOM_PROTOCOLS, existing + [data], audited=False)
            audit.record(session, self._actor, "create", entity="protocol", detail=name)
        return protocol


def _affected_side(content: VisitContent) -> str | None:
    one_sided = [p.side for p in content.points if p.side in ("L", "R")]
    if not one_sided:
        return None
    return max(("R", "L"), key=one_sided.count)
