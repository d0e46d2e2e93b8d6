"""Encryption at rest with SQLCipher: detect it, open with a passphrase, switch it on or off.

An encrypted clinic database is a SQLCipher 4 file: every page is AES-256 encrypted with a
key derived from the passphrase, so the file has no SQLite header and no readable text.
The passphrase is never stored anywhere: a lost passphrase cannot be recovered, and the
data can then be read only from an unencrypted backup.
"""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sportacu_desktop.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    PassphraseRequired,
    StorageError,
    WrongPassphrase,
    explain,
)
from sportacu_desktop.storage.locations import SQLITE_HEADER as SQLITE_HEADER  # re-exported
from sportacu_desktop.storage.locations import is_encrypted
from sportacu_desktop.storage.private_files import create_private_file
from sportacu_desktop.storage.sqlite_files import (
    fsync_file,
    integrity_problems,
    online_copy,
    remove_database_files,
    replace_file,
    table_counts,
    take_exclusive,
)

MIN_PASSPHRASE_LENGTH = 8
PASSPHRASE_ENV = "SPORTACU_PASSPHRASE"


def sqlcipher():
    """The SQLCipher DB-API module (the ``sqlcipher3`` package), imported on first use."""
    try:
        import sqlcipher3
    except ImportError:
        raise StorageError(
            "Encrypted databases need the sqlcipher3-wheels package, which is not installed."
        ) from None
    return sqlcipher3


def driver_errors(encrypted: bool) -> tuple[type[Exception], ...]:
    """The exception classes a raw connection to a plain or encrypted file can raise."""
    return (sqlite3.Error, sqlcipher().Error) if encrypted else (sqlite3.Error,)


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is not acceptable, or None."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"The passphrase must have at least {MIN_PASSPHRASE_LENGTH} characters."
    if "\x00" in passphrase:
        return "The passphrase cannot contain a NUL character."
    if passphrase.strip() != passphrase:
        return "The passphrase cannot start or end with a space."
    return None


def sql_string(text: str) -> str:
    """``text`` as an SQL string literal (PRAGMA key takes no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def apply_key(connection, passphrase: str) -> None:
    """Key a fresh SQLCipher connection, with SQLCipher's own stderr logging silenced.

    Call it before anything reads the file; errors then surface as exceptions only.
    """
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {sql_string(passphrase)}")


def connect_file(
    path: Path | str,
    passphrase: str | None = None,
    *,
    must_exist: bool = True,
    timeout: float = 5.0,
):
    """A raw DB-API connection to a SQLite file, keyed if ``passphrase`` is given, in
    autocommit mode, proved readable. Errors come out as StorageError subclasses."""
    path = Path(path)
    if must_exist and not path.is_file():
        raise StorageError(f"There is no database file at {path}.")
    if not must_exist:
        create_private_file(path)
    if passphrase is None:
        module = sqlite3
        connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    else:
        module = sqlcipher()
        connection = module.connect(str(path), timeout=timeout, isolation_level=None)
        apply_key(connection, passphrase)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as exc:
        connection.close()
        raise unreadable(path, exc, keyed=passphrase is not None) from None
    return connection


def unreadable(path: Path, exc: BaseException, *, keyed: bool) -> StorageError:
    """The plain-words error for a database file that SQLite refused to read."""
    text = str(exc).lower()
    if "not a database" in text:
        if keyed:
            return WrongPassphrase(
                f"The passphrase is wrong: {path.name} could not be unlocked "
                "(or the file is not a SportAcu database)."
            )
        if is_encrypted(path):
            return PassphraseRequired(f"{path.name} is encrypted: its passphrase is needed.")
    reason = explain(exc) or f"{path} cannot be read: {exc}."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseDamaged(reason)
    if "locked" in text or "busy" in text:
        return DatabaseLocked(reason)
    return StorageError(reason)


# -- switching encryption on and off ------------------------------------------------------


def encrypt_file(path: Path, passphrase: str) -> Path:
    """Encrypt the plain database at ``path`` in place. Returns the safety copy (plain!)."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise StorageError(problem)
    if is_encrypted(path):
        raise StorageError(f"{path.name} is already encrypted.")
    return _convert(path, source_key=None, target_key=passphrase, label="encrypt")


def decrypt_file(path: Path, passphrase: str) -> Path:
    """Store the encrypted database at ``path`` unencrypted. Returns the (encrypted) safety
    copy."""
    if not is_encrypted(path):
        raise StorageError(f"{path.name} is not encrypted.")
    return _convert(path, source_key=passphrase, target_key=None, label="decrypt")


def rekey_file(path: Path, current: str, new: str) -> Path:
    """Re-encrypt the database at ``path`` with a ``new`` passphrase. Returns the safety
    copy, still encrypted with the ``current`` one."""
    problem = passphrase_problem(new)
    if problem:
        raise StorageError(problem)
    if new == current:
        raise StorageError("The new passphrase is the same as the current one.")
    if not is_encrypted(path):
        raise StorageError(f"{path.name} is not encrypted.")
    return _convert(path, source_key=current, target_key=new, label="new-passphrase")


def safety_copy_path(path: Path, label: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return path.with_name(f"{path.stem}.before-{label}-{stamp}{path.suffix or '.db'}")


def _convert(path: Path, *, source_key: str | None, target_key: str | None, label: str) -> Path:
    """sqlcipher_export the database into a new file with the other key, verify it, keep
    a safety copy of the original, then swap the new file in."""
    module = sqlcipher()
    # Proved readable, and nobody else's, through the driver the app itself uses for this
    # file: two SQLite libraries in one process do not see each other's locks. So the
    # caller must have closed its own clinic connections to this file first.
    probe = connect_file(path, source_key, timeout=0.5)
    try:
        take_exclusive(probe, path)
    finally:
        probe.close()
    connection = module.connect(str(path), timeout=1.0, isolation_level=None)
    staged = path.with_name(f".{path.name}.{label}-staged")
    safety = safety_copy_path(path, label)
    remove_database_files(staged)
    try:
        create_private_file(staged)
        create_private_file(safety)
        if source_key is not None:
            apply_key(connection, source_key)
        before = table_counts(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        # sqlcipher_export copies tables, not the header: the app's mark goes along too.
        mark = connection.execute("PRAGMA application_id").fetchone()[0]
        connection.execute("ATTACH DATABASE ? AS converted KEY ?", (str(staged), target_key or ""))
        connection.execute("SELECT sqlcipher_export('converted')").fetchone()
        connection.execute(f"PRAGMA converted.user_version = {int(version)}")
        connection.execute(f"PRAGMA converted.application_id = {int(mark)}")
        connection.execute("DETACH DATABASE converted")
        _verify(staged, target_key, before)
        # The original, kept byte-for-byte equivalent through the backup API.
        copy = module.connect(str(safety), isolation_level=None)
        try:
            if source_key is not None:
                apply_key(copy, source_key)
            connection.execute("BEGIN")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            online_copy(connection, copy)
            connection.execute("ROLLBACK")
        finally:
            copy.close()
        fsync_file(safety)
    except BaseException as exc:
        connection.close()
        remove_database_files(staged)
        remove_database_files(safety)
        if isinstance(exc, (OSError, module.Error)):
            reason = getattr(exc, "strerror", None) or str(exc)
            raise StorageError(
                f"{path.name} could not be converted ({reason}); nothing changed."
            ) from None
        raise
    connection.close()
    replace_file(staged, path)
    return safety


def _verify(path: Path, passphrase: str | None, expected: dict[str, int]) -> None:
    check = connect_file(path, passphrase)
    try:
        problems = integrity_problems(check)
        counts = table_counts(check)
    finally:
        check.close()
    if problems or counts != expected:
        detail = "; ".join(problems[:3]) or "row counts differ from the original"
        raise StorageError(f"The converted database did not verify ({detail}); nothing changed.")


def passphrase_to_use(path: Path | None, passphrase: str | None) -> str | None:
    """Check a passphrase against the database it is meant for, before anything is opened.

    ``path`` is the database file (None for a server database). An encrypted file needs
    one; a plain existing file must not get one (it would not be used: switching
    encryption on is ``encrypt_file``); a new file given one is created encrypted.
    """
    if not passphrase:
        passphrase = None
    if path is None:
        if passphrase is not None:
            raise StorageError(
                "A server database is not encrypted with a passphrase: the server protects it."
            )
        return None
    if is_encrypted(path):
        if passphrase is None:
            raise PassphraseRequired()
        return passphrase
    if passphrase is None:
        return None
    if path.exists() and path.stat().st_size > 0:
        raise StorageError(
            f"{path.name} is not encrypted, so it takes no passphrase "
            "(switch encryption on with 'sportacu encrypt')."
        )
    problem = passphrase_problem(passphrase)
    if problem:
        raise StorageError(problem)
    return passphrase
