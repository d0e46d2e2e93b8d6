"""Episodes of care: diagnoses checked against ICD-10-CM, chronicity, the MCID review rule."""

from datetime import date

import pytest

from sportacu_desktop.domain.episodes import Chronicity
from sportacu_desktop.domain.outcomes import Score, improved_by_mcid, reconsider_approach
from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.services.icd import icd_problem, search
from sportacu_desktop.services.patient_records import PatientRecords

TODAY = date(2026, 11, 25)


def test_icd_codes_must_be_billable_leaves():
    assert icd_problem("M76.31") is None
    assert icd_problem("m7631") is None
    assert "category" in icd_problem("M76.3")
    assert "not an ICD-10-CM code" in icd_problem("Q99.999")
    assert icd_problem("S83.511A") is None  # outside the running list, valid in the release
    assert ("M76.31", "Iliotibial band syndrome, right leg") in [
        (m.code, m.description) for m in search("iliotibial")
    ]


def test_mcid_rule_after_four_sessions():
    day = date(2026, 1, 1)
    flat = [Score("NPRS", day, 6), Score("NPRS", date(2026, 2, 1), 5)]
    better = [Score("NPRS", day, 6), Score("NPRS", date(2026, 2, 1), 3)]
    assert improved_by_mcid(better) == {"NPRS": True}
    assert reconsider_approach(3, flat) is None
    assert "reconsidered" in reconsider_approach(4, flat)
    assert reconsider_approach(4, better) is None
    lefs = [Score("LEFS", day, 40), Score("LEFS", date(2026, 2, 1), 49)]
    assert reconsider_approach(5, lefs) is None


@pytest.fixture
def patient(clinic):
    return (
        PatientRecords(clinic.session_factory, command_line_actor())
        .create(
            PatientInput(first_name="Liam", last_name="O'Brien", date_of_birth="1985-12-01"),
            today=TODAY,
        )
        .id
    )


def test_create_episode_with_chronicity_and_review(clinic, patient):
    from sportacu_desktop.services.users import create_owner

    create_owner(
        clinic.session_factory, username="dana", display_name="Dana", password="long enough pw"
    )
    episodes = Episodes(clinic.session_factory, command_line_actor())
    with pytest.raises(FieldErrors) as caught:
        episodes.create(
            patient, title="", onset_date="2027-01-01", diagnoses=["M76.3"], today=TODAY
        )
    assert set(caught.value.errors) == {"title", "onset_date", "diagnoses"}
    episode = episodes.create(
        patient,
        title="ITBS right",
        onset_date="2026-10-01",
        diagnoses=["M76.31", "Y93.02"],
        today=TODAY,
    )
    assert episode.chronicity is Chronicity.SUBACUTE
    assert (episode.plan.min_sessions, episode.plan.max_sessions) == (4, 10)
    assert episode.diagnoses[0] == ("M76.31", "Iliotibial band syndrome, right leg")
    chart = Charting(clinic.session_factory, command_line_actor())
    for week in range(4):
        note = chart.start_visit(patient, episode_id=episode.id, on=TODAY)
        chart.sign(note.id, VisitContent(pain_nrs=5, assessment=f"week {week}"), note.version)
    episodes.record_score(episode.id, "NPRS", 6, measured_on=date(2026, 10, 1))
    episodes.record_score(episode.id, "NPRS", 5, measured_on=date(2026, 11, 1))
    reviewed = episodes.get(episode.id)
    assert reviewed.sessions == 4 and "reconsidered" in reviewed.review
    episodes.record_score(episode.id, "NPRS", 3, measured_on=date(2026, 11, 20))
    assert episodes.get(episode.id).review is None
    with pytest.raises(FieldErrors):
        episodes.record_score(episode.id, "LEFS", 95)
