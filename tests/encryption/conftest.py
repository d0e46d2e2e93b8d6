from datetime import date

import pytest

from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from tests.backup.helpers import PASSPHRASE


@pytest.fixture
def encrypted_path(tmp_path):
    """A small demo clinic, encrypted from its creation on."""
    path = tmp_path / "clinic.db"
    clinic = Clinic.open(str(path), passphrase=PASSPHRASE)
    create_demo_clinic(clinic, command_line_actor(), patients=12, seed=3, today=date(2026, 5, 4))
    clinic.close()
    return path
