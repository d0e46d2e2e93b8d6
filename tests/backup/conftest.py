from datetime import date

import pytest

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from tests.backup.helpers import PASSPHRASE

TODAY = date(2026, 5, 4)


def make_demo(path, passphrase=None, patients=12):
    clinic = Clinic.open(str(path), passphrase=passphrase)
    create_demo_clinic(clinic, command_line_actor(), patients=patients, seed=3, today=TODAY)
    return clinic


@pytest.fixture
def demo(tmp_path):
    """A small demo clinic in a real SQLite file, open."""
    clinic = make_demo(tmp_path / "clinic.db")
    yield clinic
    clinic.close()


@pytest.fixture
def encrypted_demo(tmp_path):
    clinic = make_demo(tmp_path / "clinic.db", PASSPHRASE)
    yield clinic
    clinic.close()
