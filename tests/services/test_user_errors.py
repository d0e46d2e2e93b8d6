"""A problem the user can fix reaches the screen and the command line as a UserError of the
right kind, in its own words; anything else is a bug. One classifier decides for both."""

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from sportacu_desktop.domain.errors import (
    Conflict,
    DiskFull,
    FileLocked,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StaleEdit,
    UserError,
)
from sportacu_desktop.domain.settings import IDLE_LOCK_MINUTES
from sportacu_desktop.domain.validation import FieldErrors, parse_date
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.errors import as_user_error
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.services.settings import ClinicSettings
from sportacu_desktop.services.setup import start_empty_clinic
from sportacu_desktop.services.users import create_owner


def refused(call) -> UserError:
    with pytest.raises(UserError) as caught:
        call()
    assert as_user_error(caught.value) is caught.value
    return caught.value


def test_bad_input_to_services_is_invalid_input(clinic):
    actor = command_line_actor()
    too_many = refused(lambda: create_demo_clinic(clinic, actor, patients=0))
    assert isinstance(too_many, InvalidInput)
    assert str(too_many) == "The number of patients must be between 1 and 20000."
    nameless = refused(lambda: start_empty_clinic(clinic, actor, "   "))
    assert isinstance(nameless, InvalidInput) and str(nameless) == "Give the clinic a name."
    settings = ClinicSettings(clinic.session_factory, actor)
    lock = refused(lambda: settings.set(IDLE_LOCK_MINUTES, 0))
    assert isinstance(lock, InvalidInput)
    assert str(lock) == "Automatic lock is between 1 and 120 minutes."


def test_missing_records_and_refused_roles(clinic):
    records = PatientRecords(clinic.session_factory, command_line_actor())
    assert isinstance(refused(lambda: records.get(404)), NotFound)
    create_owner(
        clinic.session_factory,
        username="dana",
        display_name="Dana W",
        password="correct horse battery",
    )
    second = refused(
        lambda: create_owner(
            clinic.session_factory, username="eve", display_name="Eve", password="another one!"
        )
    )
    assert isinstance(second, PermissionDenied)
    assert str(second) == "This clinic already has accounts; ask an administrator."


def test_field_problems_travel_with_the_error():
    problems = FieldErrors({"date_of_birth": "Enter the date of birth."})
    assert isinstance(problems, InvalidInput)
    assert problems.problems == {"date_of_birth": "Enter the date of birth."}
    date = refused(lambda: parse_date("31/02/2024"))
    assert isinstance(date, InvalidInput) and "is not a real calendar date" in str(date)


def driver_error(message: str, code: int | None = None) -> OperationalError:
    original = sqlite3.OperationalError(message)
    if code is not None:
        original.sqlite_errorcode = code
    return OperationalError("UPDATE patient SET last_name=?", ("Quackenbush",), original)


@pytest.mark.parametrize(
    ("message", "code", "kind", "words"),
    [
        ("database is locked", None, FileLocked, "busy in another window"),
        ("database or disk is full", None, DiskFull, "Free some space"),
        ("database is locked", 517, StaleEdit, "Someone else changed this record"),
    ],
)
def test_database_conditions_the_user_can_act_on(message, code, kind, words):
    problem = as_user_error(driver_error(message, code))
    assert isinstance(problem, kind) and words in str(problem)
    # Never the SQL or its parameters, which carry patient data.
    assert "Quackenbush" not in str(problem) and "UPDATE" not in str(problem)


@pytest.mark.parametrize(
    "bug",
    [
        KeyError("visit 12"),
        ValueError("unknown session event 'x'"),
        driver_error("no such column: patient.middle_name"),
        AttributeError("'NoneType' object has no attribute 'id'"),
    ],
)
def test_anything_else_is_a_bug(bug):
    assert as_user_error(bug) is None


def test_a_stale_edit_is_a_conflict():
    assert issubclass(StaleEdit, Conflict)
