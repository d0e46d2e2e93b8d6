"""The seal of a signed note: one SHA-256 over what was signed, kept in its signing event.

A signed note is its visit row (text, dates, the patient it belongs to, who signed),
its treatment and examination rows and, where the schema keeps them, its diagnoses as
they were at signing. Each part is a list of rows of plain values; the seal names the
parts it covers so a note signed before a part existed is checked over what it had.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

# The row layout of each part, as hashed. A new layout is a new version: seals already
# recorded keep naming the version they were made with.
SEAL_VERSION = "v1"
_SEAL = re.compile(r"\[sealed sha256 ([0-9a-f]{64}) over (v\d+):([a-z_,]+)\]")


@dataclass(frozen=True)
class Seal:
    digest: str
    version: str
    parts: tuple[str, ...]

    def text(self) -> str:
        return f"[sealed sha256 {self.digest} over {self.version}:{','.join(self.parts)}]"


_AS_IS = frozenset((str, int, type(None)))


def _plain(value):
    if type(value) in _AS_IS:  # nearly every value: the fast path
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def seal_of(parts: dict[str, list[tuple]], version: str = SEAL_VERSION) -> Seal:
    """The seal over ``parts`` (part name -> rows in their fixed order)."""
    names = tuple(sorted(parts))
    payload = json.dumps(
        [version, [[name, [[_plain(v) for v in row] for row in parts[name]]] for name in names]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return Seal(hashlib.sha256(payload.encode("utf-8")).hexdigest(), version, names)


def seal_in(detail: str) -> Seal | None:
    """The seal recorded in an audit event's detail, if it carries one."""
    found = _SEAL.search(detail or "")
    if found is None:
        return None
    return Seal(found.group(1), found.group(2), tuple(found.group(3).split(",")))
