"""The demo clinic tells one consistent story, as a real clinic's records would.

Each test names a contradiction a reader of the demo would notice (a track athlete with
an Ironman on the calendar, a consent form signed before it was written, a decade of
visits with no audit trail) and looks for it in every patient of a generated clinic.
The plausible ranges are written here, independently of the generator's own tables.
"""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from sportacu_desktop.services.audit import verify_chain
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.integrity import check_clinic
from sportacu_desktop.storage import models as m

TODAY = date(2026, 11, 25)
TRACK = {"800 m", "Mile", "1500 m", "3000 m", "5000 m", "5K", "10K"}
TRIATHLON = {"Sprint triathlon", "Olympic triathlon", "Half Ironman", "Ironman"}
# sport → (unit, lowest and highest believable weekly volume, races it enters)
PLAUSIBLE = {
    "Track (800 m–5K)": ("mi/wk", 15, 60, TRACK),
    "Road running": ("mi/wk", 10, 55, {"5K", "10K", "Half marathon", "7.6 mi"}),
    "Marathon": ("mi/wk", 25, 85, {"10K", "Half marathon", "Marathon"}),
    "Trail running": ("mi/wk", 15, 65, {"Half marathon", "25K", "50K"}),
    "Ultramarathon": ("mi/wk", 40, 120, {"Marathon", "50K", "50 mi", "100 mi"}),
    "Triathlon": ("h/wk", 6, 20, TRIATHLON),
    "Cycling and running": ("h/wk", 4, 16, {"10K", "Half marathon", "Duathlon"}),
    "Cross-country skiing and running": ("h/wk", 4, 16, {"25K ski", "10K", "25K"}),
}
TREATMENT_CONSENTS = (
    (m.DryNeedling, "dry_needling"),
    (m.ElectroStim, "electroacupuncture"),
    (m.CuppingTreatment, "cupping"),
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    clinic = Clinic.open(str(tmp_path_factory.mktemp("believable") / "demo.db"))
    create_demo_clinic(clinic, command_line_actor(), patients=150, seed=21, today=TODAY)
    with clinic.session_factory() as session:
        yield session
    clinic.close()


def volume(text: str) -> tuple[int, str]:
    number, unit = re.fullmatch(r"(\d+) (mi/wk|h/wk)", text).groups()
    return int(number), unit


def test_sport_weekly_volume_and_races_fit_together(demo):
    profiles = demo.execute(
        select(m.AthleteProfile.patient_id, m.AthleteProfile.sports, m.AthleteProfile.weekly_volume)
    ).all()
    assert len(profiles) == 150
    sport_of = {}
    for patient_id, sport, weekly in profiles:
        unit, low, high, _races = PLAUSIBLE[sport]
        amount, written_unit = volume(weekly)
        assert written_unit == unit and low <= amount <= high, (patient_id, sport, weekly)
        sport_of[patient_id] = sport
    races = demo.execute(select(m.Race.patient_id, m.Race.name, m.Race.distance)).all()
    assert races
    for patient_id, name, distance in races:
        assert distance in PLAUSIBLE[sport_of[patient_id]][3], (sport_of[patient_id], name)


def test_intake_and_visit_training_agree_with_the_profile(demo):
    weekly = dict(
        demo.execute(select(m.AthleteProfile.patient_id, m.AthleteProfile.weekly_volume)).all()
    )
    for patient_id, load in demo.execute(select(m.Intake.patient_id, m.Intake.training_load)):
        amount, unit = volume(weekly[patient_id])
        word = "miles/week" if unit == "mi/wk" else "hours/week"
        assert load.startswith(f"{amount} {word}"), (load, weekly[patient_id])
    for patient_id, text in demo.execute(select(m.Visit.patient_id, m.Visit.training_since)):
        amount, unit = volume(weekly[patient_id])
        said = int(re.search(r"(\d+) (miles|hours)", text).group(1))
        assert said <= amount, (text, weekly[patient_id])
        assert ("miles" in text) == (unit == "mi/wk"), (text, weekly[patient_id])


def test_consents_are_signed_on_a_form_that_existed_and_before_treatment(demo):
    consents = demo.execute(
        select(
            m.Consent.patient_id, m.Consent.modality, m.Consent.signed_on, m.Consent.form_version
        )
    ).all()
    versions = {}
    for _patient, _modality, signed_on, version in consents:
        assert int(version[:4]) <= signed_on.year, (version, signed_on)
        versions.setdefault(version, []).append(signed_on)
    assert len(versions) > 1  # the forms were revised over ten years
    signed = {(p, modality): on for p, modality, on, _v in consents}
    first_visit = dict(
        demo.execute(
            select(m.Visit.patient_id, func.min(m.Visit.visit_date)).group_by(m.Visit.patient_id)
        ).all()
    )
    for patient_id, day in first_visit.items():
        assert signed[(patient_id, "acupuncture")] <= day
    for table, modality in TREATMENT_CONSENTS:
        treated = demo.execute(
            select(m.Visit.patient_id, m.Visit.visit_date).join(table, table.visit_id == m.Visit.id)
        ).all()
        assert treated, modality
        for patient_id, day in treated:
            assert signed.get((patient_id, modality), date.max) <= day, (patient_id, modality)


def test_patients_are_adults_on_their_first_visit_and_flags_fit_today(demo):
    rows = demo.execute(
        select(m.Patient.id, m.Patient.date_of_birth, func.min(m.Visit.visit_date))
        .join(m.Visit, m.Visit.patient_id == m.Patient.id)
        .group_by(m.Patient.id, m.Patient.date_of_birth)
    ).all()
    for patient_id, born, first in rows:
        assert (first - born).days >= 16 * 365, patient_id
    pregnant = demo.execute(
        select(m.PatientFlag.created_at).where(m.PatientFlag.kind == "pregnancy")
    ).all()
    assert all((TODAY - created.date()).days < 270 for (created,) in pregnant)


def test_a_note_says_improving_only_when_the_pain_went_down(demo):
    visits = demo.execute(
        select(m.Visit.episode_id, m.Visit.pain_nrs, m.Visit.assessment).order_by(
            m.Visit.episode_id, m.Visit.visit_date, m.Visit.id
        )
    ).all()
    checked = 0
    for (episode, before, _), (same, pain, assessment) in zip(visits, visits[1:], strict=False):
        if episode != same or before is None or pain is None:
            continue
        if assessment.endswith("improving."):
            assert pain < before, (episode, before, pain, assessment)
            checked += 1
        if pain > before and "maintenance" not in assessment:
            assert "improving" not in assessment and "no change" not in assessment
    assert checked > 100


def test_the_audit_trail_tells_the_clinic_s_history_in_order(demo):
    events = demo.execute(
        select(
            m.AuditEvent.id,
            m.AuditEvent.occurred_at,
            m.AuditEvent.action,
            m.AuditEvent.entity,
            m.AuditEvent.entity_id,
            m.AuditEvent.patient_id,
        ).order_by(m.AuditEvent.id)
    ).all()
    history = events[:-1]  # the last one records that the demo was made, now
    assert events[-1].action == "demo"
    times = [e.occurred_at for e in history]
    assert times == sorted(times)
    assert times[0].date() <= date(2016, 11, 28)  # ten years back
    by_kind = {}
    for e in history:
        by_kind.setdefault((e.action, e.entity), {})[e.entity_id] = e
    visits = demo.execute(
        select(m.Visit.id, m.Visit.patient_id, m.Visit.created_at, m.Visit.signed_at)
    ).all()
    for visit_id, patient_id, created, signed in visits:
        started, sign = by_kind[("create", "visit")][visit_id], by_kind[("sign", "visit")][visit_id]
        assert started.patient_id == sign.patient_id == patient_id
        assert started.occurred_at == created.replace(tzinfo=None) or started.occurred_at == created
        assert started.occurred_at < sign.occurred_at
        assert sign.occurred_at.replace(tzinfo=None) == signed.replace(tzinfo=None)
    registered = {
        e.patient_id: e.occurred_at
        for e in history
        if (e.action, e.entity) == ("create", "patient")
    }
    assert len(registered) == 150
    for e in history:
        if e.patient_id is not None:
            assert registered[e.patient_id] <= e.occurred_at, e
    payments = demo.scalars(select(m.Payment.id)).all()
    assert set(payments) == set(by_kind[("create", "payment")])
    assert verify_chain(demo).ok


def test_a_fresh_demo_passes_every_check(clinic):
    create_demo_clinic(clinic, command_line_actor(), patients=12, seed=5, today=TODAY)
    report = check_clinic(clinic)
    assert report.ok, report.problems
    with clinic.session_factory() as session:
        signs = session.scalar(select(func.count()).where(m.AuditEvent.action == "sign"))
        assert signs == session.scalar(select(func.count(m.Visit.id))) > 0
