"""Asking on the terminal: passphrases and confirmations.

A passphrase comes from SPORTACU_PASSPHRASE or is asked on the terminal; with no terminal
and no variable the command stops with one line instead of waiting for input, and a
confirmation needs --yes.
"""

import getpass
import os
import sys
from pathlib import Path

from sportacu_desktop.cli.common import UsageError
from sportacu_desktop.storage.encryption import (
    PASSPHRASE_ENV,
    is_encrypted,
    passphrase_problem,
)

LOST_PASSPHRASE = (
    "Keep the passphrase safe: it is stored nowhere, and without it nobody (not even "
    "SportAcu support) can read this database or its backups."
)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask(prompt: str, *, secret: bool = True) -> str:
    """Read one answer from the terminal; end of input (Ctrl-D) changes nothing."""
    try:
        return getpass.getpass(prompt) if secret else input(prompt)
    except EOFError:
        print(file=sys.stderr)
        raise UsageError("no answer; nothing was changed") from None


def passphrase_for(path: Path) -> str:
    """The passphrase of an existing encrypted file: the variable, else the terminal."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not _interactive():
        raise UsageError(
            f"{path.name} is encrypted: set {PASSPHRASE_ENV} to its passphrase "
            "(there is no terminal to ask on)"
        )
    return _ask(f"Passphrase for {path.name}: ")


def passphrase_if_encrypted(path: Path | None) -> str | None:
    return passphrase_for(path) if path is not None and is_encrypted(path) else None


def new_passphrase(path: Path, variable: str = PASSPHRASE_ENV) -> str:
    """A passphrase to encrypt with: ``variable``, else asked twice on the terminal."""
    chosen = os.environ.get(variable)
    if not chosen:
        if not _interactive():
            raise UsageError(
                f"set {variable} to the new passphrase (there is no terminal to ask on)"
            )
        print(LOST_PASSPHRASE, file=sys.stderr)
        chosen = _ask(f"New passphrase for {path.name}: ")
        if _ask("The same passphrase again: ") != chosen:
            raise UsageError("the two passphrases differ; nothing was changed")
    problem = passphrase_problem(chosen)
    if problem:
        raise UsageError(problem)
    return chosen


def confirm(question: str, yes: bool, *, action: str) -> None:
    """Go ahead only with --yes, or a 'y' typed on the terminal."""
    if yes:
        return
    if not _interactive():
        raise UsageError(f"{action}: add --yes to confirm (there is no terminal to ask on)")
    answer = _ask(f"{question} [y/N] ", secret=False).strip().lower()
    if answer not in ("y", "yes"):
        raise UsageError("not confirmed; nothing was changed")
