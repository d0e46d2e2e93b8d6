"""Notes signed before seals existed are sealed once by the upgrade, and say so."""

from sqlalchemy import text

from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.integrity import check_clinic
from sportacu_desktop.storage.engine import make_engine
from sportacu_desktop.storage.schema import ensure_schema, upgrade
from tests.storage.test_migrations import _fill_like_the_first_release


def test_the_upgrade_seals_notes_signed_before_and_records_it(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0004")
    with engine.begin() as connection:
        _fill_like_the_first_release(connection)  # one signed visit, no signing event
    ensure_schema(engine)
    with engine.connect() as connection:
        events = connection.execute(
            text("SELECT actor, action, entity_id, detail FROM audit_event")
        ).all()
    engine.dispose()
    [(actor, action, visit_id, detail)] = events
    assert (actor, action, visit_id) == ("system", "seal", 1)
    assert "sealed by the upgrade to schema 0005" in detail

    clinic = Clinic.open(str(path))
    try:
        report = check_clinic(clinic)
    finally:
        clinic.close()
    assert report.ok, report.problems
    assert any("every signed note (1) matches" in line for line in report.passed)
