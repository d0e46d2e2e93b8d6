"""The one permission table, enforced by the services; emergency access reads and prints only."""

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.permissions import TABLE, Action, allows
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import PermissionDenied, command_line_actor
from sportacu_desktop.services.demo import DEMO_PASSWORD
from sportacu_desktop.services.documents import Documents
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.services.intake import Intakes
from sportacu_desktop.services.users import authenticate
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 25)
REASON = "Patient collapsed in the waiting room; EMS needs the treatment record"
PACKAGE = Path(__file__).resolve().parents[2] / "sportacu_desktop"


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=5, seed=2, today=TODAY)
    return clinic


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text, pages separated by form feeds."""
    path = tmp_path / "note.pdf"
    path.write_bytes(content)
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return "\f".join(page.extract_text() for page in PdfReader(path).pages)


def sign_in(clinic, username, **kw):
    return authenticate(clinic.session_factory, username, DEMO_PASSWORD, **kw)


def signed_visit_of(clinic) -> tuple[int, int]:
    with clinic.session_factory() as s:
        visit = s.scalars(select(m.Visit).where(m.Visit.status == "signed").limit(1)).one()
        return visit.id, visit.patient_id


def events_of(clinic, username: str) -> list[m.AuditEvent]:
    """What ``username`` did after the demo clinic was made (its history has their past)."""
    with clinic.session_factory() as s:
        made = select(func.max(m.AuditEvent.id)).where(m.AuditEvent.action == "demo")
        return list(
            s.scalars(
                select(m.AuditEvent)
                .where(m.AuditEvent.actor == username, m.AuditEvent.id > made.scalar_subquery())
                .order_by(m.AuditEvent.id)
            )
        )


def test_every_action_is_in_the_table_and_only_reading_and_printing_open_in_an_emergency():
    assert set(TABLE) == set(Action)
    opened = {action for action, permission in TABLE.items() if permission.emergency}
    assert opened == {
        Action.VIEW_PATIENT,
        Action.READ_VISIT_NOTES,
        Action.PRINT_VISIT_NOTE,
        Action.READ_EPISODES,
        Action.READ_INTAKES,
    }
    front_desk = frozenset({Role.FRONT_DESK})
    for action in (Action.CHART_VISIT, Action.SIGN_NOTE, Action.ADD_ADDENDUM):
        assert TABLE[action].roles == {Role.PRACTITIONER}
        assert not allows(action, front_desk, emergency=True)
    assert allows(Action.READ_VISIT_NOTES, front_desk, emergency=True)
    assert not allows(Action.READ_VISIT_NOTES, front_desk)


def test_no_role_set_is_written_outside_the_table():
    # Granting roles to an account (the owner, the user dialog) names roles; deciding who
    # may do something never does, outside domain/permissions.py.
    granting = {"services/users.py": 1, "ui/admin/user_dialogs.py": 3}
    for folder in ("domain", "services", "ui", "cli"):
        for path in (PACKAGE / folder).rglob("*.py"):
            relative = path.relative_to(PACKAGE).as_posix()
            if relative == "domain/permissions.py":
                continue
            found = re.findall(r"\bRole\.(ADMIN|PRACTITIONER|FRONT_DESK)\b", path.read_text())
            allowed = granting.get(relative, 0)
            assert len(found) <= allowed * 2, f"{relative} decides by role: {found}"


def test_emergency_access_never_lets_the_front_desk_chart_or_sign(demo):
    desk = sign_in(demo, "frontdesk", emergency_reason=REASON)
    assert Role.PRACTITIONER not in desk.roles
    chart = Charting(demo.session_factory, desk)
    visit_id, patient_id = signed_visit_of(demo)
    with pytest.raises(PermissionDenied, match="Only practitioners may start or edit visit"):
        chart.start_visit(patient_id)
    # A draft started by a practitioner stays out of reach too.
    draft = Charting(demo.session_factory, sign_in(demo, "rokafor")).start_visit(patient_id)
    content = VisitContent(assessment="charted by the front desk")
    with pytest.raises(PermissionDenied):
        chart.save(draft.id, content, draft.version)
    with pytest.raises(PermissionDenied):
        chart.autosave(draft.id, "{}")
    with pytest.raises(PermissionDenied, match="Only practitioners may sign visit notes"):
        chart.sign(draft.id, content, draft.version)
    with pytest.raises(PermissionDenied):
        chart.add_addendum(visit_id, "late", "text")
    with pytest.raises(PermissionDenied):
        Episodes(demo.session_factory, desk).create(
            patient_id, title="x", onset_date="2026-11-01", diagnoses=[]
        )
    with pytest.raises(PermissionDenied):
        chart.most_used_points(patient_id)
    with pytest.raises(PermissionDenied):
        chart.safety(patient_id, content)
    with demo.session_factory() as s:
        assert s.get(m.Visit, draft.id).status == "draft"
        assert s.get(m.Visit, draft.id).assessment in ("", None)


def test_charting_aids_read_nothing_for_someone_who_may_not_chart(demo):
    desk = sign_in(demo, "frontdesk")
    chart = Charting(demo.session_factory, desk)
    _, patient_id = signed_visit_of(demo)
    with pytest.raises(PermissionDenied):
        chart.most_used_points(patient_id)
    with pytest.raises(PermissionDenied):
        chart.safety(patient_id, VisitContent())
    ruth = Charting(demo.session_factory, sign_in(demo, "rokafor"))
    assert ruth.most_used_points(patient_id)


def test_every_read_under_emergency_access_is_in_the_audit_trail(demo):
    desk = sign_in(demo, "frontdesk", emergency_reason=REASON)
    visit_id, patient_id = signed_visit_of(demo)
    visits = Charting(demo.session_factory, desk).visits_of(patient_id)
    episodes = Episodes(demo.session_factory, desk).of_patient(patient_id)
    Intakes(demo.session_factory, desk).history(patient_id)
    Charting(demo.session_factory, desk).get(visit_id)
    assert visits and episodes
    read = [(e.action, e.entity, e.patient_id) for e in events_of(demo, "frontdesk")]
    assert read[0][0] == "break_glass"
    assert ("view", "visit", patient_id) in read
    assert ("view", "episode", patient_id) in read
    assert ("view", "intake", patient_id) in read
    assert all(f"[EMERGENCY ACCESS: {REASON}]" in e.detail for e in events_of(demo, "frontdesk"))


def test_a_practitioners_ordinary_listing_writes_no_event(demo):
    ruth = sign_in(demo, "rokafor")
    _, patient_id = signed_visit_of(demo)
    before = len(events_of(demo, "rokafor"))
    Charting(demo.session_factory, ruth).visits_of(patient_id)
    Episodes(demo.session_factory, ruth).of_patient(patient_id)
    assert len(events_of(demo, "rokafor")) == before


def test_a_note_printed_under_emergency_access_says_so_on_every_page(demo, tmp_path):
    desk = sign_in(demo, "frontdesk", emergency_reason=REASON)
    ruth = Charting(demo.session_factory, sign_in(demo, "rokafor"))
    _, patient_id = signed_visit_of(demo)
    # A long note, so the print runs over several pages.
    note = ruth.start_visit(patient_id, on=TODAY)
    long_text = "\n".join(f"Line {i}: hamstring load discussed." for i in range(160))
    ruth.sign(
        note.id,
        VisitContent(assessment="Hamstring strain", subjective=long_text),
        note.version,
        at=datetime(2026, 11, 25, 16, 0, tzinfo=UTC),
    )
    issued = Documents(demo.session_factory, desk).visit_note_pdf(note.id)
    pages = pdf_text(issued.content, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for page in pages:
        flat = " ".join(page.split())
        assert "PRINTED UNDER EMERGENCY ACCESS by" in flat
        assert "(frontdesk)" in flat and "Reason: Patient collapsed in the waiting room" in flat
    prints = [e for e in events_of(demo, "frontdesk") if e.action == "print"]
    assert prints and prints[0].detail.startswith(f"[EMERGENCY ACCESS: {REASON}]")
    # The practitioner's own print of the same note carries no such mark.
    normal = Documents(demo.session_factory, sign_in(demo, "rokafor")).visit_note_pdf(note.id)
    assert "EMERGENCY" not in pdf_text(normal.content, tmp_path)
