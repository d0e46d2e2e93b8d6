"""The quick check at every start, and what it offers when the file is damaged."""

from datetime import datetime

from sportacu_desktop.services.backup import run_automatic_backup
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.integrity_start import open_checked, quick_check
from sportacu_desktop.storage.engine import sqlite_path
from tests.backup.helpers import PASSPHRASE, corrupt_table


def test_a_sound_database_passes_and_opens(demo):
    check = quick_check(demo)
    assert check.ok and check.backup is None
    path = sqlite_path(demo.url)
    demo.close()
    clinic, check = open_checked(str(path))
    assert check.ok and clinic is not None
    clinic.close()


def test_a_damaged_database_is_not_opened_and_the_newest_good_backup_is_named(demo):
    made = run_automatic_backup(demo, datetime(2026, 5, 4, 8, 0), when="start")
    path = sqlite_path(demo.url)
    demo.close()
    corrupt_table(path)

    clinic = Clinic.open(str(path), upgrade=False)
    try:
        check = quick_check(clinic)
    finally:
        clinic.close()
    assert not check.ok
    assert check.backup is not None and check.backup.path == made.path
    assert "damaged" in check.message and str(made.path) in check.message

    clinic, again = open_checked(str(path))
    assert clinic is None and not again.ok and again.backup.path == made.path


def test_damage_without_any_backup_says_so(demo):
    path = sqlite_path(demo.url)
    demo.close()
    corrupt_table(path)
    clinic, check = open_checked(str(path))
    assert clinic is None and check.backup is None
    assert "No good backup was found" in check.message


def test_an_encrypted_clinic_is_checked_too(encrypted_demo):
    assert quick_check(encrypted_demo).ok
    path = sqlite_path(encrypted_demo.url)
    encrypted_demo.close()
    clinic, check = open_checked(str(path), passphrase=PASSPHRASE)
    assert check.ok
    clinic.close()


def test_a_server_database_is_left_to_the_server(clinic):
    check = quick_check(clinic)
    assert check.ok
