"""The command line's two kinds of failure: a problem the user can fix (exit 2, its words,
not logged) and a bug (exit 70, one line naming the log file, the traceback in the log)."""

import os
import stat
import subprocess
import sys
import textwrap

PATIENT = "Zebulon Quackenbush"

# The real entry point, with one service made to fail the way a bug or a user problem does.
FAILING_CHECK = textwrap.dedent(
    """
    import sys
    import sportacu_desktop.services.integrity as area
    from sportacu_desktop.domain.errors import Conflict

    def broken(clinic):
        if sys.argv[1] == "bug":
            raise KeyError("chart of {patient}")
        raise Conflict("The note of {patient} is being signed on another workstation.")

    area.check_clinic = broken
    from sportacu_desktop.cli import main
    sys.exit(main(["check", "--db", sys.argv[2]]))
    """
).format(patient=PATIENT)


def run_check(kind: str, db, state) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", FAILING_CHECK, kind, str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_STATE_HOME": str(state)},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_a_bug_is_one_line_and_a_private_log_entry(tmp_path, sqlite_url):
    from sportacu_desktop.services.context import Clinic

    Clinic.open(sqlite_url).close()
    db = tmp_path / "clinic.db"
    result = run_check("bug", db, tmp_path / "state")
    log = tmp_path / "state" / "SportAcu Desktop" / "log" / "sportacu.log"
    assert result.returncode == 70
    assert result.stderr == (
        "sportacu: something went wrong (KeyError) and the command stopped. "
        f"The details were written to {log}.\n"
    )
    text = log.read_text(encoding="utf-8")
    assert "ERROR sportacu_desktop.bug" in text and "in broken" in text and "\nKeyError\n" in text
    assert PATIENT not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_a_problem_the_user_can_fix_is_said_as_it_is_and_not_logged(tmp_path, sqlite_url):
    from sportacu_desktop.services.context import Clinic

    Clinic.open(sqlite_url).close()
    result = run_check("user", tmp_path / "clinic.db", tmp_path / "state")
    assert result.returncode == 2
    assert result.stderr == (
        f"sportacu: The note of {PATIENT} is being signed on another workstation.\n"
    )
    log = tmp_path / "state" / "SportAcu Desktop" / "log" / "sportacu.log"
    assert not log.exists() or PATIENT not in log.read_text(encoding="utf-8")
