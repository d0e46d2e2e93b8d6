"""Opening the app and creating a clinic: gui, init, demo."""

import sys
from pathlib import Path

from sportacu_desktop.cli.common import (
    OK,
    UsageError,
    counter_progress,
    positive,
    whole_number,
)
from sportacu_desktop.cli.terminal import (
    LOST_PASSPHRASE,
    new_passphrase,
    passphrase_for,
    passphrase_if_encrypted,
)
from sportacu_desktop.program import open_desktop
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.storage.encryption import PASSPHRASE_ENV, is_encrypted
from sportacu_desktop.storage.engine import resolve_database_url, sqlite_path
from sportacu_desktop.storage.sqlite_files import remove_database_files


def register(commands, db) -> None:
    commands.add_parser("gui", parents=[db], help="open the desktop app").set_defaults(handler=gui)
    init = commands.add_parser("init", parents=[db], help="create or upgrade the database")
    init.add_argument(
        "--encrypt",
        action="store_true",
        help=f"create it encrypted (passphrase from {PASSPHRASE_ENV}, else asked)",
    )
    init.set_defaults(handler=_init)
    demo = commands.add_parser(
        "demo", parents=[db], help="fill a new database with a realistic synthetic clinic"
    )
    demo.add_argument("--patients", type=positive, default=200, metavar="N")
    demo.add_argument("--seed", type=whole_number, default=7, metavar="S")
    demo.set_defaults(handler=_demo)


def gui(args) -> int:
    # The desktop app is loaded only by the command that opens it: the rest of the
    # command line stays headless.
    from sportacu_desktop.cli import command_names

    return open_desktop(args.db, command_names)


def _init(args) -> int:
    url = resolve_database_url(args.db)
    path = sqlite_path(url)
    if args.encrypt:
        if path is None:
            raise UsageError("only a clinic database file is encrypted; a server protects its own")
        clinic = _init_encrypted(url, path)
    else:
        clinic = Clinic.open(url, passphrase=passphrase_if_encrypted(path))
    where = sqlite_path(clinic.url) or clinic.engine.url.render_as_string(hide_password=True)
    if clinic.upgrade_backup:
        print(f"Upgraded {where}; the previous version was copied to {clinic.upgrade_backup}")
    else:
        print(f"Clinic database ready at {where}")
    return OK


def _init_encrypted(url: str, path: Path) -> Clinic:
    """``init --encrypt``: create an encrypted database, or open an encrypted one."""
    if path.exists() and path.stat().st_size > 0:
        if not is_encrypted(path):
            raise UsageError(
                f"{path} already exists unencrypted: encrypt it with 'sportacu encrypt'"
            )
        return Clinic.open(url, passphrase=passphrase_for(path))
    clinic = Clinic.open(url, passphrase=new_passphrase(path))
    print(LOST_PASSPHRASE, file=sys.stderr)
    return clinic


def _demo(args) -> int:
    from sportacu_desktop.services.demo import ClinicNotEmpty, create_demo_clinic

    url = resolve_database_url(args.db)
    path = sqlite_path(url)
    created_here = path is not None and not path.exists()
    clinic = Clinic.open(url, passphrase=passphrase_if_encrypted(path))
    try:
        summary = create_demo_clinic(
            clinic,
            command_line_actor(),
            patients=args.patients,
            seed=args.seed,
            progress=counter_progress("patients"),
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
