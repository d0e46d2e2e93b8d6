"""``sportacu check``: the integrity of the database and of its audit trail."""

from sportacu_desktop.cli.common import OK, PROBLEM, existing_clinic


def register(commands, db) -> None:
    commands.add_parser(
        "check", parents=[db], help="check the database and the audit trail"
    ).set_defaults(handler=_check)


def _check(args) -> int:
    from sportacu_desktop.services.integrity import check_clinic

    report = check_clinic(existing_clinic(args.db))
    for line in report.passed:
        print(f"ok       {line}")
    for line in report.problems:
        print(f"PROBLEM  {line}")
    return OK if report.ok else PROBLEM
