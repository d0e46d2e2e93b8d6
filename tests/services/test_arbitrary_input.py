"""Arbitrary text into every service that accepts it: a clear error or a whole write.

Never a crash, never a partial write: each call either succeeds, adds exactly one row and
reads back as exactly what was sent (trimmed, as every text box is), or raises one of the
documented, user-facing errors with nothing written. The inputs mix valid values with
arbitrary text, so both outcomes really happen.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import FlagKind, Modality, RacePriority, Role, TrainingPhase
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
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.services.users import UserAdmin
from sportacu_desktop.storage import models as m
from tests.databases import BACKENDS, fresh_pg_database

TODAY = date(2026, 11, 25)
EXPECTED = (FieldErrors, ValueError, LookupError, PermissionError)
text = st.text(max_size=40)
longer = st.text(max_size=300)
small = st.one_of(st.none(), st.integers(-1000, 1000))
day_text = st.one_of(
    text,
    st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(lambda d: d.strftime("%m/%d/%Y")),
)


def choice_or_text(values) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(sorted(values)), text)


quick = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module", params=BACKENDS)
def demo_url(request, tmp_path_factory):
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('arb') / 'clinic.db'}"
    else:
        url, drop = fresh_pg_database()
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


def attempt(clinic, model, call):
    """The call's result if it stored exactly one row, or None if it refused in words."""
    before = rows(clinic, model)
    try:
        result = call()
    except EXPECTED as error:
        assert str(error).strip(), "a refusal says why"
        assert rows(clinic, model) == before, "a refused call writes nothing"
        return None
    assert rows(clinic, model) == before + 1, "a stored call writes one whole row"
    return result


def record(clinic):
    return PatientRecords(clinic.session_factory, command_line_actor()).get(1)


@quick
@given(
    name=text,
    role=st.sampled_from(["PT", "physician", "surgeon", "other", "x"]),
    npi=st.one_of(text, st.just("1234567893")),
    phone=st.one_of(text, st.just("(207) 555-0101")),
    fax=text,
    email=st.one_of(text, st.just("pt@example.com")),
    practice=text,
)
def test_care_contacts(clinic, name, role, npi, phone, fax, email, practice):
    contacts = CareContacts(clinic.session_factory, command_line_actor())
    created = attempt(
        clinic,
        m.CareContact,
        lambda: contacts.create(ContactInput(name, role, practice, npi, phone, fax, email)),
    )
    if created is None:
        return
    (stored,) = [c for c in contacts.search("") if c.id == created.id]
    assert stored == created
    assert (stored.name, stored.role, stored.practice_name, stored.npi, stored.email) == (
        name.strip(),
        role,
        practice.strip(),
        npi.strip(),
        email.strip(),
    )
    assert (stored.phone, stored.fax) == (v.normalize_phone(phone), v.normalize_phone(fax))


INTAKE_TEXT = (
    "chief_complaint",
    "injury_history",
    "training_load",
    "biomechanics",
    "gut",
    "stress",
)


@quick
@given(
    fields=st.fixed_dictionaries(
        {
            "taken_on": st.one_of(longer, st.just("")),
            **{k: longer for k in INTAKE_TEXT},
            "sleep_hours": st.one_of(longer, st.sampled_from(["7.5", "", "25"])),
            "sleep_quality": st.one_of(longer, st.sampled_from(["3", "", "9"])),
            "hrv_ms": st.one_of(longer, st.sampled_from(["62", "", "0"])),
            "resting_hr": st.one_of(longer, st.sampled_from(["48", "", "300"])),
        }
    )
)
def test_intake(clinic, fields):
    intakes = Intakes(clinic.session_factory, command_line_actor())
    added = attempt(clinic, m.Intake, lambda: intakes.add(1, IntakeInput(**fields), today=TODAY))
    if added is None:
        return
    (stored,) = [e for e in intakes.history(1) if e.id == added.id]
    assert stored == added
    assert {k: getattr(stored, k) for k in INTAKE_TEXT} == {
        k: fields[k].strip() for k in INTAKE_TEXT
    }
    for name in ("sleep_hours", "sleep_quality", "hrv_ms", "resting_hr"):
        typed = fields[name].strip()
        assert getattr(stored, name) == (float(typed) if typed else None)


@quick
@given(
    name=text,
    day=day_text,
    distance=text,
    priority=choice_or_text({p.value for p in RacePriority} | {"a", "b", "c"}),
)
def test_races(clinic, name, day, distance, priority):
    details = PatientDetails(clinic.session_factory, command_line_actor())
    before = {r.id for r in record(clinic).races}
    added = attempt(
        clinic,
        m.Race,
        lambda: details.add_race(1, name=name, race_date=day, distance=distance, priority=priority),
    )
    if added is None:
        return
    (race,) = [r for r in record(clinic).races if r.id not in before]
    assert (race.name, race.distance, race.priority) == (
        name.strip(),
        distance.strip()[:40],
        priority.upper(),
    )
    assert race.race_date == v.parse_date(day)


@quick
@given(kind=choice_or_text({k.value for k in FlagKind}), detail=longer)
def test_flags(clinic, kind, detail):
    details = PatientDetails(clinic.session_factory, command_line_actor())
    before = {f.id for f in record(clinic).flags}
    if attempt(clinic, m.PatientFlag, lambda: details.add_flag(1, kind, detail)) is None:
        return
    (flag,) = [f for f in record(clinic).flags if f.id not in before]
    assert (flag.kind, flag.detail) == (kind, detail.strip()[:300])


@quick
@given(modality=choice_or_text({x.value for x in Modality}), day=day_text, version=text)
def test_consents(clinic, modality, day, version):
    details = PatientDetails(clinic.session_factory, command_line_actor())
    before = {c.id for c in record(clinic).consents}
    added = attempt(
        clinic, m.Consent, lambda: details.record_consent(1, modality, day, version, today=TODAY)
    )
    if added is None:
        return
    (consent,) = [c for c in record(clinic).consents if c.id not in before]
    assert (consent.modality, consent.form_version) == (modality, version.strip()[:20])
    assert consent.signed_on <= TODAY


@quick
@given(
    sports=text,
    volume=text,
    phase=choice_or_text({p.value for p in TrainingPhase}),
    notes=longer,
)
def test_athlete_profile(clinic, sports, volume, phase, notes):
    details = PatientDetails(clinic.session_factory, command_line_actor())
    before = record(clinic).profile
    try:
        details.save_profile(
            1, sports=sports, weekly_volume=volume, training_phase=phase, notes=notes
        )
    except EXPECTED as error:
        assert str(error).strip()
        assert record(clinic).profile == before
        return
    profile = record(clinic).profile
    assert (profile.sports, profile.weekly_volume, profile.training_phase, profile.notes) == (
        sports.strip(),
        volume.strip(),
        phase,
        notes.strip(),
    )


@quick
@given(
    assessment=longer,
    plan=longer,
    code=st.one_of(text, st.sampled_from(["LI4", "ST36", "GB34"])),
    side=st.one_of(text, st.sampled_from(["L", "R", "B", ""])),
    muscle=text,
    lead=st.one_of(text, st.just("GB34")),
    hz=st.one_of(text, st.just("2/100")),
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
    before = chart.get(note.id)
    try:
        saved = chart.save(note.id, content, note.version)
    except EXPECTED as error:
        assert str(error).strip()
        assert chart.get(note.id) == before, "a refused save changes nothing"
    else:
        stored = chart.get(note.id)
        assert stored == saved and stored.content == content
    draft = attempt(clinic, m.VisitDraft, lambda: chart.autosave(note.id, assessment))
    if draft is not None:
        assert chart.draft_payload(note.id) == assessment


@quick
@given(reason=text, body=longer)
def test_addenda(clinic, reason, body):
    chart = Charting(clinic.session_factory, command_line_actor())
    before = chart.get(1).addenda
    if attempt(clinic, m.Addendum, lambda: chart.add_addendum(1, reason, body)) is None:
        return
    addenda = chart.get(1).addenda
    assert addenda[: len(before)] == before
    (added,) = addenda[len(before) :]
    assert (added.reason, added.text) == (reason.strip()[:300], body.strip())


@quick
@given(
    username=st.one_of(text, st.from_regex(r"[a-z]{3,12}", fullmatch=True)),
    name=st.one_of(text, st.just("Casey Front")),
    password=st.one_of(text, st.just("granite harbor tide")),
)
def test_user_accounts(clinic, username, name, password):
    admin = UserAdmin(clinic.session_factory, command_line_actor())
    created = attempt(
        clinic,
        m.User,
        lambda: admin.create(
            username=username, display_name=name, roles={Role.FRONT_DESK}, password=password
        ),
    )
    if created is None:
        return
    (stored,) = [u for u in admin.users() if u.id == created.id]
    assert stored == created
    assert stored.display_name == name.strip()
    assert stored.roles == frozenset({Role.FRONT_DESK})
