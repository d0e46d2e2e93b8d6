"""The command line: the same services as the desktop app, headless.

One module per area registers its commands; ``COMMAND_MODULES`` is the table of them.
Exit status: 0 done; 1 a check found a problem; 2 bad usage or input (one line on stderr,
nothing written); 70 a bug (one line on stderr, the traceback in the log file).
"""

import argparse
from collections.abc import Sequence

from sportacu_desktop import __version__
from sportacu_desktop.cli import (
    billing,
    data_safety,
    disclosures,
    episodes,
    exports,
    integrity,
    patients,
    setup,
    summaries,
)
from sportacu_desktop.cli.common import Parser
from sportacu_desktop.program import guarded

# The order here is the order of `sportacu --help`.
COMMAND_MODULES = (
    setup,
    patients,
    episodes,
    billing,
    summaries,
    disclosures,
    exports,
    integrity,
    data_safety,
)


def build_parser() -> argparse.ArgumentParser:
    parser, _names = _parser_and_command_names()
    return parser


def command_names() -> tuple[str, ...]:
    """Every COMMAND the parser accepts, in the order of `sportacu --help`."""
    _parser, names = _parser_and_command_names()
    return names


def _parser_and_command_names() -> tuple[argparse.ArgumentParser, tuple[str, ...]]:
    db = Parser(add_help=False)
    db.add_argument(
        "--db",
        metavar="PATH",
        # SUPPRESS: a subcommand without --db must not reset one given before it.
        default=argparse.SUPPRESS,
        help="clinic database file or URL (default: SPORTACU_DB, else the user's data folder)",
    )
    parser = Parser(
        prog="sportacu",
        parents=[db],
        description="SportAcu Desktop: sports-acupuncture charting and billing.",
    )
    parser.add_argument("--version", action="version", version=f"sportacu {__version__}")
    parser.set_defaults(handler=setup.gui)  # no command: open the desktop app
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(commands, db)
    return parser, tuple(commands.choices)


def main(argv: Sequence[str] | None = None) -> int:
    return guarded(lambda: _run_command(argv))


def _run_command(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    # --db is shared by the program and every command, and suppressed when absent so
    # neither resets the other (set_defaults would change the shared option's default).
    args.db = getattr(args, "db", None)
    return args.handler(args)
