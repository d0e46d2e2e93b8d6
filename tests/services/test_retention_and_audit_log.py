"""Retention and destruction, and the administrator's view of the audit trail."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.services.audit import verify_chain
from sportacu_desktop.services.audit_log import AuditFilter, AuditLog
from sportacu_desktop.services.context import PermissionDenied, command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.retention import Retention, eligible_on
from sportacu_desktop.services.users import authenticate
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(clinic):
    demo_clinic(clinic, command_line_actor(), patients=60, seed=21, today=TODAY)
    return clinic


def test_period_runs_from_last_visit_or_from_the_eighteenth_birthday():
    assert eligible_on(date(2015, 3, 1), date(1980, 1, 1), 7) == date(2022, 3, 1)
    assert eligible_on(date(2015, 3, 1), date(2005, 6, 1), 7) == date(2030, 6, 1)


def test_eligible_lists_only_charts_past_the_period(demo):
    retention = Retention(demo.session_factory, command_line_actor())
    assert retention.years() == 7
    candidates = retention.eligible(TODAY)
    assert candidates and all(c.eligible_since <= TODAY for c in candidates)
    assert all(c.last_activity <= date(2019, 11, 25) for c in candidates)
    retention.set_years(30)
    assert retention.eligible(TODAY) == []


def test_destroy_removes_every_record_keeps_the_trail_and_needs_admin(demo):
    retention = Retention(demo.session_factory, command_line_actor())
    target = retention.eligible(TODAY)[0]
    desk = authenticate(demo.session_factory, "frontdesk", "sportacu-demo")
    with pytest.raises(PermissionDenied):
        Retention(demo.session_factory, desk).destroy(target.patient_id, "retention")
    chart = retention.destroy(target.patient_id, "7-year retention reached", today=TODAY)
    assert chart == target.chart_number
    with demo.session_factory() as s:
        assert s.get(m.Patient, target.patient_id) is None
        for table in (m.Visit, m.Payment, m.Insurance, m.Episode):
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(table.patient_id == target.patient_id)
                )
                == 0
            )
        orphans = s.execute(text("PRAGMA foreign_key_check")).fetchall() if demo.is_sqlite else []
        assert orphans == []
        assert verify_chain(s).ok
    events = AuditLog(demo.session_factory, command_line_actor()).events(
        AuditFilter(patient_id=target.patient_id, action="destroy")
    )
    assert events and chart in events[0].detail
    assert PatientDirectory(demo.session_factory, command_line_actor()).search(chart) == []


def test_records_inside_the_period_cannot_be_destroyed(demo):
    retention = Retention(demo.session_factory, command_line_actor())
    eligible = {c.patient_id for c in retention.eligible(TODAY)}
    recent = next(i for i in range(1, 61) if i not in eligible)
    with pytest.raises(PermissionError):
        retention.destroy(recent, "asked", today=TODAY)


def test_signed_notes_still_cannot_be_deleted_without_an_order(demo):
    with pytest.raises(DBAPIError), demo.engine.begin() as conn:
        conn.execute(text("DELETE FROM point_treatment WHERE visit_id = 1"))


def test_audit_log_filters_and_exports(demo):
    directory = PatientDirectory(demo.session_factory, command_line_actor())
    directory.header(3)
    directory.header(4)
    log = AuditLog(demo.session_factory, command_line_actor())
    views = log.events(AuditFilter(action="view"))
    assert [e.patient_id for e in views] == [4, 3]
    assert log.events(AuditFilter(patient_id=3))[0].chart_number == "SA-000003"
    assert log.events(AuditFilter(since=date(2000, 1, 1), until=date(2000, 1, 2))) == []
    assert "view" in log.actions()
    exported = list(csv.reader(io.StringIO(log.export_csv(AuditFilter(action="view")).decode())))
    assert exported[0][:4] == ["id", "occurred_at_utc", "user", "action"]
    assert len(exported) == 3
    assert log.events(AuditFilter(action="export"))
    desk = authenticate(demo.session_factory, "frontdesk", "sportacu-demo")
    with pytest.raises(PermissionDenied):
        AuditLog(demo.session_factory, desk).events()
