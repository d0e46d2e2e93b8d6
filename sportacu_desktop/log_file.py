"""The app's log: warnings and unexpected errors, in a rotating file, never patient data.

The file lives in the platform's log folder (``platformdirs.user_log_dir``), readable by
its owner only (file 0600, folder 0700), so that a bug in a desktop app started without a
console still leaves its traceback somewhere support can find it.

No patient data: an exception's message is never written (a database error repeats the
SQL parameters it failed on, a validation message quotes what was typed), only its type
and the traceback's frames (file, line, function, source line), with no local variables.
A ``UserError`` is a problem the user was shown and can fix, not a bug: it is not logged
at all. A log call's own text is a fixed sentence: pass it no patient data.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.errors import UserError

LOG_NAME = "sportacu.log"
# A few hundred tracebacks per file; five files are kept after rotation.
MAX_BYTES = 512 * 1024
BACKUP_COUNT = 5
LEVEL = logging.WARNING
FORMAT = "%(asctime)s %(levelname)s %(name)s pid=%(process)d: %(message)s"


def default_folder() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


CAUSE = "The above exception was the direct cause of the following exception:"
CONTEXT = "During handling of the above exception, another exception occurred:"


def describe_exception(exc: BaseException) -> str:
    """Type and frames of ``exc`` and of the exceptions it came from; never a message."""
    # Newest first, each with the sentence that links it to the next (newer) one.
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    relation = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, relation))
        if current.__cause__ is not None:
            current, relation = current.__cause__, CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, relation = current.__context__, CONTEXT
        else:
            current = None
    lines: list[str] = []
    for link, linked_by in reversed(chain):  # oldest first, as Python prints them
        lines.append("Traceback (most recent call last):")
        frames = traceback.StackSummary.extract(
            traceback.walk_tb(link.__traceback__), capture_locals=False
        )
        lines.extend(line.rstrip("\n") for line in frames.format())
        lines.append(_type_name(type(link)))
        if linked_by:
            lines += ["", linked_by, ""]
    return "\n".join(lines)


def _type_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


class NoMessagesFormatter(logging.Formatter):
    """Writes an exception's type and frames in place of Python's usual traceback."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have formatted this record first and cached its own
        # traceback text, messages included, on it: never reuse that text here.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # noqa: N802 - logging's own name
        return describe_exception(ei[1]) if ei[1] is not None else ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return stack_info


class DropUserErrors(logging.Filter):
    """A problem the user can fix was shown to them; it is not a bug and its words stay out."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], UserError))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file created 0600, so other local users cannot read it."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)  # an older file may have been created with a wider mode
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


_installed: PrivateRotatingFileHandler | None = None


def start_logging(folder: Path | None = None) -> Path:
    """Send warnings and errors of the whole app to the log file; returns its path.

    Called once at start by the desktop app and the command line; calling it again with
    another folder moves the log there (tests use that).
    """
    global _installed
    folder = folder or default_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    path = folder / LOG_NAME
    root = logging.getLogger()
    if _installed is not None:
        if Path(_installed.baseFilename) == path:
            return path
        stop_logging()
    handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setLevel(LEVEL)
    handler.setFormatter(NoMessagesFormatter(FORMAT))
    handler.addFilter(DropUserErrors())
    root.addHandler(handler)
    if root.level > LEVEL or root.level == logging.NOTSET:
        root.setLevel(LEVEL)
    logging.captureWarnings(True)
    _installed = handler
    return path


def stop_logging() -> None:
    global _installed
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        _installed.close()
        _installed = None
        logging.captureWarnings(False)


def log_path() -> Path | None:
    """Where the log is written, once ``start_logging`` ran."""
    return Path(_installed.baseFilename) if _installed is not None else None


def log_bug(exc: BaseException, what: str = "unexpected error") -> None:
    """Record a bug with its traceback (never its message)."""
    logging.getLogger("sportacu_desktop.bug").error(what, exc_info=exc)


def log_unhandled(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    log_bug(exc, "unhandled exception")
