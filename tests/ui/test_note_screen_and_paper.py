"""The signed note on screen and on paper say the same thing, in the same words and order."""

import re
import subprocess
import time
from datetime import UTC, datetime

import pytest

from sportacu_desktop.domain.visits import (
    AdverseEventEntry,
    DryNeedlingEntry,
    PointRow,
    VisitContent,
)
from sportacu_desktop.reports.note_content import build_note_content, plain_text
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.documents import Documents
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.users import authenticate
from sportacu_desktop.ui.charting.note_view import NoteView
from tests.ui.charting_support import demo_clinic_copy, patient_without

SIGNED_AT = datetime(2026, 11, 25, 16, 58, tzinfo=UTC)  # 11:58 in Portland, Maine


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


def sign(clinic, content: VisitContent):
    ruth = authenticate(clinic.session_factory, "rokafor", "sportacu-demo")
    chart = Charting(clinic.session_factory, ruth)
    patient_id = patient_without(clinic, "pacemaker_icd")
    note = chart.start_visit(patient_id)
    signed = chart.sign(note.id, content, note.version, at=SIGNED_AT)
    chart.add_addendum(signed.id, "Late entry", "Advised calf raises 3x15 daily.")
    name = PatientDirectory(clinic.session_factory, ruth).header(patient_id).full_name
    return ruth, chart.get(signed.id), name


def screen_text(qtbot, note, patient: str) -> str:
    view = NoteView()
    qtbot.addWidget(view)
    view.show_note(note, patient)
    return view.toPlainText()


def paper_text(clinic, actor, note, tmp_path) -> str:
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(Documents(clinic.session_factory, actor).visit_note_pdf(note.id).content)
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_says_in_order(text: str, lines: list[str]) -> None:
    said, at = flat(text), 0
    for line in lines:
        found = said.find(flat(line), at)
        assert found >= 0, f"{line!r} missing after …{said[max(0, at - 60) : at]!r}"
        at = found + len(flat(line))


CHARTED = VisitContent(
    pain_nrs=4,
    response_to_last="Looser for three days",
    assessment="IT band syndrome, right — improving",
    plan="Reassess in one week.",
    points=(
        PointRow("GB34", "R", "even", "0.25", 40, 20),
        PointRow("ST36", "B"),
        PointRow("GV20", "M"),
    ),
    dry_needling=(DryNeedlingEntry("Tensor fasciae latae", "R", True, 2),),
    adverse_events=(AdverseEventEntry("bruising", "mild", "Ice applied"),),
    needles_in=7,
    needles_out=7,
    contact_minutes=35,
)


def test_screen_and_paper_draw_the_same_note(qtbot, clinic, new_york, tmp_path):
    actor, note, patient = sign(clinic, CHARTED)
    content = build_note_content(note, patient)
    lines = plain_text(content)
    screen, paper = screen_text(qtbot, note, patient), paper_text(clinic, actor, note, tmp_path)
    assert_says_in_order(screen, lines)
    assert_says_in_order(paper, lines)

    for text in (screen, paper):
        # One word per side, local time with its zone, credentials printed once.
        assert "Bilateral" in text and "Midline" in text and "both" not in text.lower().split()
        assert "Nov 25, 2026 at 11:58 EST" in text and "16:58" not in text
        assert "DACM, L.Ac." in text and "L.Ac.." not in text
        assert "7 in, 7 out" in text
        assert "35 min" in text
    assert re.search(r"Page 1 of [12]\b", paper)


def test_what_was_not_charted_is_not_printed(qtbot, clinic, new_york, tmp_path):
    bare = VisitContent(
        pain_nrs=2,
        assessment="Calf tightness",
        points=(PointRow("BL57", "L"), PointRow("BL58", "L")),
        needles_in=2,
        needles_out=2,
    )
    actor, note, patient = sign(clinic, bare)
    screen, paper = screen_text(qtbot, note, patient), paper_text(clinic, actor, note, tmp_path)
    for text in (screen, paper):
        for absent in (
            "Technique",
            "Needle ",
            "Retention",
            "Contact",
            "0 min",
            "Objective",
            "Plan",
        ):
            assert absent not in text, absent
        assert "BL57 Chengshan" in text and "Left" in text


def test_a_long_note_numbers_its_pages_with_the_total(clinic, new_york, tmp_path):
    long = VisitContent(
        assessment="Achilles tendinopathy",
        subjective="\n".join(
            f"Day {n}: morning stiffness, eased after warm-up." for n in range(90)
        ),
        points=(PointRow("KI3", "L"),),
        needles_in=1,
        needles_out=1,
    )
    actor, note, _ = sign(clinic, long)
    paper = paper_text(clinic, actor, note, tmp_path)
    pages = re.findall(r"Page (\d) of (\d)", paper)
    assert len(pages) >= 2 and {total for _, total in pages} == {str(len(pages))}
    assert [int(number) for number, _ in pages] == list(range(1, len(pages) + 1))
