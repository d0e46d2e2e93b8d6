"""`sportacu check`: is the database sound, and does the audit trail still hold together?"""

from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.services import anchor, audit
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.integrity_records import (
    addendum_problems,
    issued_document_problems,
    signed_note_problems,
)
from sportacu_desktop.storage.clinical import Visit
from sportacu_desktop.storage.guards import (
    GUARDED_TABLES,
    existing_tables,
    expected_triggers,
    triggers_of,
)
from sportacu_desktop.storage.schema import current_revision, head_revision, known_revisions


@dataclass
class CheckReport:
    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_clinic(clinic: Clinic) -> CheckReport:
    report = CheckReport()
    revision, head = current_revision(clinic.engine), head_revision()
    if revision == head:
        report.passed.append(f"schema is current (revision {head})")
    else:
        report.problems.append(f"schema is at revision {revision}, expected {head}")
    with clinic.session_factory() as session:
        if clinic.is_sqlite:
            _sqlite_file(session, report)
        if revision in known_revisions():
            _guards(session, revision, report)
        chain = audit.verify_chain(session)
        if chain.ok:
            report.passed.append(f"audit trail: {chain.events} events, hash chain intact")
            _anchor(session, chain, clinic, report)
        else:
            report.problems.append(
                f"audit trail broken at event {chain.first_broken_id}: {chain.reason}"
            )
        passed, problems = signed_note_problems(session)
        report.passed += passed
        report.problems += problems
        records = addendum_problems(session) + issued_document_problems(session)
        if records:
            report.problems += records
        else:
            report.passed.append("addenda match their audit events; issued documents unchanged")
        unmatched = session.scalar(
            select(func.count(Visit.id)).where(
                Visit.status == VisitStatus.SIGNED,
                Visit.needles_in != Visit.needles_out,
                Visit.needle_count_exception == "",
            )
        )
        if unmatched:
            report.problems.append(
                f"{unmatched} signed visits have needles in ≠ needles out with no exception noted"
            )
        else:
            report.passed.append("every signed visit's needle count matches")
    return report


def _sqlite_file(session: Session, report: CheckReport) -> None:
    results = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
    if results == ["ok"]:
        report.passed.append("SQLite integrity check: ok")
    else:
        report.problems.append("SQLite integrity check: " + "; ".join(results[:5]))
    orphans = session.execute(text("PRAGMA foreign_key_check")).fetchall()
    if orphans:
        tables = sorted({row[0] for row in orphans})
        report.problems.append(
            f"{len(orphans)} rows point at records that do not exist (in {', '.join(tables)})"
        )
    else:
        report.passed.append("every reference between records resolves")


def guard_problems(session: Session, revision: str) -> list[str]:
    """Each guard trigger against the exact definition the migrations create."""
    connection = session.connection()
    actual = triggers_of(connection)
    expected = expected_triggers(connection, revision)
    problems = []
    missing = sorted(name for name in expected if name not in actual)
    changed = sorted(n for n in expected if n in actual and actual[n] != expected[n])
    extra = sorted(name for name in actual if name not in expected)
    if missing:
        problems.append(
            "database guards removed (signed or issued records can be changed): "
            + ", ".join(missing)
        )
    if changed:
        problems.append("database guards replaced by different definitions: " + ", ".join(changed))
    if extra:
        problems.append(
            "triggers the app did not create: "
            + ", ".join(f"{name} (on {actual[name][0]})" for name in extra)
        )
    guarded = {table for table, _sql in expected.values()}
    unguarded = sorted(
        t for t in GUARDED_TABLES if t in existing_tables(connection) and t not in guarded
    )
    if unguarded:
        problems.append("no migration locks these records: " + ", ".join(unguarded))
    return problems


def _guards(session: Session, revision: str, report: CheckReport) -> None:
    problems = guard_problems(session, revision)
    if problems:
        report.problems += problems
    else:
        report.passed.append(
            "signed notes, addenda, issued documents, destruction orders and the audit trail "
            "are locked by the database (every guard exactly as the app created it)"
        )


def _anchor(session: Session, chain: audit.ChainReport, clinic: Clinic, report) -> None:
    """Compare the trail's head with what this computer saw of it last time."""
    identity = anchor.identity_of(session)
    if identity is None:
        return
    seen = anchor.read_anchor(identity)
    database = clinic.engine.url.render_as_string(hide_password=True)
    if seen is None:
        anchor.write_anchor(identity, chain.head_id, chain.head_hash, database)
        report.passed.append(
            "this computer had not seen this audit trail before; its end is remembered now"
        )
        return
    if seen.head_id > chain.head_id:
        report.problems.append(
            f"the audit trail is shorter than when this computer last saw it "
            f"({seen.recorded_at}): it ended at event {seen.head_id}, now at event "
            f"{chain.head_id}. Events were deleted, or an older copy of the database was "
            "put in place without restoring it through SportAcu."
        )
        return
    event_hash = session.scalar(
        select(audit.AuditEvent.hash).where(audit.AuditEvent.id == seen.head_id)
    )
    if event_hash != seen.head_hash:
        report.problems.append(
            f"the audit trail was rewritten: event {seen.head_id} is not the one this "
            f"computer saw on {seen.recorded_at}"
        )
        return
    anchor.write_anchor(identity, chain.head_id, chain.head_hash, database)
    report.passed.append(
        f"the audit trail still holds every event this computer saw (up to event {seen.head_id})"
    )
