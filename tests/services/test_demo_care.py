"""The demo clinic shows every episode rule: bands, improving/stalled/worsening measures,
the reconsider notice, overtraining, races around visits and frozen diagnoses."""

from datetime import date

import pytest
from sqlalchemy import func, select

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 30)


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=12, seed=5, today=TODAY)
    return Episodes(clinic.session_factory, command_line_actor())


def test_showcase_patients(demo):
    achilles = demo.care(2, today=TODAY)
    chronic = achilles.open_episodes[0]
    assert len(achilles.open_episodes) == 1  # a new visit joins it without asking
    assert chronic.chronicity.value == "chronic" and chronic.session_text == "Session 7 of 8–16"
    assert {c.trend.value for c in chronic.progress.changes} == {"improved"}
    assert achilles.next_visit.reason == "pre-race session before Casco Bay Marathon"
    assert {r.priority for r in achilles.races} >= {"A", "C"}
    assert {s.instrument for s in achilles.markers} >= {"HRV", "RESTING_HR", "WEEKLY_KM"}

    stalled = demo.care(3, today=TODAY).open_episodes[0]
    assert stalled.sessions == 4 and stalled.progress.reconsider
    assert "should be reconsidered" in stalled.progress.message

    worse = demo.care(4, today=TODAY)
    assert {c.trend.value for c in worse.open_episodes[0].progress.changes} == {"worsened"}
    assert worse.overtraining is not None


def test_every_band_and_frozen_diagnoses(clinic, demo):
    bands = {e.chronicity.value for p in range(1, 13) for e in demo.of_patient(p, today=TODAY)}
    assert bands == {"acute", "subacute", "chronic", "maintenance"}
    with clinic.session_factory() as session:
        signed = session.scalar(select(func.count()).where(m.Visit.status == "signed"))
        frozen = session.scalar(select(func.count(func.distinct(m.SignedVisitDiagnosis.visit_id))))
        reasons = set(session.scalars(select(m.Episode.discharge_reason)))
    assert signed and frozen == signed
    assert "goals_met" in reasons
