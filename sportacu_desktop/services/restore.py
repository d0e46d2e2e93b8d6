"""Restoring a clinic database file from a backup, and finding the newest good backup.

Nothing is touched until the backup has proved itself (the SHA-256 in its manifest,
integrity check, a SportAcu database at a schema revision this app knows). Then the
current database is copied aside (the safety copy), the backup's content replaces it
while no other connection has it open, and an older schema is upgraded.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import anchor
from sportacu_desktop.services.backup import (
    SYSTEM_ACTOR,
    Progress,
    cancellable,
    database_file,
    record_event,
)
from sportacu_desktop.services.backup_manifest import (
    ChecksumMismatch,
    ChecksumMissing,
    verify_checksum,
)
from sportacu_desktop.services.context import Actor, Clinic, require
from sportacu_desktop.storage.audit import AuditEvent
from sportacu_desktop.storage.encryption import (
    connect_file,
    driver_errors,
    is_encrypted,
    safety_copy_path,
)
from sportacu_desktop.storage.engine import resolve_database_url
from sportacu_desktop.storage.errors import (
    DatabaseDamaged,
    PassphraseRequired,
    StorageError,
    WrongPassphrase,
)
from sportacu_desktop.storage.private_files import make_private_folder
from sportacu_desktop.storage.schema import head_revision, known_revisions
from sportacu_desktop.storage.sqlite_files import (
    byte_copy,
    fsync_file,
    integrity_problems,
    online_copy,
    remove_database_files,
    replace_file,
    take_exclusive,
)


class BackupUnusable(StorageError):
    """The file is missing, not a SportAcu backup, damaged, or from a newer app."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    encrypted: bool
    revision: str
    patients: int
    visits: int
    modified: datetime  # the file's modification time, local
    checksum_verified: bool = True  # False only when accepted without a manifest

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != head_revision()


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    backup: BackupInfo
    safety_copy: Path | None  # the database as it was, None if there was none
    upgrade_copy: Path | None  # made when the backup's schema was upgraded


def inspect_backup(
    path: Path | str,
    passphrase: str | None = None,
    *,
    thorough: bool = True,
    unverified_ok: bool = False,
) -> BackupInfo:
    """Prove a backup usable: byte for byte what was written (the SHA-256 in its
    manifest), readable (with its passphrase if encrypted), sound (integrity check, or
    the quick check when not ``thorough``), a SportAcu database at a known schema
    revision. A backup without a manifest (made before backups had one) passes only with
    ``unverified_ok``. Raises BackupUnusable, PassphraseRequired, WrongPassphrase."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise BackupUnusable(f"There is no backup file at {path}.")
    encrypted = is_encrypted(path)
    if encrypted and not passphrase:
        raise PassphraseRequired(f"The backup {path.name} is encrypted: its passphrase is needed.")
    try:
        connection = connect_file(path, passphrase if encrypted else None)
    except DatabaseDamaged:
        raise BackupUnusable(f"{path} is not a SportAcu backup, or it is damaged.") from None
    errors = driver_errors(encrypted)
    try:
        problems = integrity_problems(connection, "integrity_check" if thorough else "quick_check")
        if problems:
            raise BackupUnusable(f"The backup {path.name} is damaged ({problems[0]}).")
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            patients = connection.execute("SELECT count(*) FROM patient").fetchone()[0]
            visits = connection.execute("SELECT count(*) FROM visit").fetchone()[0]
        except errors:
            raise BackupUnusable(f"{path.name} is not a SportAcu backup.") from None
    except errors as exc:
        raise BackupUnusable(f"The backup {path.name} is damaged ({exc}).") from None
    finally:
        connection.close()
    if revision is None:
        raise BackupUnusable(f"{path.name} is not a SportAcu backup (it has no schema version).")
    if revision[0] not in known_revisions():
        raise BackupUnusable(
            f"The backup {path.name} was made by a newer SportAcu Desktop; update the app first."
        )
    verified = True
    try:
        verify_checksum(path)
    except ChecksumMismatch as exc:
        raise BackupUnusable(str(exc)) from None
    except ChecksumMissing as exc:
        if not unverified_ok:
            raise BackupUnusable(
                f"{exc} Restore it only if you trust it (sportacu restore --no-checksum)."
            ) from None
        verified = False
    return BackupInfo(
        path=path.resolve(),
        encrypted=encrypted,
        revision=revision[0],
        patients=patients,
        visits=visits,
        modified=datetime.fromtimestamp(path.stat().st_mtime),
        checksum_verified=verified,
    )


def latest_good_backup(
    folder: Path | str, passphrase: str | None = None, *, limit: int = 30
) -> BackupInfo | None:
    """The newest backup in ``folder`` (by file time) that passes ``inspect_backup``'s
    quick check; encrypted ones count only with their ``passphrase``."""
    try:
        candidates = [
            p
            for p in Path(folder).expanduser().iterdir()
            if p.suffix == ".db" and not p.name.startswith(".") and p.is_file()
        ]
    except OSError:
        return None
    candidates.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates[:limit]:
        try:
            return inspect_backup(path, passphrase, thorough=False)
        except StorageError:
            continue
    return None


def restore_from(
    clinic_url: str | None,
    backup_file: Path | str,
    *,
    passphrase: str | None = None,
    current_passphrase: str | None = None,
    actor: Actor | None = None,
    progress: Progress | None = None,
    unverified_ok: bool = False,
) -> RestoreResult:
    """Replace the clinic database at ``clinic_url`` (a path or URL) with a backup.

    ``passphrase`` unlocks an encrypted backup; ``current_passphrase`` (default: the same)
    the current database, for its safety copy. The restored database is encrypted exactly
    when the backup is. Every connection to the database must be closed first, the
    caller's own included. ``actor`` must be an admin (None: the app itself).

    ``progress(done, total)`` follows the copy of the backup; returning False cancels it
    (BackupCancelled) before the database is touched.

    Raises ServerBackupsOnly, BackupUnusable, PassphraseRequired, WrongPassphrase,
    DatabaseInUse; in every case before anything was written.
    """
    url = resolve_database_url(clinic_url)
    live = database_file(url)
    if actor is not None:
        require(actor, Action.RESTORE_BACKUP)
    source = Path(backup_file).expanduser().resolve()
    if source == live.resolve():
        raise BackupUnusable("That is the clinic database itself: choose a backup file.")
    info = inspect_backup(source, passphrase, unverified_ok=unverified_ok)
    key = passphrase if info.encrypted else None
    current_key = current_passphrase if current_passphrase is not None else passphrase
    make_private_folder(live.parent)
    _make_sure_nobody_else_has(live, current_key)
    unwritable: tuple[type[Exception], ...] = (OSError, *driver_errors(info.encrypted))

    staged = live.with_name(f".{live.name}.restore-staged")
    remove_database_files(staged)
    try:
        backup = connect_file(source, key)
        try:
            copy = connect_file(staged, key, must_exist=False)
            try:
                online_copy(backup, copy, progress=cancellable(progress))
            finally:
                copy.close()
        finally:
            backup.close()
        safety = _safety_copy(live, current_key)
        replace_file(staged, live)
    except unwritable as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StorageError(f"The restore could not be written beside {live}: {reason}.") from None
    finally:
        remove_database_files(staged)

    clinic = Clinic.open(url, passphrase=key)
    try:
        record_event(
            clinic,
            actor or SYSTEM_ACTOR,
            "restore",
            f"from {source} (schema {info.revision}, "
            + ("checksum verified" if info.checksum_verified else "no checksum: accepted as is")
            + f"); safety copy: {safety or 'none'}"
            + _anchor_note(clinic),
        )
        _move_anchor_back(clinic)
    finally:
        clinic.close()
    return RestoreResult(live, info, safety, clinic.upgrade_backup)


def _anchor_note(clinic: Clinic) -> str:
    """What the restore does to this computer's record of the audit trail, for the trail."""
    with clinic.session_factory() as session:
        identity = anchor.identity_of(session)
    seen = anchor.read_anchor(identity) if identity else None
    if seen is None:
        return ""
    return (
        f"; this computer had seen the trail up to event {seen.head_id}: it continues from "
        "the backup's events instead (events after the backup are in the safety copy)"
    )


def _move_anchor_back(clinic: Clinic) -> None:
    """A restore shortens the trail on purpose: remember its new end, recorded above."""
    with clinic.session_factory() as session:
        identity = anchor.identity_of(session)
        chain_head = session.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).first()
        location = anchor.location_of(session)
    if identity is None or chain_head is None:
        return
    anchor.write_anchor(identity, chain_head.id, chain_head.hash, location, force=True)
    anchor.forget_divergence(identity)


def _readable(live: Path, passphrase: str | None):
    """A connection to the current database, or None when it cannot be read (damaged,
    or encrypted with a passphrase we were not given)."""
    if not live.exists() or live.stat().st_size == 0:
        return None
    encrypted = is_encrypted(live)
    if encrypted and not passphrase:
        return None
    try:
        return connect_file(live, passphrase if encrypted else None, timeout=0.5)
    except (DatabaseDamaged, PassphraseRequired, WrongPassphrase):
        return None


def _make_sure_nobody_else_has(live: Path, passphrase: str | None) -> None:
    connection = _readable(live, passphrase)
    if connection is None:
        return  # nothing there, or unreadable: it is replaced whole, its bytes kept aside
    try:
        take_exclusive(connection, live)
    finally:
        connection.close()


def _safety_copy(live: Path, passphrase: str | None) -> Path | None:
    """The current database, kept beside it: through the online backup API when it can
    be read, byte for byte when it cannot (a damaged file, an unknown passphrase)."""
    if not live.exists() or live.stat().st_size == 0:
        return None
    target = safety_copy_path(live, "restore")
    connection = _readable(live, passphrase)
    if connection is None:
        byte_copy(live, target)
        return target
    key = passphrase if is_encrypted(live) else None
    unreadable: tuple[type[Exception], ...] = (StorageError, *driver_errors(key is not None))
    try:
        copy = connect_file(target, key, must_exist=False)
        try:
            connection.execute("BEGIN")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            online_copy(connection, copy)
        finally:
            copy.close()
    except unreadable:
        # Damage the first read did not reach: keep the bytes instead.
        remove_database_files(target)
        byte_copy(live, target)
    finally:
        connection.close()
    fsync_file(target)
    return target
