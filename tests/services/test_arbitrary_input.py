"""Arbitrary text into every service that accepts it: a clear error or a whole write.

Never a crash, never a partial write: each call either succeeds (and the database holds
exactly what was sent) or raises one of the documented, user-facing errors with nothing
written.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.domain.visits import (
    CuppingEntry,
    DryNeedlingEntry,
    ElectroEntry,
    PointRow,
    VisitContent,
)
from sportacu_desktop.services.care_contacts import CareContacts, ContactInput
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.intake import IntakeInput, Intakes
from sportacu_desktop.services.patient_details import PatientDetails
from sportacu_desktop.services.users import UserAdmin
from sportacu_desktop.storage import models as m
from tests.conftest import BACKENDS, _fresh_pg_database

TODAY = date(2026, 11, 25)
EXPECTED = (FieldErrors, ValueError, LookupError, PermissionError)
text = st.text(max_size=40)
longer = st.text(max_size=300)
small = st.one_of(st.none(), st.integers(-1000, 1000))
quick = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module", params=BACKENDS)
def demo_url(request, tmp_path_factory):
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('arb') / 'clinic.db'}"
    else:
        url, drop = _fresh_pg_database()
    clinic = Clinic.open(url)
    create_demo_clinic(clinic, command_line_actor(), patients=3, seed=1, today=TODAY)
    clinic.close()
    yield url
    if drop:
        drop()


@pytest.fixture
def clinic(demo_url):
    opened = Clinic.open(demo_url)
    yield opened
    opened.close()


def rows(clinic, model) -> int:
    with clinic.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def attempt(clinic, model, call) -> None:
    before = rows(clinic, model)
    try:
        call()
    except EXPECTED as error:
        assert str(error)
        assert rows(clinic, model) == before
    else:
        assert rows(clinic, model) >= before


@quick
@given(
    name=text,
    role=st.sampled_from(["PT", "physician", "surgeon", "other", "x"]),
    npi=text,
    phone=text,
    fax=text,
    email=text,
    practice=text,
)
def test_care_contacts(clinic, name, role, npi, phone, fax, email, practice):
    contacts = CareContacts(clinic.session_factory, command_line_actor())
    attempt(
        clinic,
        m.CareContact,
        lambda: contacts.create(ContactInput(name, role, practice, npi, phone, fax, email)),
    )


@quick
@given(
    fields=st.fixed_dictionaries(
        {
            k: longer
            for k in (
                "taken_on",
                "chief_complaint",
                "injury_history",
                "training_load",
                "biomechanics",
                "sleep_hours",
                "sleep_quality",
                "hrv_ms",
                "resting_hr",
                "gut",
                "stress",
            )
        }
    )
)
def test_intake(clinic, fields):
    intakes = Intakes(clinic.session_factory, command_line_actor())
    attempt(clinic, m.Intake, lambda: intakes.add(1, IntakeInput(**fields), today=TODAY))


@quick
@given(
    name=text,
    day=text,
    distance=text,
    priority=text,
    kind=text,
    detail=longer,
    modality=text,
    version=text,
)
def test_races_flags_consents(
    clinic, name, day, distance, priority, kind, detail, modality, version
):
    details = PatientDetails(clinic.session_factory, command_line_actor())
    attempt(
        clinic,
        m.Race,
        lambda: details.add_race(1, name=name, race_date=day, distance=distance, priority=priority),
    )
    attempt(clinic, m.PatientFlag, lambda: details.add_flag(1, kind, detail))
    attempt(
        clinic, m.Consent, lambda: details.record_consent(1, modality, day, version, today=TODAY)
    )
    attempt(
        clinic,
        m.AthleteProfile,
        lambda: details.save_profile(
            1, sports=name, weekly_volume=distance, training_phase=kind, notes=detail
        ),
    )


@quick
@given(
    assessment=longer,
    plan=longer,
    code=text,
    side=text,
    muscle=text,
    lead=text,
    hz=text,
    region=text,
    pain=small,
    minutes=small,
    needles=small,
)
def test_visit_notes(
    clinic, assessment, plan, code, side, muscle, lead, hz, region, pain, minutes, needles
):
    chart = Charting(clinic.session_factory, command_line_actor())
    note = chart.start_visit(2, on=TODAY)
    content = VisitContent(
        pain_nrs=pain,
        assessment=assessment,
        plan=plan,
        contact_minutes=minutes or 0,
        points=(PointRow(code, side),),
        dry_needling=(DryNeedlingEntry(muscle, side, True, needles or 1),),
        electro=(ElectroEntry(lead, "ST36", "continuous", hz, minutes=minutes or 1),),
        cupping=(CuppingEntry(region, cups=needles),),
    )
    attempt(clinic, m.PointTreatment, lambda: chart.save(note.id, content, note.version))
    attempt(clinic, m.VisitDraft, lambda: chart.autosave(note.id, assessment))


@quick
@given(reason=text, body=longer)
def test_addenda(clinic, reason, body):
    chart = Charting(clinic.session_factory, command_line_actor())
    attempt(clinic, m.Addendum, lambda: chart.add_addendum(1, reason, body))


@quick
@given(username=text, name=text, password=text)
def test_user_accounts(clinic, username, name, password):
    admin = UserAdmin(clinic.session_factory, command_line_actor())
    attempt(
        clinic,
        m.User,
        lambda: admin.create(
            username=username, display_name=name, roles={Role.FRONT_DESK}, password=password
        ),
    )
