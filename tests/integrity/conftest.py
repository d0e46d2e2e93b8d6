"""A small demo clinic on a real SQLite file, and a raw connection to play the attacker."""

import sqlite3
from contextlib import closing, contextmanager
from datetime import date

import pytest

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic

TODAY = date(2026, 5, 4)


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    """This computer's remembered audit heads live in a data folder of the test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture
def demo(tmp_path):
    clinic = Clinic.open(str(tmp_path / "clinic.db"))
    create_demo_clinic(clinic, command_line_actor(), patients=3, seed=5, today=TODAY)
    yield clinic
    clinic.close()


@contextmanager
def attacker(clinic: Clinic):
    """Raw SQL on the file, as anyone who can open it could do, committed at the end."""
    clinic.engine.dispose()
    path = clinic.engine.url.database
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        raw.execute("BEGIN")
        yield raw
        raw.execute("COMMIT")


def problems(clinic: Clinic) -> str:
    from sportacu_desktop.services.integrity import check_clinic

    return "\n".join(check_clinic(clinic).problems)


def trigger_sql(raw, name: str) -> str:
    return raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]


def a_signed_visit(raw) -> tuple[int, int]:
    """(visit id, patient id) of a signed visit that has point treatments."""
    return raw.execute(
        "SELECT v.id, v.patient_id FROM visit v WHERE v.status = 'signed' AND EXISTS "
        "(SELECT 1 FROM point_treatment p WHERE p.visit_id = v.id) ORDER BY v.id LIMIT 1"
    ).fetchone()
