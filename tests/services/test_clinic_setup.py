"""Admin ▸ Clinic: practice and provider details, validated, audited, administrators only."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from sportacu_desktop.domain.clinic import PracticeDetails
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.clinic_setup import ClinicSetup
from sportacu_desktop.services.context import Actor, PermissionDenied
from sportacu_desktop.services.users import create_owner
from sportacu_desktop.storage import models as m

GOOD = PracticeDetails(
    name="Harborview Sports Acupuncture",
    address_line1="118 Danforth St",
    city="Portland",
    state="me",
    postal_code="04101",
    phone="207 555 0142",
    ein="011234567",
    npi="",
)


@pytest.fixture
def owner(clinic):
    return create_owner(
        clinic.session_factory, username="dana", display_name="Dana W", password="a long password"
    )


def test_practice_details_are_normalised_saved_and_audited(clinic, owner):
    setup = ClinicSetup(clinic.session_factory, owner)
    saved = setup.save_practice(GOOD)
    assert saved.ein == "01-1234567" and saved.state == "ME"
    assert saved.phone == "(207) 555-0142"
    assert setup.practice() == saved
    with clinic.session_factory() as s:
        event = s.scalars(select(m.AuditEvent).where(m.AuditEvent.entity == "practice")).one()
        assert event.actor == "dana" and "ein" in event.detail


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"ein": "00-1234567"}, "ein", "IRS prefix"),
        ({"ein": ""}, "ein", "Enter the EIN"),
        ({"npi": "1234567890"}, "npi", "last digit"),
        ({"npi": "1234567893"}, "npi", "type 2"),
        ({"phone": ""}, "phone", "phone"),
        ({"state": "XX"}, "state", "two-letter"),
        ({"place_of_service": "99"}, "place_of_service", "11"),
        ({"taxonomy": "1711"}, "taxonomy", "171100000X"),
    ],
)
def test_a_wrong_practice_field_says_which_and_nothing_is_saved(
    clinic, owner, change, field, words
):
    setup = ClinicSetup(clinic.session_factory, owner)
    with pytest.raises(FieldErrors) as raised:
        setup.save_practice(replace(GOOD, **change))
    assert words in raised.value.errors[field]
    assert setup.practice().name == ""


def test_provider_details_need_credentials_license_and_a_type_1_npi(clinic, owner):
    setup = ClinicSetup(clinic.session_factory, owner)
    me = setup.provider(owner.user_id)
    with pytest.raises(FieldErrors) as raised:
        setup.save_provider(me)
    assert set(raised.value.errors) >= {"credentials", "license_number", "license_state", "npi"}
    saved = setup.save_provider(
        replace(
            me,
            display_name="Dana Whitcomb",
            credentials="M.S., L.Ac.",
            license_number="AC1234",
            license_state="me",
            npi="1234567893",
        )
    )
    assert saved.license_state == "ME" and saved.signature_name == "Dana Whitcomb, M.S., L.Ac."
    with clinic.session_factory() as s:
        user = s.get(m.User, owner.user_id)
        assert user.display_name == "Dana Whitcomb" and user.npi == "1234567893"


def test_roles_change_but_an_admin_keeps_their_own(clinic, owner):
    setup = ClinicSetup(clinic.session_factory, owner)
    me = setup.provider(owner.user_id)
    with pytest.raises(UserError, match="administrator role from yourself"):
        setup.save_provider(replace(me, roles=frozenset({Role.FRONT_DESK})))


def test_only_administrators_set_the_clinic_up(clinic, owner):
    desk = Actor("jamie", "Jamie", frozenset({Role.FRONT_DESK, Role.PRACTITIONER}), 99)
    with pytest.raises(PermissionDenied):
        ClinicSetup(clinic.session_factory, desk).save_practice(GOOD)
    with pytest.raises(PermissionDenied):
        ClinicSetup(clinic.session_factory, desk).providers()
