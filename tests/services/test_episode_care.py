"""Episodes on a real database: edit, discharge, measures, the visit-joins-episode rule and
what a signed visit freezes (diagnoses, outcome measures), down to raw SQL."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services.charting import Charting, ChooseEpisode
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.documents import Documents
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.services.patient_details import PatientDetails
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.services.users import create_owner
from tests.services.test_documents import pdf_text

TODAY = date(2026, 11, 25)
SIGNED_AT = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)


TREATED = VisitContent(assessment="treated", objective="Achilles tender")


@pytest.fixture
def care(clinic):
    create_owner(
        clinic.session_factory, username="dana", display_name="Dana", password="long enough pw"
    )
    actor = command_line_actor()
    patient = (
        PatientRecords(clinic.session_factory, actor)
        .create(PatientInput(first_name="Mia", last_name="Lund", date_of_birth="1990-02-03"))
        .id
    )
    episodes = Episodes(clinic.session_factory, actor)
    achilles = episodes.create(
        patient,
        title="Achilles right",
        onset_date="2026-05-01",
        diagnoses=["M76.61"],
        today=TODAY,
    )
    return episodes, Charting(clinic.session_factory, actor), patient, achilles


def sign(chart, patient, episode_id=None) -> int:
    note = chart.start_visit(patient, episode_id=episode_id, on=TODAY)
    chart.sign(note.id, TREATED, note.version, at=SIGNED_AT)
    return note.id


def test_chronic_episode_counts_its_sessions_and_suggests_a_visit(care):
    episodes, chart, patient, achilles = care
    assert achilles.chronicity.value == "chronic" and achilles.plan.expected == (8, 16)
    for _ in range(5):
        sign(chart, patient)  # one open episode: every visit joins it
    view = episodes.get(achilles.id, today=TODAY)
    assert view.sessions == 5 and view.session_text == "Session 5 of 8–16"
    assert view.next_visit.on == date(2026, 12, 2)  # weekly while the injury is treated
    assert view.as_json()["expected_sessions"] == [8, 16]


def test_a_visit_asks_which_episode_when_several_are_open(care):
    episodes, chart, patient, achilles = care
    knee = episodes.create(
        patient, title="Knee", onset_date="2026-11-20", diagnoses=["M76.51"], today=TODAY
    )
    with pytest.raises(ChooseEpisode) as asked:
        chart.start_visit(patient, on=TODAY)
    assert [title for _, title in asked.value.episodes] == ["Knee", "Achilles right"]
    note = chart.start_visit(patient, episode_id=knee.id, on=TODAY)
    assert note.episode_id == knee.id


def test_edit_and_discharge(care):
    episodes, _chart, patient, achilles = care
    with pytest.raises(FieldErrors) as bad:
        episodes.update(
            achilles.id,
            title="",
            onset_date="soon",
            diagnoses=["M76.6"],
            recurring=False,
            maintenance=False,
        )
    assert set(bad.value.errors) == {"title", "onset_date", "diagnoses"}
    assert "category" in bad.value.errors["diagnoses"]
    edited = episodes.update(
        achilles.id,
        title="Achilles tendinopathy R",
        onset_date="2026-11-01",
        diagnoses=["M76.61", "M79.661"],
        recurring=False,
        maintenance=False,
        today=TODAY,
    )
    assert edited.chronicity.value == "acute" and len(edited.diagnoses) == 2
    closed = episodes.discharge(achilles.id, "referred_out", on=TODAY)
    assert closed.status == "closed" and closed.discharge_reason == "referred_out"
    assert closed.next_visit is None
    with pytest.raises(FieldErrors, match="already discharged"):
        episodes.discharge(achilles.id, "goals_met")
    with pytest.raises(FieldErrors, match="Choose why"):
        episodes.discharge(achilles.id, "bored")


def test_psfs_and_recovery_markers_are_validated_as_a_whole(care):
    episodes, _chart, patient, achilles = care
    assert (
        episodes.record_psfs(
            achilles.id, [("run", 3), ("stairs", 5), ("hop", 4)], measured_on=TODAY
        )
        == 4.0
    )
    with pytest.raises(FieldErrors) as bad:
        episodes.record_markers(patient, {"HRV": 70, "RESTING_HR": 300, "SLEEP_HOURS": 7})
    assert bad.value.errors == {"RESTING_HR": "Resting heart rate is between 25 and 120 bpm."}
    episodes.record_markers(patient, {"HRV": 70, "SLEEP_HOURS": 7.5}, measured_on=TODAY)
    care_view = episodes.care(patient, today=TODAY)
    assert {s.instrument for s in care_view.markers} == {"HRV", "SLEEP_HOURS"}
    assert [s.instrument for s in care_view.episodes[0].scores] == ["PSFS"]


def test_a_signed_note_keeps_its_diagnoses_as_they_were(clinic, care, tmp_path):
    episodes, chart, patient, achilles = care
    visit_id = sign(chart, patient)
    episodes.set_diagnoses(achilles.id, ["M76.62"])  # the practitioner changes the episode
    printed = Documents(clinic.session_factory, command_line_actor()).visit_note_pdf(visit_id)
    text_of_note = pdf_text(printed.content, tmp_path)
    assert "M76.61" in text_of_note and "M76.62" not in text_of_note
    with pytest.raises(DBAPIError, match="signed visit"), clinic.engine.begin() as conn:
        conn.execute(text("UPDATE signed_visit_diagnosis SET code = 'M76.62'"))
    with pytest.raises(DBAPIError, match="signed visit"), clinic.engine.begin() as conn:
        conn.execute(text("DELETE FROM signed_visit_diagnosis"))
    with pytest.raises(DBAPIError, match="signed visit"), clinic.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO signed_visit_diagnosis (visit_id, rank, code, description) "
                "VALUES (:v, 2, 'M79.661', 'Pain in right lower leg')"
            ),
            {"v": visit_id},
        )


def test_the_database_refuses_changing_a_signed_visits_measures(clinic, care):
    episodes, chart, patient, achilles = care
    note = chart.start_visit(patient, on=TODAY)
    episodes.record_score(achilles.id, "NPRS", 6, measured_on=TODAY, visit_id=note.id)
    chart.sign(note.id, TREATED, note.version, at=SIGNED_AT)
    with pytest.raises(FieldErrors, match="This visit is signed"):
        episodes.record_score(achilles.id, "NPRS", 2, visit_id=note.id)
    for statement in (
        "UPDATE outcome_measure SET score = 2",
        "DELETE FROM outcome_measure",
        "UPDATE outcome_measure SET visit_id = NULL",
    ):
        with pytest.raises(DBAPIError, match="signed visit"), clinic.engine.begin() as conn:
            conn.execute(text(statement))
    with clinic.engine.connect() as conn:
        assert conn.execute(text("SELECT score FROM outcome_measure")).scalar() == 6
    # A measure outside any visit stays an ordinary, correctable row.
    episodes.record_score(achilles.id, "LEFS", 40, measured_on=TODAY)
    with clinic.engine.begin() as conn:
        conn.execute(text("UPDATE outcome_measure SET score = 41 WHERE visit_id IS NULL"))


def test_next_visit_for_the_header_follows_the_race_calendar(clinic, care):
    episodes, _chart, patient, achilles = care
    episodes.discharge(achilles.id, "maintenance", on=TODAY)
    PatientDetails(clinic.session_factory, command_line_actor()).add_race(
        patient, name="Bay Marathon", race_date="2026-12-10", distance="Marathon", priority="A"
    )
    suggested = episodes.next_visit(patient, today=TODAY)
    assert suggested.on == date(2026, 11, 30)  # 10 days before the A race
    assert suggested.reason == "pre-race session before Bay Marathon"
