"""A demo clinic and its CSV export, and the entity-by-entity comparison of two clinics."""

from datetime import date

from sqlalchemy import select, update

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.billing import Billing
from sportacu_desktop.services.clinic_csv_format import exported_tables
from sportacu_desktop.services.context import Actor, Clinic, command_line_actor
from sportacu_desktop.services.demo import create_demo_clinic
from sportacu_desktop.services.superbills import Superbills
from sportacu_desktop.storage import models as m
from tests.services.superbill_support import insured_patient, signed_visit

TODAY = date(2026, 11, 25)
DESK = Actor("frontdesk", "Jamie", frozenset({Role.FRONT_DESK}), None)
# Columns that never leave the clinic, so the copy cannot hold them.
NOT_COPIED = {("app_user", "password_hash")}


PNG = (catalog.RESOURCES / "icons" / "sportacu-24.png").read_bytes()


def demo_clinic(url: str, patients: int = 20) -> Clinic:
    """The demo clinic, with a logo and superbills issued, one of them reopened and
    corrected (the records whose order of writing the database's guards care about)."""
    clinic = Clinic.open(url)
    create_demo_clinic(clinic, command_line_actor(), patients=patients, seed=3, today=TODAY)
    with clinic.session_factory.begin() as session:
        session.execute(update(m.Practice).values(logo_png=PNG))
    patient_id = insured_patient(clinic)
    visit_id = signed_visit(clinic, patient_id)
    superbills = Superbills(clinic.session_factory, DESK)
    first = superbills.issue(patient_id, visit_id=visit_id, today=TODAY)
    superbills.reopen(first.number, "wrong diagnosis pointer")
    Billing(clinic.session_factory, DESK).record_payment(
        patient_id, 2500, "card", visit_id=visit_id, received_on=TODAY, reference="=1+1"
    )
    superbills.issue(patient_id, visit_id=visit_id, today=TODAY)
    return clinic


def table_rows(clinic: Clinic, table) -> list[tuple]:
    columns = [c for c in table.columns if (table.name, c.name) not in NOT_COPIED]
    keys = list(table.primary_key.columns)
    with clinic.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(*keys))]


def differences(source: Clinic, copy: Clinic, *, audit_events: int) -> dict[str, str]:
    """Table -> what differs; the audit trail is compared over its first ``audit_events``."""
    found = {}
    for table in exported_tables():
        mine, theirs = table_rows(source, table), table_rows(copy, table)
        if table.name == "audit_event":
            mine, theirs = mine[:audit_events], theirs[:audit_events]
        if mine != theirs:
            first = next(
                (i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b), None
            )
            found[table.name] = (
                f"{len(mine)} vs {len(theirs)} rows; first difference at row {first}: "
                f"{mine[first] if first is not None else ''} != "
                f"{theirs[first] if first is not None else ''}"
            )
    return found
