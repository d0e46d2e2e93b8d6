"""The command line: the same services as the desktop app, headless.

One module per area registers its commands; ``COMMAND_MODULES`` is the table of them.
Exit status: 0 done; 1 a check found a problem; 2 bad usage or input (one line on stderr,
nothing written).
"""

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from sportacu_desktop import __version__
from sportacu_desktop.cli import data_safety, episodes, integrity, patients, setup
from sportacu_desktop.cli.common import BAD_INPUT, OK, Parser
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.storage.errors import StorageError, explain

# The order here is the order of `sportacu --help`.
COMMAND_MODULES = (setup, patients, episodes, integrity, data_safety)


def build_parser() -> argparse.ArgumentParser:
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        # --db is shared by the program and every command, and suppressed when absent so
        # neither resets the other (set_defaults would change the shared option's default).
        args.db = getattr(args, "db", None)
        return args.handler(args)
    except (UserError, StorageError) as exc:
        print(f"sportacu: {exc}", file=sys.stderr)
        return BAD_INPUT
    except SQLAlchemyError as exc:
        reason = explain(exc)
        if reason is None:
            raise
        print(f"sportacu: {reason}", file=sys.stderr)
        return BAD_INPUT
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of ours.
        sys.stderr.close()
        return OK
    except KeyboardInterrupt:
        print("sportacu: interrupted; nothing was saved by the interrupted step", file=sys.stderr)
        return 130
