"""Issuing a treatment summary: stored exactly, numbered, addressed, audited; or refused."""

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import PermissionDenied
from sportacu_desktop.reports.summary_content import Section
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Actor, command_line_actor
from sportacu_desktop.services.summaries import (
    NothingToSummarize,
    Summaries,
    SummaryRequest,
)
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic
from tests.services.superbill_support import pdf_text

TODAY = date(2026, 11, 30)
DESK = Actor("desk", "Jamie at the desk", frozenset({Role.FRONT_DESK}))


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=4, seed=9, today=TODAY)
    with clinic.session_factory() as s:
        episode = s.scalar(
            select(m.Episode)
            .join(m.Visit, m.Visit.episode_id == m.Episode.id)
            .where(m.Visit.status == "signed")
            .order_by(m.Episode.id)
            .limit(1)
        )
        contact = s.scalar(
            select(m.CareTeamLink.contact_id).where(m.CareTeamLink.patient_id == episode.patient_id)
        )
        practitioner = s.scalar(select(m.User).where(m.User.username == "rokafor"))
        actor = Actor(
            practitioner.username,
            practitioner.display_name,
            frozenset({Role.PRACTITIONER}),
            user_id=practitioner.id,
        )
        return clinic, actor, SummaryRequest(episode.patient_id, episode.id, recipient_id=contact)


def issued_count(clinic) -> int:
    with clinic.session_factory() as s:
        return s.scalar(select(func.count(m.IssuedDocument.id)))


def test_issued_summary_is_stored_exactly_and_reprints_identically(demo, tmp_path):
    clinic, actor, request = demo
    summaries = Summaries(clinic.session_factory, actor)
    issued = summaries.issue(request, today=TODAY)
    assert issued.number.startswith(f"TS-{date.today().year}-")
    with clinic.session_factory() as s:
        row = s.get(m.IssuedDocument, issued.document_id)
        contact = s.get(m.CareContact, request.recipient_id)
        events = s.scalars(
            select(m.AuditEvent.action).where(
                m.AuditEvent.entity == "summary", m.AuditEvent.entity_id == row.id
            )
        ).all()
        assert (row.kind, row.patient_id, row.recipient_contact_id, row.issued_by) == (
            "summary",
            request.patient_id,
            contact.id,
            "rokafor",
        )
        assert row.sha256 == hashlib.sha256(row.content).hexdigest() == issued.sha256
        assert row.period_start <= row.period_end
        assert events == ["issue"]
        logged = s.execute(
            select(m.Disclosure.what, m.Disclosure.recipient, m.Disclosure.disclosed_by).where(
                m.Disclosure.document_id == row.id
            )
        ).all()
        assert logged == [("summary", f"{contact.name}, {contact.practice_name}", "rokafor")]
    letter = pdf_text(issued.content, tmp_path)
    assert issued.number in letter and contact.name.split(",")[0] in letter
    assert "Ruth Okafor" in letter  # the writer signs
    assert summaries.reprint(issued.number) == issued.content


def test_preview_stores_nothing_and_says_it_is_a_preview(demo, tmp_path):
    clinic, actor, request = demo
    before = issued_count(clinic)
    pdf = Summaries(clinic.session_factory, actor).preview(request, today=TODAY)
    assert "Preview — not issued" in pdf_text(pdf, tmp_path)
    assert issued_count(clinic) == before


def test_chosen_sections_and_personal_note_reach_the_issued_letter(demo, tmp_path):
    clinic, actor, request = demo
    from dataclasses import replace

    chosen = replace(
        request,
        sections=frozenset({Section.TREATMENT}),
        personal_note="Thanks for seeing her on short notice.",
    )
    issued = Summaries(clinic.session_factory, actor).issue(chosen, today=TODAY)
    letter = pdf_text(issued.content, tmp_path)
    assert "Thanks for seeing her on short notice." in letter
    assert "Treatment provided" in letter and "Recommendations and plan" not in letter


def test_nothing_signed_means_no_summary_and_nothing_stored(demo):
    clinic, actor, _ = demo
    chart = Charting(clinic.session_factory, command_line_actor())
    with clinic.session_factory() as s:
        patient_id = s.scalar(select(m.Patient.id).order_by(m.Patient.id.desc()).limit(1))
    draft = chart.start_visit(patient_id, on=TODAY)
    before = issued_count(clinic)
    with pytest.raises(NothingToSummarize, match="no signed visit"):
        Summaries(clinic.session_factory, actor).issue(
            SummaryRequest(patient_id, start=TODAY, end=TODAY), today=TODAY
        )
    assert draft.status != "signed" and issued_count(clinic) == before
    with clinic.session_factory() as s:
        assert not s.scalar(
            select(func.count(m.Disclosure.id)).where(m.Disclosure.what == "summary")
        )


def test_front_desk_may_not_write_summaries(demo):
    clinic, _actor, request = demo
    with pytest.raises(PermissionDenied, match="Only practitioners"):
        Summaries(clinic.session_factory, DESK).issue(request, today=TODAY)
    assert issued_count(clinic) == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE issued_document SET content = X'00' WHERE kind = 'summary'",
        "DELETE FROM issued_document WHERE kind = 'summary'",
    ],
)
def test_raw_sql_cannot_change_an_issued_summary(demo, statement):
    clinic, actor, request = demo
    Summaries(clinic.session_factory, actor).issue(request, today=TODAY)
    if clinic.engine.dialect.name == "postgresql":
        statement = statement.replace("X'00'", "'\\x00'::bytea")
    with (
        pytest.raises(DBAPIError, match="cannot be changed"),
        clinic.engine.begin() as connection,
    ):
        connection.execute(text(statement))


def test_a_period_summary_covers_the_signed_visits_between_two_dates(demo, tmp_path):
    clinic, actor, request = demo
    with clinic.session_factory() as s:
        first, last = s.execute(
            select(func.min(m.Visit.visit_date), func.max(m.Visit.visit_date)).where(
                m.Visit.episode_id == request.episode_id, m.Visit.status == "signed"
            )
        ).one()
        codes = s.scalars(
            select(m.Diagnosis.code).where(m.Diagnosis.episode_id == request.episode_id)
        ).all()
    period = SummaryRequest(request.patient_id, start=first, end=last)
    summaries = Summaries(clinic.session_factory, actor)
    content = summaries.content(period, today=TODAY)
    assert content.subject.startswith("Care from") and content.period == (first, last)
    issued = summaries.issue(period, today=TODAY)
    letter = pdf_text(issued.content, tmp_path)
    assert all(code in letter for code in codes)
    with clinic.session_factory() as s:
        row = s.get(m.IssuedDocument, issued.document_id)
        assert (row.period_start, row.period_end, row.recipient_contact_id) == (first, last, None)
        recipient = s.scalar(
            select(m.Disclosure.recipient).where(m.Disclosure.document_id == row.id)
        )
        assert recipient.startswith("Not addressed")
