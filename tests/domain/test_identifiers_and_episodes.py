from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from sportacu_desktop.domain.episodes import Chronicity, chronicity, session_plan
from sportacu_desktop.domain.identifiers import (
    complete_npi,
    ein_problem,
    is_valid_npi,
    npi_problem,
    npi_type,
)
from sportacu_desktop.domain.text import fold


def test_reference_example_npi_is_valid():
    assert is_valid_npi("1234567893")
    assert npi_type("1234567893") == 1


def test_npi_errors_say_what_is_wrong():
    assert "10 digits" in npi_problem("12345")
    assert "starts with 1" in npi_problem("3234567893")
    assert "last digit" in npi_problem("1234567890")


@given(st.from_regex(r"[12][0-9]{8}", fullmatch=True))
def test_completed_npis_are_valid_and_one_wrong_digit_is_caught(nine):
    npi = complete_npi(nine)
    assert is_valid_npi(npi)
    wrong = npi[:-1] + str((int(npi[-1]) + 1) % 10)
    assert not is_valid_npi(wrong)


def test_ein_validation():
    assert ein_problem("04-3456789") is None
    assert ein_problem("00-1234567") is not None


def test_chronicity_bands_from_the_clinic_framework():
    onset = date(2026, 1, 1)
    assert chronicity(onset, date(2026, 1, 20)) is Chronicity.ACUTE
    assert chronicity(onset, date(2026, 2, 15)) is Chronicity.SUBACUTE
    assert chronicity(onset, date(2026, 6, 1)) is Chronicity.CHRONIC
    assert chronicity(onset, date(2026, 1, 5), recurring=True) is Chronicity.CHRONIC
    assert (
        session_plan(Chronicity.SUBACUTE).min_sessions,
        session_plan(Chronicity.SUBACUTE).max_sessions,
    ) == (4, 10)


def test_fold_ignores_accents_and_case():
    assert fold("Zoë Nguyễn") == fold("zoe NGUYEN")
