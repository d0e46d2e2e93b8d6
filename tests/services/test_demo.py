"""The demo clinic on a real database: realistic, consistent, and all-or-nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.identifiers import ein_problem, is_valid_npi, npi_type
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import ClinicNotEmpty, DemoCancelled, create_demo_clinic
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.storage import models as m
from tests.demo_cache import demo_clinic

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(clinic):
    summary = demo_clinic(clinic, command_line_actor(), patients=30, seed=11, today=TODAY)
    return clinic, summary


def test_practice_and_providers_carry_valid_identifiers(demo):
    clinic, _ = demo
    with clinic.session_factory() as s:
        practice = s.scalars(select(m.Practice)).one()
        assert ein_problem(practice.ein) is None
        assert is_valid_npi(practice.npi) and npi_type(practice.npi) == 2
        providers = [u for u in s.scalars(select(m.User)) if "practitioner" in u.roles]
        assert providers and all(is_valid_npi(u.npi) and npi_type(u.npi) == 1 for u in providers)
        assert all(u.credentials and u.license_number for u in providers)
        contacts = s.scalars(select(m.CareContact)).all()
        assert all(is_valid_npi(c.npi) for c in contacts)


def test_visits_are_signed_counted_and_coded_from_the_reference(demo):
    clinic, summary = demo
    with clinic.session_factory() as s:
        assert s.scalar(select(func.count(m.Visit.id))) == summary.visits > 30
        assert s.scalar(select(func.count(m.Visit.id)).where(m.Visit.status != "signed")) == 0
        mismatched = select(func.count(m.Visit.id)).where(m.Visit.needles_in != m.Visit.needles_out)
        assert s.scalar(mismatched) == 0
        assert s.scalar(select(func.max(m.Visit.visit_date))) < TODAY
        codes = set(s.scalars(select(m.Diagnosis.code)))
        assert codes <= set(catalog.icd_codes())
        points = set(s.scalars(select(m.PointTreatment.point_code)))
        assert points <= set(catalog.acupoints())
        for table in (m.DryNeedling, m.ElectroStim, m.CuppingTreatment, m.Payment, m.Race):
            assert s.scalar(select(func.count()).select_from(table)) > 0, table.__name__


def test_no_electroacupuncture_for_patients_with_a_pacemaker(sqlite_url):
    # The generator's rule, not the backend's: 400 patients are enough to draw pacemakers,
    # and building them again on PostgreSQL only cost the suite a quarter of a minute.
    clinic = Clinic.open(sqlite_url)
    create_demo_clinic(clinic, command_line_actor(), patients=400, seed=5, today=TODAY)
    with clinic.session_factory() as s:
        paced = select(m.PatientFlag.patient_id).where(m.PatientFlag.kind == "pacemaker_icd")
        assert s.scalar(select(func.count()).select_from(paced.subquery())) > 0
        ea_for_paced = (
            select(func.count(m.ElectroStim.id))
            .join(m.Visit, m.Visit.id == m.ElectroStim.visit_id)
            .where(m.Visit.patient_id.in_(paced))
        )
        assert s.scalar(ea_for_paced) == 0
    clinic.close()


def test_billing_lines_have_one_initial_timed_code_per_visit(demo):
    clinic, _ = demo
    with clinic.session_factory() as s:
        per_visit = (
            select(m.BillingLine.visit_id, func.count())
            .where(m.BillingLine.cpt_code.in_(("97810", "97813")))
            .group_by(m.BillingLine.visit_id)
        )
        assert all(count == 1 for _, count in s.execute(per_visit))
        charges = s.scalars(select(m.BillingLine.charge_cents)).all()
        assert charges and all(isinstance(c, int) and c > 0 for c in charges)


def test_a_clinic_with_patients_is_refused_and_left_alone(demo):
    clinic, summary = demo
    with pytest.raises(ClinicNotEmpty):
        create_demo_clinic(clinic, command_line_actor(), patients=5, seed=1, today=TODAY)
    assert PatientDirectory(clinic.session_factory, command_line_actor()).count() == 30


def test_cancelling_writes_nothing(clinic):
    seen = []

    def progress(done, total):
        seen.append(done)
        return done < 50

    with pytest.raises(DemoCancelled):
        create_demo_clinic(
            clinic, command_line_actor(), patients=100, seed=2, today=TODAY, progress=progress
        )
    assert seen and seen[-1] == 50
    with clinic.session_factory() as s:
        assert s.scalar(select(func.count(m.Patient.id))) == 0
        assert s.scalar(select(func.count(m.Practice.id))) == 0


def test_new_rows_after_the_demo_get_fresh_ids(demo):
    """Demo rows carry explicit ids; the next ordinary insert must not collide with them."""
    clinic, _ = demo
    with clinic.session_factory.begin() as s:
        contact = m.CareContact(name="New PT", role="PT")
        s.add(contact)
        s.flush()
        assert contact.id == 41


@pytest.mark.parametrize("bad", [0, -3, 20001])
def test_patient_count_is_validated(clinic, bad):
    with pytest.raises(ValueError):
        create_demo_clinic(clinic, command_line_actor(), patients=bad)
