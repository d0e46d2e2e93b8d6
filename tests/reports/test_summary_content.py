"""The summary's wording from signed notes: findings side by side, what was done, counted."""

from datetime import date

from sportacu_desktop.domain.visits import (
    AdverseEventEntry,
    CuppingEntry,
    DryNeedlingEntry,
    ElectroEntry,
    MuscleTestEntry,
    PointRow,
    RomEntry,
    SpecialTestEntry,
    VisitContent,
    VisitNote,
)
from sportacu_desktop.services.summary_findings import findings_of
from sportacu_desktop.services.summary_visits import adverse_events, treatment_done


def note(day: int, **content) -> VisitNote:
    return VisitNote(
        id=day,
        patient_id=1,
        episode_id=1,
        provider_id=None,
        provider_name="",
        visit_date=date(2026, 10, day),
        status="signed",
        version=1,
        signed_at=None,
        signed_by="",
        content=VisitContent(**content),
    )


def test_initial_and_latest_findings_side_by_side_with_blanks_where_not_examined():
    first = note(
        2,
        tests=(SpecialTestEntry("Thompson test", "R", "positive"),),
        rom=(RomEntry("Ankle", "Dorsiflexion", 8, "R"),),
        muscle_tests=(MuscleTestEntry("Gluteus medius", 3, "L"),),
    )
    middle = note(9, assessment="no examination today")
    last = note(
        16,
        tests=(
            SpecialTestEntry("Thompson test", "R", "negative"),
            SpecialTestEntry("Hop test", "R", "negative"),
        ),
        rom=(RomEntry("Ankle", "Dorsiflexion", 15, "R"),),
    )
    found = findings_of([first, middle, last])
    assert (found.initial_on, found.latest_on) == (date(2026, 10, 2), date(2026, 10, 16))
    assert [(r.finding, r.initial, r.latest) for r in found.tests] == [
        ("Thompson test (right)", "Positive", "Negative"),
        ("Hop test (right)", "", "Negative"),
    ]
    assert [(r.initial, r.latest) for r in found.rom] == [("8°", "15°")]
    assert [(r.finding, r.initial, r.latest) for r in found.muscle_tests] == [
        ("Gluteus medius (left)", "3/5", "")
    ]
    assert findings_of([middle]) is None
    once = findings_of([first, middle])
    assert once.latest_on is None and once.tests[0].initial == "Positive"


def test_what_was_done_counts_visits_not_needles():
    visits = [
        note(
            day,
            points=(PointRow("GB34", "B"), PointRow("ST36", "L"), PointRow("ST36", "R")),
            dry_needling=(DryNeedlingEntry("Soleus", "R", needles=4),),
            electro=(ElectroEntry("GB34", "GB39", "continuous", "2", "to tolerance", 20),),
            cupping=(CuppingEntry("Calf", "cupping", technique="moving"),),
            adverse_events=(AdverseEventEntry("bruising", "mild", "Pressure applied."),),
        )
        for day in (2, 9, 16)
    ] + [note(23, points=(PointRow("LR3", "B"),), cupping=(CuppingEntry("Calf", "gua_sha"),))]
    done = dict(treatment_done(visits))
    assert done["Acupuncture points (visits)"] == "GB34 ×3, ST36 ×3, LR3"
    assert done["Muscles dry-needled (visits)"] == "Soleus R ×3"
    assert done["Electroacupuncture"] == "GB34–GB39 continuous 2 Hz, to tolerance, 20 min ×3"
    assert done["Cupping / gua sha"] == "Moving cupping, calf ×3, Gua sha, calf"
    assert adverse_events(visits) == ("Bruising (mild): Pressure applied — 3 visits",)
    assert treatment_done([note(30, assessment="talk only")]) == ()
