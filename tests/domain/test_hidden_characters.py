"""Names that display differently from what they hold are refused, with a clear reason."""

from datetime import date

import pytest

from sportacu_desktop.domain.patient_rules import clean_patient
from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.validation import FieldErrors, storable_problem

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    "name",
    [
        "Smith\u202eanaD",  # right-to-left override: displays "SmithDana"
        "\u202dAna",  # left-to-right override
        "Ana\u2066Ruiz\u2069",  # directional isolates
        "Ana\u2067Ruiz",
        "Ana\u2068Ruiz",
        "Ana\u200bRuiz",  # zero-width space
        "Ana\u200dRuiz",  # zero-width joiner
        "\ufeffAna",  # zero-width no-break space
    ],
)
def test_a_patient_name_with_invisible_characters_is_refused_by_name(name):
    with pytest.raises(FieldErrors) as caught:
        clean_patient(
            PatientInput(first_name=name, last_name="Ruiz", date_of_birth="1990-03-04"), TODAY
        )
    message = caught.value.errors["first_name"]
    assert "invisible characters" in message and "first name" in message
    assert f"U+{ord(next(ch for ch in name if not ch.isalpha())):04X}" in message


def test_ordinary_names_in_any_script_still_pass():
    for name in ("Zoë", "Nguyễn", "O'Brien-Smith", "محمد", "José María", "李小龍"):
        assert storable_problem(name, "first name") is None


def test_free_text_keeps_zero_width_joiners_but_not_direction_overrides():
    assert storable_problem("family \U0001f468\u200d\U0001f469", "notes", multiline=True) is None
    assert "U+202E" in storable_problem("fine\u202e", "notes", multiline=True)
