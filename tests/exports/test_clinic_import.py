"""A clinic rebuilt from its own CSV export: every row back, locked and chained as before."""

import json
import shutil

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.services import audit
from sportacu_desktop.services.care_contacts import CareContacts, ContactInput
from sportacu_desktop.services.clinic_csv_format import MANIFEST
from sportacu_desktop.services.clinic_import import ImportCancelled, TargetNotEmpty, import_clinic
from sportacu_desktop.services.clinic_manifest import NotAClinicExport
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.csv_export import export_csv
from sportacu_desktop.services.integrity import check_clinic
from sportacu_desktop.services.users import authenticate, create_owner, has_accounts
from sportacu_desktop.storage import models as m
from tests.exports.support import demo_clinic, differences


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A demo clinic on SQLite and its export, made once for the module."""
    folder = tmp_path_factory.mktemp("source")
    source = demo_clinic(f"sqlite:///{folder / 'source.db'}", patients=20)
    with source.session_factory() as session:
        events = session.scalar(select(func.count(m.AuditEvent.id)))
    export_csv(source.session_factory, command_line_actor(), folder / "export")
    yield source, folder / "export", events
    source.close()


def rows_in(clinic) -> int:
    with clinic.session_factory() as session:
        return sum(
            session.scalar(select(func.count()).select_from(t))
            for t in m.Base.metadata.tables.values()
            if t.name != "database_identity"
        )


def test_the_copy_holds_every_row_of_every_table_and_checks_clean(exported, clinic):
    source, folder, events = exported
    result = import_clinic(clinic, folder, command_line_actor())
    assert result.rows > 1000
    assert differences(source, clinic, audit_events=events) == {}
    with clinic.session_factory() as session:
        trail = session.scalars(select(m.AuditEvent).order_by(m.AuditEvent.id)).all()
        assert len(trail) == events + 1 and trail[-1].action == "import"
        assert audit.verify_chain(session).ok
        search = session.scalar(select(m.Patient.id).where(m.Patient.id == 1))
        assert search == 1
    report = check_clinic(clinic)
    assert report.ok, report.problems


def test_signed_notes_and_issued_documents_stay_locked_after_the_import(exported, clinic):
    _source, folder, _events = exported
    import_clinic(clinic, folder, command_line_actor())
    with clinic.session_factory() as session:
        visit = session.scalar(select(m.Visit.id).where(m.Visit.status == "signed").limit(1))
        point = session.scalar(
            select(m.PointTreatment.id).where(m.PointTreatment.visit_id == visit).limit(1)
        )
        document = session.scalar(select(m.IssuedDocument.id).limit(1))
    attempts = [
        ("UPDATE visit SET assessment = 'changed' WHERE id = :id", visit),
        ("UPDATE point_treatment SET point_code = 'LI4' WHERE id = :id", point),
        ("DELETE FROM visit WHERE id = :id", visit),
        ("UPDATE issued_document SET description = 'changed' WHERE id = :id", document),
        ("UPDATE audit_event SET detail = 'changed' WHERE id = :id", 1),
    ]
    for statement, row_id in attempts:
        assert row_id is not None
        with pytest.raises(DBAPIError), clinic.engine.begin() as connection:
            connection.execute(text(statement), {"id": row_id})


def test_nobody_signs_in_until_the_owner_takes_an_imported_name(exported, clinic):
    source, folder, _events = exported
    import_clinic(clinic, folder, command_line_actor())
    assert not has_accounts(clinic.session_factory)
    with source.session_factory() as session:
        provider = session.scalars(
            select(m.User).where(m.User.roles.contains("practitioner")).order_by(m.User.id)
        ).first()
    create_owner(
        clinic.session_factory,
        username=provider.username,
        display_name=provider.display_name,
        password="correct horse battery 42",
    )
    actor = authenticate(clinic.session_factory, provider.username, "correct horse battery 42")
    assert actor.user_id == provider.id
    with clinic.session_factory() as session:
        last = session.scalar(select(func.max(m.CareContact.id)))
    added = CareContacts(clinic.session_factory, actor).create(
        ContactInput(name="Dr New", role="PT")
    )
    assert added.id == last + 1  # new records continue after the imported ids


def test_a_database_with_records_is_refused_untouched(exported, clinic):
    _source, folder, _events = exported
    import_clinic(clinic, folder, command_line_actor())
    before = rows_in(clinic)
    with pytest.raises(TargetNotEmpty, match="new, empty database"):
        import_clinic(clinic, folder, command_line_actor())
    assert rows_in(clinic) == before


def test_cancelling_writes_nothing(exported, clinic):
    _source, folder, _events = exported
    calls = []

    def stop_soon(done, total):
        calls.append(done)
        return len(calls) < 4

    with pytest.raises(ImportCancelled):
        import_clinic(clinic, folder, command_line_actor(), progress=stop_soon)
    assert rows_in(clinic) == 0
    assert import_clinic(clinic, folder, command_line_actor()).rows > 0


def copy_of(folder, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda f: (f / MANIFEST).unlink(), "not a SportAcu clinic export"),
        (lambda f: edit_manifest(f, schema_revision="9999"), "newer SportAcu"),
        (lambda f: edit_manifest(f, scope="patient"), "one patient's record"),
        (lambda f: (f / "visit.csv").unlink(), "visit.csv is missing"),
    ],
)
def test_a_folder_that_is_not_a_whole_clinic_export_is_refused(
    exported, clinic, tmp_path, spoil, message
):
    _source, folder, _events = exported
    spoiled = copy_of(folder, tmp_path)
    spoil(spoiled)
    with pytest.raises(NotAClinicExport, match=message):
        import_clinic(clinic, spoiled, command_line_actor())
    assert rows_in(clinic) == 0


def edit_manifest(folder, **changes):
    path = folder / MANIFEST
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


def test_a_changed_file_is_found_and_nothing_is_imported(exported, clinic, tmp_path):
    _source, folder, _events = exported
    spoiled = copy_of(folder, tmp_path)
    path = spoiled / "visit.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",signed,", ",draft,", 1), encoding="utf-8"
    )
    with pytest.raises(InvalidInput, match="visit.csv is not the file that was exported"):
        import_clinic(clinic, spoiled, command_line_actor())
    assert rows_in(clinic) == 0
