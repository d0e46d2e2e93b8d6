"""Accounts, lockout, break-glass and roles enforced by the services themselves."""

from datetime import UTC, date, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.passwords import common_passwords, password_problem
from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services import users
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import PermissionDenied, command_line_actor
from sportacu_desktop.services.demo import DEMO_PASSWORD
from sportacu_desktop.services.documents import Documents
from sportacu_desktop.services.intake import Intakes
from sportacu_desktop.services.patient_details import PatientDetails
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.services.users import (
    SIGN_IN_REFUSED,
    AccountLocked,
    LoginFailed,
    UserAdmin,
    authenticate,
    create_owner,
    has_accounts,
)
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=5, seed=2, today=TODAY)
    return clinic


def sign_in(clinic, username, password=DEMO_PASSWORD, **kw):
    return authenticate(clinic.session_factory, username, password, **kw)


def test_first_start_creates_the_owner_once(clinic):
    assert not has_accounts(clinic.session_factory)
    owner = create_owner(
        clinic.session_factory,
        username="dana",
        display_name="Dana W",
        password="correct horse battery",
    )
    assert owner.has(Role.ADMIN) and owner.has(Role.PRACTITIONER)
    assert has_accounts(clinic.session_factory)
    with pytest.raises(PermissionError):
        create_owner(
            clinic.session_factory, username="eve", display_name="Eve", password="another long one"
        )
    assert sign_in(clinic, "dana", "correct horse battery").user_id == owner.user_id


def test_passwords_are_argon2id_hashes(demo):
    with demo.session_factory() as s:
        hashes = list(s.scalars(select(m.User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)


@pytest.mark.parametrize("name", ["Casey\x00Front", "Casey\u202eFront"])
def test_a_name_with_hidden_characters_is_refused_and_nothing_stored(clinic, name):
    admin = UserAdmin(clinic.session_factory, command_line_actor())
    with pytest.raises(FieldErrors) as caught:
        admin.create(
            username="casey",
            display_name=name,
            roles={Role.FRONT_DESK},
            password="granite harbor tide",
        )
    assert "display_name" in caught.value.errors
    with clinic.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(m.User)) == 0


def test_short_password_is_refused(clinic):
    with pytest.raises(FieldErrors):
        create_owner(clinic.session_factory, username="dana", display_name="D", password="short")


def test_five_wrong_passwords_lock_the_account_for_five_minutes(demo):
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    for _ in range(4):
        with pytest.raises(LoginFailed) as caught:
            sign_in(demo, "frontdesk", "wrong password!", now=now)
        assert not isinstance(caught.value, AccountLocked)
    with pytest.raises(AccountLocked, match="locked for 5 minutes"):
        sign_in(demo, "frontdesk", "wrong password!", now=now)
    with pytest.raises(AccountLocked):
        sign_in(demo, "frontdesk", now=now + timedelta(minutes=4))  # the right password
    assert sign_in(demo, "frontdesk", now=now + timedelta(minutes=6)).username == "frontdesk"
    with demo.session_factory() as s:
        actions = [e.action for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))]
    assert actions.count("login_failed") == 5 and "lockout" in actions and "login" in actions


def test_front_desk_is_refused_clinical_notes_by_the_services(demo):
    desk = sign_in(demo, "frontdesk")
    with pytest.raises(PermissionDenied):
        Charting(demo.session_factory, desk).get(1)
    with pytest.raises(PermissionDenied):
        Charting(demo.session_factory, desk).start_visit(1)
    with pytest.raises(PermissionDenied):
        Documents(demo.session_factory, desk).visit_note_pdf(1)
    with pytest.raises(PermissionDenied):
        Intakes(demo.session_factory, desk).history(1)
    with pytest.raises(PermissionDenied):
        PatientDetails(demo.session_factory, desk).add_flag(1, "allergy", "latex")
    with pytest.raises(PermissionDenied):
        UserAdmin(demo.session_factory, desk).users()
    # ... but registers patients and files consent forms.
    records = PatientRecords(demo.session_factory, desk)
    created = records.create(
        PatientInput(first_name="New", last_name="Runner", date_of_birth="1990-01-01"), today=TODAY
    )
    PatientDetails(demo.session_factory, desk).record_consent(
        created.id, "acupuncture", "2026-11-20", "2024-1", today=TODAY
    )


def test_admin_without_practitioner_role_cannot_read_notes(demo):
    admin = UserAdmin(demo.session_factory, sign_in(demo, "dwhitcomb"))
    admin.create(
        username="it.admin", display_name="IT", roles={Role.ADMIN}, password="a long admin password"
    )
    it = sign_in(demo, "it.admin", "a long admin password")
    with pytest.raises(PermissionDenied):
        Charting(demo.session_factory, it).get(1)
    assert {u.username for u in UserAdmin(demo.session_factory, it).users()} >= {"frontdesk"}


def test_break_glass_needs_a_reason_and_flags_every_event(demo):
    desk = sign_in(demo, "frontdesk", emergency_reason="Patient collapsed; EMS needs meds list")
    note = Charting(demo.session_factory, desk).get(1)
    assert note.id == 1
    with demo.session_factory() as s:
        # After the demo clinic was made: its ten-year history has the front desk's past.
        made = select(func.max(m.AuditEvent.id)).where(m.AuditEvent.action == "demo")
        events = s.scalars(
            select(m.AuditEvent)
            .where(m.AuditEvent.actor == "frontdesk", m.AuditEvent.id > made.scalar_subquery())
            .order_by(m.AuditEvent.id)
        ).all()
    assert events[0].action == "break_glass"
    assert all("EMERGENCY ACCESS: Patient collapsed" in e.detail for e in events)


def test_practitioner_signs_as_themselves(demo):
    ruth = sign_in(demo, "rokafor")
    chart = Charting(demo.session_factory, ruth)
    note = chart.start_visit(2, on=TODAY)
    signed = chart.sign(note.id, VisitContent(pain_nrs=2, assessment="ok"), note.version)
    assert signed.signed_by.startswith("Ruth Okafor")


def test_unlock_and_session_events_are_recorded(demo):
    from sportacu_desktop.services.users import record_session_event, verify_password

    # The demo's history already holds Ruth's signing events: look only at what follows.
    with demo.session_factory() as s:
        before = s.scalar(select(func.max(m.AuditEvent.id)))
    ruth = sign_in(demo, "rokafor")
    record_session_event(demo.session_factory, ruth, "lock")
    with pytest.raises(LoginFailed):
        verify_password(demo.session_factory, ruth, "not it at all")
    verify_password(demo.session_factory, ruth, DEMO_PASSWORD)
    record_session_event(demo.session_factory, ruth, "sign_out")
    with demo.session_factory() as s:
        actions = [
            e.action
            for e in s.scalars(
                select(m.AuditEvent)
                .where(m.AuditEvent.actor == "rokafor", m.AuditEvent.id > before)
                .order_by(m.AuditEvent.id)
            )
        ]
    assert actions == ["login", "lock", "unlock", "sign_out"]


class CountingHasher(PasswordHasher):
    """The real Argon2 hasher, counting the verifications it runs."""

    verified = 0

    def verify(self, hash, password):  # noqa: A002 - the library's own parameter name
        CountingHasher.verified += 1
        return super().verify(hash, password)


def test_a_locked_account_answers_like_a_wrong_password_after_the_same_work(demo, monkeypatch):
    monkeypatch.setattr(users, "_hasher", CountingHasher())
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def answer(username, password) -> str:
        before = CountingHasher.verified
        with pytest.raises(LoginFailed) as caught:
            sign_in(demo, username, password, now=now)
        assert CountingHasher.verified == before + 1  # one Argon2 verification, every time
        return str(caught.value)

    wrong = answer("frontdesk", "wrong password!")
    unknown = answer("nobody.here", "wrong password!")
    for _ in range(4):
        answer("frontdesk", "wrong password!")
    locked_with_the_right_password = answer("frontdesk", DEMO_PASSWORD)
    assert wrong == unknown == locked_with_the_right_password == SIGN_IN_REFUSED
    with demo.session_factory() as s:
        details = [e.detail for e in s.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id))]
    assert "account locked" in details  # the trail still tells the administrator


@pytest.mark.parametrize(
    "password, problem",
    [
        ("elevenchars", "at least 12 characters"),
        ("x" * 200 + " harbor kettle tuesday " * 3, "at most 256 characters"),
        ("sportacu-demo", "demo clinic's password"),
        ("SportAcu Demo", "demo clinic's password"),
        ("Password-1234", "most used"),
        ("qwertyuiop123", "most used"),
        ("iloveyou1234", "most used"),
        ("zzzzzzzzzzzzzz", "most used"),
        ("it.admin2026", "user name"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(demo, password, problem):
    admin = UserAdmin(demo.session_factory, sign_in(demo, "dwhitcomb"))
    with pytest.raises(FieldErrors) as caught:
        admin.create(username="it.admin", display_name="IT", roles={Role.ADMIN}, password=password)
    assert problem in caught.value.errors["password"]
    with pytest.raises(FieldErrors):
        ruth = sign_in(demo, "rokafor").user_id
        admin.set_password(ruth, password.replace("it.admin", "rokafor"))
    assert sign_in(demo, "rokafor").username == "rokafor"  # her password is unchanged


def test_a_long_passphrase_is_accepted_and_the_list_ships_with_the_app(demo):
    passphrase = "harbor kettle tuesday " * 11 + "okay"
    assert len(passphrase) == 246 and password_problem(passphrase) is None
    admin = UserAdmin(demo.session_factory, sign_in(demo, "dwhitcomb"))
    admin.create(username="it.admin", display_name="IT", roles={Role.ADMIN}, password=passphrase)
    assert sign_in(demo, "it.admin", passphrase).username == "it.admin"
    assert len(common_passwords()) >= 300
