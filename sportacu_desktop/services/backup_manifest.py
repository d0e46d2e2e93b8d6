"""Each backup's manifest: its SHA-256, written beside it when it is made, and stale parts.

The integrity check of a SQLite file proves its structure, not its content: sixteen bytes
changed inside a record pass it. The manifest's checksum proves the backup is byte for
byte what was written and checked; a restore verifies it before touching anything. The
manifest also carries the audit trail's end at the time of the backup, a second record
of it outside the database file.

A backup being written is a hidden ``.NAME.partial-PID`` file; a backup killed halfway
leaves one behind. They are removed once their process is gone.
"""

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sportacu_desktop.storage.errors import StorageError
from sportacu_desktop.storage.private_files import write_private_file

SUFFIX = ".sha256.json"
FORMAT = 1
_PARTIAL = re.compile(r"^\..+\.partial-(\d+)(?:-wal|-shm|-journal)?$")


class ChecksumMismatch(StorageError):
    """The backup's bytes are not the ones its manifest records."""


class ChecksumMissing(StorageError):
    """No manifest beside the backup: nothing proves it unchanged."""


@dataclass(frozen=True)
class Manifest:
    sha256: str
    size: int
    written_at: str
    audit_head_id: int | None
    audit_head_hash: str | None


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + SUFFIX)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(copy: Path, backup: Path, audit_head: tuple[int, str] | None) -> Path:
    """Write the manifest of ``copy`` (the checked file that becomes ``backup``)."""
    payload = {
        "format": FORMAT,
        "file": backup.name,
        "size": copy.stat().st_size,
        "sha256": sha256_of(copy),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "audit_head": {"id": audit_head[0], "hash": audit_head[1]} if audit_head else None,
    }
    return write_private_file(manifest_path(backup), json.dumps(payload, indent=1).encode())


def read_manifest(backup: Path) -> Manifest | None:
    path = manifest_path(backup)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        head = data.get("audit_head") or {}
        return Manifest(
            str(data["sha256"]),
            int(data["size"]),
            str(data.get("written_at", "")),
            head.get("id"),
            head.get("hash"),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ChecksumMismatch(
            f"The checksum file beside the backup {backup.name} is damaged, so the backup "
            "cannot be proved unchanged."
        ) from None


def verify_checksum(backup: Path) -> Manifest:
    """The backup's manifest, once its bytes proved to match. Raises ChecksumMissing or
    ChecksumMismatch."""
    manifest = read_manifest(backup)
    if manifest is None:
        raise ChecksumMissing(
            f"The backup {backup.name} has no checksum file ({manifest_path(backup).name}) "
            "beside it, so nothing proves it unchanged since it was made."
        )
    if backup.stat().st_size != manifest.size or sha256_of(backup) != manifest.sha256:
        raise ChecksumMismatch(
            f"The backup {backup.name} was changed or damaged after it was made: its "
            "content no longer matches the checksum written with it. Choose another backup."
        )
    return manifest


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False  # alive, under another user (or we cannot tell: leave it)
    return False


def remove_stale_partials(folder: Path) -> list[Path]:
    """Delete the unfinished backups of processes that no longer run."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        found = _PARTIAL.match(path.name)
        if found is None or not _process_gone(int(found.group(1))):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
