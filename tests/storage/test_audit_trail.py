"""The audit trail is append-only in the database and tamper-evident through its hash chain."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.services.audit import GENESIS, _digest, record, verify_chain
from sportacu_desktop.storage.audit import AuditEvent
from tests.storage.conftest import drop_audit_triggers

EVENTS = 5


@pytest.fixture
def trail(clinic, actor):
    """A clinic whose trail holds five events, each written in its own unit of work."""
    for n in range(1, EVENTS + 1):
        with clinic.session_factory.begin() as session:
            record(
                session,
                actor,
                "view" if n % 2 else "update",
                patient_id=n,
                entity="patient",
                entity_id=n,
                detail=f"event {n}: chart opened \u2014 Achilles",
            )
    return clinic


def _events(clinic) -> list[AuditEvent]:
    with clinic.session_factory() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _verify(clinic):
    with clinic.session_factory() as session:
        return verify_chain(session)


def test_events_are_chained(trail, actor):
    events = _events(trail)
    assert [e.id for e in events] == list(range(1, EVENTS + 1))
    assert events[0].prev_hash == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in events}) == EVENTS
    for event in events:
        assert event.hash == _digest(event), "a stored hash must match the stored content"
        assert event.actor == actor.username
        assert event.occurred_at.tzinfo is not None


def test_intact_trail_verifies(trail):
    report = _verify(trail)
    assert report.ok
    assert (report.events, report.first_broken_id, report.reason) == (EVENTS, None, "")


def test_empty_trail_verifies(clinic):
    report = _verify(clinic)
    assert report.ok and report.events == 0


def test_events_written_in_one_unit_of_work_chain_too(clinic, actor):
    with clinic.session_factory.begin() as session:
        for n in range(3):
            record(session, actor, "export", detail=f"batch {n}")
    assert _verify(clinic).ok
    assert [e.id for e in _events(clinic)] == [1, 2, 3]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET detail = 'nothing happened' WHERE id = 3",
        "UPDATE audit_event SET actor = 'someone else'",
        "DELETE FROM audit_event WHERE id = 3",
        "DELETE FROM audit_event",
    ],
)
def test_database_refuses_to_change_the_trail(trail, statement):
    before = [(e.id, e.detail, e.hash) for e in _events(trail)]
    with pytest.raises(DBAPIError, match="append-only"), trail.engine.begin() as connection:
        connection.execute(text(statement))
    assert [(e.id, e.detail, e.hash) for e in _events(trail)] == before
    assert _verify(trail).ok


def test_orm_cannot_edit_an_event_either(trail):
    with pytest.raises(DBAPIError, match="append-only"), trail.session_factory.begin() as session:
        session.get(AuditEvent, 2).detail = "rewritten"


def _tamper(clinic, *statements: str) -> None:
    with clinic.engine.begin() as connection:
        drop_audit_triggers(connection)
        for statement in statements:
            connection.execute(text(statement))


@pytest.mark.parametrize("victim", [1, 3, EVENTS])
def test_edited_event_is_the_first_broken(trail, victim):
    _tamper(trail, f"UPDATE audit_event SET detail = 'nothing to see' WHERE id = {victim}")

    report = _verify(trail)

    assert not report.ok
    assert report.first_broken_id == victim
    assert "changed" in report.reason


def test_edit_with_recomputed_hash_breaks_the_next_link(trail):
    with trail.session_factory() as session:
        forged = session.get(AuditEvent, 2)
        session.expunge(forged)
    forged.detail = "nothing to see"
    _tamper(
        trail,
        f"UPDATE audit_event SET detail = '{forged.detail}', hash = '{_digest(forged)}' "
        "WHERE id = 2",
    )

    report = _verify(trail)

    assert report.first_broken_id == 3
    assert "link" in report.reason


def test_deleted_middle_event_is_found(trail):
    _tamper(trail, "DELETE FROM audit_event WHERE id = 3")

    report = _verify(trail)

    assert not report.ok
    assert report.first_broken_id == 4
    assert "event 3 is missing" in report.reason


def test_deleted_first_event_is_found(trail):
    _tamper(trail, "DELETE FROM audit_event WHERE id = 1")

    report = _verify(trail)

    assert report.first_broken_id == 2
    assert "event 1 is missing" in report.reason


def test_reordered_content_is_found(trail):
    """Swapping two events' content keeps every row self-consistent but breaks the chain."""
    _tamper(
        trail,
        "UPDATE audit_event SET id = 100 WHERE id = 2",
        "UPDATE audit_event SET id = 2 WHERE id = 3",
        "UPDATE audit_event SET id = 3 WHERE id = 100",
    )

    report = _verify(trail)

    assert report.first_broken_id == 2
