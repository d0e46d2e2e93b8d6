"""Files that hold patient data are the user's alone: created 0600, in folders 0700.

Every writer of such a file goes through here: the database (SQLite then gives its
``-wal``, ``-shm`` and ``-journal`` files the main file's mode), backups and their
staging files, the safety copies kept before an upgrade, a restore or an encryption
switch (one of them the plain copy kept while encrypting), exported PDFs and CSVs.

On Windows, POSIX modes mean nothing: a file is private because it lives in the user's
own profile folders (``%LOCALAPPDATA%``, Documents), whose access lists admit only that
user and administrators. There the functions below create the same files and folders and
leave access to those inherited lists.
"""

import contextlib
import errno
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_POSIX = os.name == "posix"
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends


def _tighten(path: Path, mode: int) -> None:
    """Take group and other permissions away from a file or folder this user owns."""
    if not _POSIX:
        return
    try:
        status = path.stat()
        if status.st_uid == os.getuid() and status.st_mode & 0o077:
            path.chmod(status.st_mode & 0o700 | mode)
    except OSError:
        pass  # not ours to change (or gone): opening it will say what is wrong


def make_private_folder(folder: Path | str, *, own: bool = False) -> Path:
    """Create ``folder`` and any missing parents 0700. With ``own`` (a folder only the app
    uses, like its data folder or backup folder), an existing one is made private too;
    otherwise an existing folder chosen by the user (Documents, a USB drive) is left as
    it is."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            created.mkdir(mode=FOLDER_MODE)
        _tighten(created, FOLDER_MODE)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    if own:
        _tighten(folder, FOLDER_MODE)
    return folder


def create_private_file(path: Path | str) -> Path:
    """Make sure ``path`` exists and is 0600 before SQLite (or anyone) opens it.

    A missing file is created empty (SQLite treats an empty file as a new database); an
    existing one this user owns loses group and other permissions, as do its SQLite
    sidecars. SQLite creates ``-wal``, ``-shm`` and ``-journal`` with the main file's mode.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, FILE_MODE)
    except FileExistsError:
        tighten_database_files(path)
    else:
        os.close(descriptor)
        _tighten(path, FILE_MODE)  # a umask cannot add bits, but a prior file could
    return path


def tighten_database_files(path: Path | str) -> None:
    """Make an existing database file and its sidecars private (files written 0644 by
    an earlier version)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            _tighten(candidate, FILE_MODE)


def write_private_file(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, 0600: a half-written file never replaces a
    good one, and a reader never sees one. The folder must exist (it is the user's
    choice); OSError says why it could not be written."""
    path = Path(path)
    # mkstemp creates the file 0600 whatever the umask.
    descriptor, staged = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(staged, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        raise
    _tighten(path, FILE_MODE)
    return path


def copy_private_file(source: Path | str, target: Path | str) -> Path:
    """Copy ``source`` byte for byte into a new 0600 file at ``target``."""
    target = Path(target)
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, FILE_MODE)
    with os.fdopen(descriptor, "wb") as out, open(source, "rb") as given:
        while chunk := given.read(1 << 20):
            out.write(chunk)
    return target


@contextlib.contextmanager
def private_file_writer(path: Path | str):
    """A text file written piece by piece, 0600, that appears under ``path`` only when the
    block ends normally: a cancelled or failed writer leaves nothing under that name (and
    no staging file either)."""
    path = Path(path)
    descriptor, staged = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(staged, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        raise
    _tighten(path, FILE_MODE)
