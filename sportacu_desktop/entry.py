"""The ``sportacu`` program: opening the desktop app without loading the command line.

``sportacu`` alone (or ``sportacu [--db PATH] gui``) opens the desktop app. That path
must load as little as possible before the first window is painted, so it is recognised
here before the command line, its commands and the database layer are imported; every
other use goes to ``sportacu_desktop.cli``. Both report problems the same way
(``program.guarded``).
"""

import sys
from collections.abc import Sequence

from sportacu_desktop.program import guarded, open_desktop

NOT_THE_DESKTOP = object()  # the arguments ask for a command, not the desktop app


def desktop_database(args: Sequence[str]) -> object:
    """The ``--db`` of a desktop-app invocation (None when not given); NOT_THE_DESKTOP
    for anything else, which the command line's own parser then reads."""
    db: str | None = None
    rest = list(args)
    while rest and rest[0].startswith("--db"):
        option = rest.pop(0)
        if option == "--db" and rest:
            db = rest.pop(0)
        elif option.startswith("--db="):
            db = option.removeprefix("--db=")
        else:
            return NOT_THE_DESKTOP
    if rest and rest[0] == "gui":
        return desktop_database(rest[1:]) if len(rest) > 1 else db
    return NOT_THE_DESKTOP if rest else db


def command_names() -> tuple[str, ...]:
    from sportacu_desktop.cli import command_names as names

    return names()


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    db = desktop_database(args)
    if db is NOT_THE_DESKTOP:
        from sportacu_desktop.cli import main as command_line

        return command_line(args)
    return guarded(lambda: open_desktop(db, command_names))  # type: ignore[arg-type]
