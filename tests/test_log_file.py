"""The log file: warnings and bugs with their tracebacks, private, and no patient data."""

import logging
import stat
import warnings

import pytest

from sportacu_desktop import log_file
from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.log_file import log_bug, start_logging, stop_logging

# A name that could only reach the file by copying a message or a local variable.
PATIENT = "Zebulon Quackenbush"
CHART = "A-0042"


@pytest.fixture
def log_folder(tmp_path):
    folder = tmp_path / "state" / "log"
    yield folder
    stop_logging()


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def look_up_patient(chart: str) -> None:
    patient_name = PATIENT  # a local variable the traceback must not carry
    raise KeyError(f"no chart {chart} for {patient_name}")


def sign_note() -> None:
    try:
        look_up_patient(CHART)
    except KeyError as exc:
        raise RuntimeError(f"could not sign the note of {PATIENT}") from exc


def test_a_bug_is_logged_with_its_frames_but_not_its_message(log_folder):
    path = start_logging(log_folder)
    try:
        sign_note()
    except RuntimeError as exc:
        log_bug(exc)
    text = path.read_text(encoding="utf-8")
    assert "ERROR sportacu_desktop.bug" in text
    # Both exceptions of the chain, oldest first, each with the lines that raised it.
    assert text.index("look_up_patient") < text.index("RuntimeError")
    assert 'raise KeyError(f"no chart {chart} for {patient_name}")' in text
    assert "The above exception was the direct cause of the following exception:" in text
    assert "\nKeyError\n" in text and text.rstrip().endswith("RuntimeError")
    # Source lines are code, not data: what they name (CHART) never shows its value.
    assert PATIENT not in text and "A-0042" not in text


def test_the_log_is_private_to_its_owner(log_folder):
    log_folder.mkdir(parents=True, mode=0o755)
    log_folder.chmod(0o755)
    old = log_folder / log_file.LOG_NAME
    old.write_text("written by an older version\n")
    old.chmod(0o644)
    path = start_logging(log_folder)
    logging.getLogger("sportacu_desktop.test").warning("the disk is nearly full")
    assert mode(log_folder) == 0o700
    assert mode(path) == 0o600
    assert "WARNING sportacu_desktop.test" in path.read_text(encoding="utf-8")


def test_rotated_files_stay_private(log_folder, monkeypatch):
    monkeypatch.setattr(log_file, "MAX_BYTES", 2000)
    path = start_logging(log_folder)
    for _ in range(60):
        logging.getLogger("sportacu_desktop.test").warning("a warning long enough to fill")
    rotated = sorted(log_folder.glob(f"{log_file.LOG_NAME}.*"))
    assert rotated, "the log never rotated"
    assert len(rotated) <= log_file.BACKUP_COUNT
    assert {mode(p) for p in [path, *rotated]} == {0o600}


def test_a_problem_the_user_can_fix_is_not_a_bug_and_stays_out(log_folder):
    path = start_logging(log_folder)
    try:
        raise InvalidInput(f"{PATIENT} is already registered.")
    except InvalidInput as exc:
        log_bug(exc)
    assert not path.exists() or PATIENT not in path.read_text(encoding="utf-8")
    assert not path.exists() or "InvalidInput" not in path.read_text(encoding="utf-8")


def test_info_is_left_out_and_python_warnings_go_in(log_folder):
    path = start_logging(log_folder)
    logging.getLogger("sportacu_desktop.test").info("opened the chart")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("an old call", DeprecationWarning, stacklevel=1)
    text = path.read_text(encoding="utf-8")
    assert "opened the chart" not in text
    assert "py.warnings" in text and "DeprecationWarning" in text
