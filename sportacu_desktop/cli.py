"""The command line: the same services as the desktop app, headless.

Exit status: 0 done; 1 a check found a problem; 2 bad usage or input (one line on stderr).
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from sportacu_desktop import __version__
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.storage.encryption import PASSPHRASE_ENV
from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path
from sportacu_desktop.storage.errors import StorageError, explain
from sportacu_desktop.storage.sqlite_files import remove_database_files

OK, PROBLEM, BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad usage or input: reported in one line, exit status 2, nothing written."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(message)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _seed(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None


def build_parser() -> argparse.ArgumentParser:
    db = _Parser(add_help=False)
    db.add_argument(
        "--db",
        metavar="PATH",
        # SUPPRESS: a subcommand without --db must not reset one given before it.
        default=argparse.SUPPRESS,
        help="clinic database file or URL (default: SPORTACU_DB, else the user's data folder)",
    )
    parser = _Parser(
        prog="sportacu",
        parents=[db],
        description="SportAcu Desktop: sports-acupuncture charting and billing.",
    )
    parser.add_argument("--version", action="version", version=f"sportacu {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.add_parser("gui", parents=[db], help="open the desktop app")
    init = commands.add_parser("init", parents=[db], help="create or upgrade the database")
    init.add_argument(
        "--encrypt",
        action="store_true",
        help=f"create it encrypted (passphrase from {PASSPHRASE_ENV}, else asked)",
    )
    demo = commands.add_parser(
        "demo", parents=[db], help="fill a new database with a realistic synthetic clinic"
    )
    demo.add_argument("--patients", type=_positive, default=200, metavar="N")
    demo.add_argument("--seed", type=_seed, default=7, metavar="S")
    patients = commands.add_parser("patients", parents=[db], help="list patients")
    patients.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help="name (any part, accents ignored), chart number, birth date or phone",
    )
    patients.add_argument("--json", action="store_true", help="print a JSON array")
    patients.add_argument("--active", action="store_true", help="leave out archived patients")
    commands.add_parser("check", parents=[db], help="check the database and the audit trail")
    importer = commands.add_parser("import", parents=[db], help="import records from a file")
    what = importer.add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser, required=True)
    patients_csv = what.add_parser("patients", parents=[db], help="patients from a UTF-8 CSV")
    patients_csv.add_argument("file", metavar="FILE.csv")
    patients_csv.add_argument(
        "--dry-run", action="store_true", help="check and report without writing"
    )
    _add_data_safety_commands(commands, db)
    return parser


def _add_data_safety_commands(commands, db) -> None:
    backup = commands.add_parser("backup", parents=[db], help="write a verified backup")
    backup.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    backup.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    restore = commands.add_parser(
        "restore", parents=[db], help="replace the database with a backup (copied aside first)"
    )
    restore.add_argument("--from", dest="source", required=True, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    for name, text in (
        ("encrypt", "encrypt the database with a passphrase (SQLCipher)"),
        ("decrypt", "store the database unencrypted again"),
    ):
        switch = commands.add_parser(name, parents=[db], help=text)
        switch.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _existing_clinic(db: str | None) -> Clinic:
    """Open a clinic that must already exist; reading commands never create a database."""
    url = resolve_database_url(db)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise UsageError(f"no clinic database at {path} (create one with 'sportacu init')")
    return Clinic.open(url, passphrase=_passphrase_if_encrypted(path))


def _passphrase_if_encrypted(path: Path | None) -> str | None:
    """SPORTACU_PASSPHRASE or the terminal, for an encrypted database file only."""
    from sportacu_desktop.cli_data import passphrase_if_encrypted

    return passphrase_if_encrypted(path)


def _cmd_init(args) -> int:
    url = resolve_database_url(args.db)
    path = sqlite_path(url)
    if args.encrypt:
        if path is None:
            raise UsageError("only a clinic database file is encrypted; a server protects its own")
        from sportacu_desktop.cli_data import cmd_init_encrypted

        clinic = cmd_init_encrypted(url, path)
    else:
        clinic = Clinic.open(url, passphrase=_passphrase_if_encrypted(path))
    where = sqlite_path(clinic.url) or clinic.engine.url.render_as_string(hide_password=True)
    if clinic.upgrade_backup:
        print(f"Upgraded {where}; the previous version was copied to {clinic.upgrade_backup}")
    else:
        print(f"Clinic database ready at {where}")
    return OK


def _cmd_demo(args) -> int:
    from sportacu_desktop.services.demo import ClinicNotEmpty, create_demo_clinic

    url = resolve_database_url(args.db)
    path = sqlite_path(url)
    created_here = path is not None and not path.exists()
    clinic = Clinic.open(url, passphrase=_passphrase_if_encrypted(path))
    try:
        summary = create_demo_clinic(
            clinic,
            command_line_actor(),
            patients=args.patients,
            seed=args.seed,
            progress=_progress_printer(),
        )
    except ClinicNotEmpty as exc:
        raise UsageError(str(exc)) from None
    except BaseException:
        clinic.close()
        if created_here and path is not None:
            remove_database_files(path)
        raise
    print(
        f"Demo clinic created: {summary.patients} patients, {summary.visits} visits, "
        f"{summary.contacts} care-team contacts."
    )
    return OK


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> bool:
        print(f"\r{done}/{total} patients", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)
        return True

    return show


def _cmd_patients(args) -> int:
    from sportacu_desktop.services.patients import PatientDirectory

    clinic = _existing_clinic(args.db)
    directory = PatientDirectory(clinic.session_factory, command_line_actor())
    rows = directory.listing(args.search, include_archived=not args.active)
    if args.json:
        json.dump([row.as_json() for row in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return OK
    for row in rows:
        archived = "  (archived)" if row.archived else ""
        print(
            f"{row.chart_number}  {row.display_name:<36} {row.date_of_birth.isoformat()}  "
            f"{row.phone}{archived}"
        )
    print(f"{len(rows)} patient{'' if len(rows) == 1 else 's'}", file=sys.stderr)
    return OK


def _cmd_check(args) -> int:
    from sportacu_desktop.services.integrity import check_clinic

    report = check_clinic(_existing_clinic(args.db))
    for line in report.passed:
        print(f"ok       {line}")
    for line in report.problems:
        print(f"PROBLEM  {line}")
    return OK if report.ok else PROBLEM


def _cmd_import(args) -> int:
    from sportacu_desktop.services.patient_import import ImportFileError, import_patients

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    clinic = _existing_clinic(args.db)
    try:
        report = import_patients(
            clinic.session_factory, command_line_actor(), data, dry_run=args.dry_run
        )
    except ImportFileError as exc:
        raise UsageError(str(exc)) from None
    for note in report.duplicates:
        print(f"skipped  {note}", file=sys.stderr)
    if not report.ok:
        for note in report.problems:
            print(f"error    {note}", file=sys.stderr)
        print(
            f"sportacu: {len(report.problems)} of {report.rows} rows have problems; "
            "nothing was imported",
            file=sys.stderr,
        )
        return BAD_INPUT
    if args.dry_run:
        print(
            f"Dry run: {len(report.ready)} patients would be imported, "
            f"{len(report.duplicates)} skipped as already registered; nothing was written."
        )
    else:
        print(
            f"Imported {len(report.created)} patients, {len(report.duplicates)} skipped as "
            "already registered."
        )
    return OK


def _cmd_data_safety(args) -> int:
    from sportacu_desktop import cli_data

    return getattr(cli_data, f"cmd_{args.command}")(args)


def _cmd_gui(args) -> int:
    from sportacu_desktop.ui.launch import run_gui

    return run_gui(args.db)


COMMANDS = {
    None: _cmd_gui,
    "gui": _cmd_gui,
    "init": _cmd_init,
    "demo": _cmd_demo,
    "patients": _cmd_patients,
    "check": _cmd_check,
    "import": _cmd_import,
    "backup": _cmd_data_safety,
    "restore": _cmd_data_safety,
    "encrypt": _cmd_data_safety,
    "decrypt": _cmd_data_safety,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        # --db is shared by the program and every command, and suppressed when absent so
        # neither resets the other (set_defaults would change the shared option's default).
        args.db = getattr(args, "db", None)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"sportacu: {exc}", file=sys.stderr)
        return BAD_INPUT
    except StorageError as exc:
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
