"""The audit trail's head, remembered outside the file, exposes a cut or rewritten trail."""

import stat
from datetime import datetime

from sportacu_desktop.domain.audit_chain import event_digest
from sportacu_desktop.services import anchor
from sportacu_desktop.services.backup import backup_to
from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.integrity import check_clinic
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.restore import restore_from
from tests.integrity.conftest import attacker, problems, trigger_sql


def _use(clinic, times: int = 3) -> None:
    """Ordinary work that writes audit events (looking patients up)."""
    patients = PatientDirectory(clinic.session_factory, command_line_actor())
    for _ in range(times):
        patients.listing("")


def _head(raw) -> int:
    return raw.execute("SELECT max(id) FROM audit_event").fetchone()[0]


def test_deleting_the_newest_events_is_found(demo):
    _use(demo)
    with attacker(demo) as raw:
        head = _head(raw)
        guard = trigger_sql(raw, "audit_event_no_delete")
        raw.execute("DROP TRIGGER audit_event_no_delete")
        raw.execute("DELETE FROM audit_event WHERE id > ?", (head - 2,))
        raw.execute(guard)
    found = problems(demo)
    assert "audit trail is shorter than when this computer last saw it" in found
    assert f"it ended at event {head}, now at event {head - 2}" in found


def test_a_trail_rewritten_from_an_old_event_on_is_found(demo):
    _use(demo)
    with attacker(demo) as raw:
        head = _head(raw)
        for name in ("audit_event_no_update",):
            raw.execute(f"DROP TRIGGER {name}")
        rows = raw.execute(
            "SELECT id, occurred_at, actor, action, patient_id, entity, entity_id, detail "
            "FROM audit_event WHERE id >= ? ORDER BY id",
            (head - 3,),
        ).fetchall()
        previous = raw.execute("SELECT hash FROM audit_event WHERE id = ?", (head - 4,)).fetchone()[
            0
        ]
        for event_id, at, actor, action, patient, entity, entity_id, detail in rows:
            if event_id == head - 3:
                actor = "somebody else"
            digest = event_digest(
                id=event_id,
                occurred_at=datetime.fromisoformat(at),
                actor=actor,
                action=action,
                patient_id=patient,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
                prev_hash=previous,
            )
            raw.execute(
                "UPDATE audit_event SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (actor, previous, digest, event_id),
            )
            previous = digest
        raw.execute(
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
    found = problems(demo)
    assert "hash chain" not in found  # the chain itself holds together again
    assert f"the audit trail was rewritten: event {head} is not the one" in found


def test_a_restore_through_the_app_is_recorded_and_is_not_tampering(demo, tmp_path):
    backup = tmp_path / "backups" / "before.db"
    backup_to(demo, backup)
    _use(demo, 5)
    demo.close()
    restore_from(demo.url, backup, actor=command_line_actor())
    report = check_clinic(demo)
    assert report.ok, report.problems
    with attacker(demo) as raw:
        detail = raw.execute(
            "SELECT detail FROM audit_event WHERE action = 'restore' ORDER BY id DESC"
        ).fetchone()[0]
    assert "this computer had seen the trail up to event" in detail


def test_putting_an_older_copy_in_place_by_hand_is_found(demo, tmp_path):
    import shutil

    backup = tmp_path / "copy.db"
    backup_to(demo, backup)
    _use(demo, 5)
    demo.close()
    shutil.copyfile(backup, demo.engine.url.database)
    assert "audit trail is shorter than when this computer last saw it" in problems(demo)


def test_the_remembered_head_is_private_to_the_user(demo):
    _use(demo, 1)
    folder = anchor.anchor_folder()
    [remembered] = list(folder.iterdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(remembered.stat().st_mode) == 0o600
