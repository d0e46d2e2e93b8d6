from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.integrity import check_clinic
from tests.demo_cache import demo_clinic


def test_a_demo_clinic_passes_every_check(clinic):
    demo_clinic(clinic, command_line_actor(), patients=3, seed=1)
    report = check_clinic(clinic)
    assert report.ok, report.problems
    assert any("locked by the database" in line for line in report.passed)
