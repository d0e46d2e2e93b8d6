"""The audit trail's head, remembered outside the database file.

Anyone holding the database file can delete the newest audit events: the chain that
remains is still whole. So this computer remembers, in the user's data folder, the last
event it saw of each clinic's trail (keyed by the database's identity and where the
database is, so a copy elsewhere has its own record), and ``sportacu check`` compares:
a trail that is now shorter, or whose remembered event is no longer the same, was cut or
rewritten. Every backup's
manifest carries the head too. Restoring a backup through the app moves the anchor back
on purpose and says so in the trail.
"""

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from sportacu_desktop import APP_NAME
from sportacu_desktop.storage.audit import AuditEvent, DatabaseIdentity
from sportacu_desktop.storage.private_files import make_private_folder

log = logging.getLogger(__name__)
_PENDING = "sportacu_audit_head"
# Identities whose anchor disagreed with the database in this process: the anchor is
# then left as it was, as evidence for ``check``, instead of being moved forward.
_diverged: set[str] = set()
_confirmed: set[str] = set()


@dataclass(frozen=True)
class Anchor:
    identity: str
    head_id: int
    head_hash: str
    recorded_at: str
    database: str


def anchor_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "audit-anchors"


def _file(identity: str) -> Path:
    return anchor_folder() / f"{identity[:40]}.json"


def read_anchor(identity: str) -> Anchor | None:
    try:
        data = json.loads(_file(identity).read_text(encoding="utf-8"))
        found = Anchor(
            data["identity"],
            int(data["head_id"]),
            data["head_hash"],
            data.get("recorded_at", ""),
            data.get("database", ""),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if found.identity == identity else None


def write_anchor(
    identity: str, head_id: int, head_hash: str, database: str = "", *, force: bool = False
) -> bool:
    """Remember the head; only forward unless ``force`` (a restore). True if written."""
    current = read_anchor(identity)
    if current is not None and not force and current.head_id >= head_id:
        return False
    make_private_folder(anchor_folder(), own=True)
    payload = {
        "identity": identity,
        "head_id": head_id,
        "head_hash": head_hash,
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database,
    }
    target = _file(identity)
    # Not fsynced: this runs after every commit that audits something, and an anchor lost
    # to a power cut is only an older one, which check still accepts.
    descriptor, staged = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(payload, handle)
        os.replace(staged, target)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise
    return True


def location_of(session: Session) -> str:
    """The database file (however it is opened, plain or encrypted), or the server's URL."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return str(Path(url.database).resolve())
    return url.render_as_string(hide_password=True)


def identity_of(session: Session) -> str | None:
    """The key of this database's anchor: its identity and where it is (None: no identity)."""
    identity = session.scalar(select(DatabaseIdentity.id).limit(1))
    if identity is None:
        return None
    return hashlib.sha256(f"{identity}\n{location_of(session)}".encode()).hexdigest()


def note_head(session: Session, head_id: int, head_hash: str) -> None:
    """Called as events are appended: the anchor moves once the transaction commits."""
    identity = identity_of(session)
    if identity is None:
        return
    if identity not in _confirmed and identity not in _diverged:
        anchored = read_anchor(identity)
        if anchored is not None and anchored.head_id < head_id:
            seen = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == anchored.head_id))
            if seen != anchored.head_hash:
                _diverged.add(identity)
        elif anchored is not None:
            _diverged.add(identity)  # the trail is shorter than this computer saw it
        if identity not in _diverged:
            _confirmed.add(identity)
    session.info[_PENDING] = (identity, head_id, head_hash, location_of(session))


def forget_divergence(identity: str) -> None:
    """After a restore, the anchor was reset on purpose: follow the trail again."""
    _diverged.discard(identity)
    _confirmed.add(identity)


@event.listens_for(Session, "after_commit")
def _move_anchor(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None or pending[0] in _diverged:
        return
    try:
        write_anchor(*pending)
    except OSError as exc:  # the commit stands; check still compares with the older anchor
        log.warning("could not remember the audit trail's head: %s", exc.strerror)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
