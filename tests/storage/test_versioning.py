"""Stale-edit detection: a row's version column stops one workstation overwriting another."""

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from sportacu_desktop.storage.base import Tracked
from sportacu_desktop.storage.errors import explain
from sportacu_desktop.storage.models import Base
from sportacu_desktop.storage.patients import Patient
from tests.storage.conftest import new_patient


@pytest.fixture
def patient_id(clinic) -> int:
    with clinic.session_factory.begin() as session:
        patient = new_patient(phone="720-555-0142")
        session.add(patient)
        session.flush()
        return patient.id


def _stored(clinic, patient_id: int) -> tuple[str, str, int]:
    with clinic.session_factory() as session:
        patient = session.get(Patient, patient_id)
        return patient.phone, patient.notes, patient.version


def test_every_tracked_table_is_version_checked():
    tracked = [m for m in Base.registry.mappers if issubclass(m.class_, Tracked)]
    assert {"Patient", "Visit", "Episode", "Insurance", "BillingLine"} <= {
        m.class_.__name__ for m in tracked
    }
    for mapper in tracked:
        assert mapper.version_id_col is mapper.local_table.c.version, mapper.class_.__name__


def test_each_save_bumps_the_version(clinic, patient_id):
    assert _stored(clinic, patient_id)[2] == 1
    for expected in (2, 3):
        with clinic.session_factory.begin() as session:
            session.get(Patient, patient_id).notes = f"save {expected}"
        assert _stored(clinic, patient_id) == ("720-555-0142", f"save {expected}", expected)


def test_second_workstation_saving_a_stale_copy_is_refused(clinic, patient_id):
    """Each workstation read the chart in an earlier unit of work, then both save."""
    with clinic.session_factory() as front_desk, clinic.session_factory() as practitioner:
        at_desk = front_desk.get(Patient, patient_id)
        front_desk.commit()
        at_table = practitioner.get(Patient, patient_id)
        practitioner.commit()
        assert at_desk.version == at_table.version == 1

        at_desk.phone = "303-555-0199"
        front_desk.commit()
        at_table.notes = "Left calf tight after the 50 km."
        with pytest.raises(StaleDataError):
            practitioner.commit()

    assert _stored(clinic, patient_id) == ("303-555-0199", "", 2)


def test_stale_delete_is_refused(clinic, patient_id):
    with clinic.session_factory() as front_desk, clinic.session_factory() as practitioner:
        at_desk = front_desk.get(Patient, patient_id)
        front_desk.commit()
        at_table = practitioner.get(Patient, patient_id)
        practitioner.commit()

        at_desk.notes = "moved to Denver"
        front_desk.commit()
        practitioner.delete(at_table)
        with pytest.raises(StaleDataError):
            practitioner.commit()

    assert _stored(clinic, patient_id) == ("720-555-0142", "moved to Denver", 2)


def test_overlapping_transactions_never_overwrite(clinic, patient_id):
    """Both transactions still open when they write.

    PostgreSQL re-checks the version against the committed row and matches nothing.
    SQLite (WAL) refuses to let a transaction whose snapshot is out of date write at all,
    which the app reports as a busy database.
    """
    with clinic.session_factory() as first, clinic.session_factory() as second:
        mine = first.get(Patient, patient_id)
        theirs = second.get(Patient, patient_id)
        mine.phone = "303-555-0199"
        first.commit()
        theirs.phone = "000-000-0000"
        if clinic.is_sqlite:
            with pytest.raises(OperationalError, match="database is locked") as refused:
                second.commit()
            assert explain(refused.value) is not None
        else:
            with pytest.raises(StaleDataError):
                second.commit()
        assert sa_inspect(theirs).persistent

    assert _stored(clinic, patient_id) == ("303-555-0199", "", 2)
    with clinic.session_factory() as session:
        assert session.scalars(select(Patient.phone)).all() == ["303-555-0199"]
