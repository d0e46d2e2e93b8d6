"""`sportacu check`: is the database sound, and does the audit trail still hold together?"""

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.storage.clinical import Visit
from sportacu_desktop.storage.schema import current_revision, head_revision


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
            results = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            if results == ["ok"]:
                report.passed.append("SQLite integrity check: ok")
            else:
                report.problems.append("SQLite integrity check: " + "; ".join(results[:5]))
            orphans = session.execute(text("PRAGMA foreign_key_check")).fetchall()
            if orphans:
                tables = sorted({row[0] for row in orphans})
                report.problems.append(
                    f"{len(orphans)} rows point at records that do not exist "
                    f"(in {', '.join(tables)})"
                )
            else:
                report.passed.append("every reference between records resolves")
        missing = _missing_guards(session, clinic.is_sqlite)
        if missing:
            report.problems.append(
                "database guards removed (signed notes or the audit trail can be changed): "
                + ", ".join(missing)
            )
        else:
            report.passed.append("signed notes and the audit trail are locked by the database")
        chain = audit.verify_chain(session)
        if chain.ok:
            report.passed.append(f"audit trail: {chain.events} events, hash chain intact")
        else:
            report.problems.append(
                f"audit trail broken at event {chain.first_broken_id}: {chain.reason}"
            )
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


GUARD_TABLES = (
    "visit",
    "audit_event",
    "point_treatment",
    "dry_needling",
    "electro_stim",
    "cupping_treatment",
    "special_test_result",
    "range_of_motion",
    "muscle_test",
    "adverse_event",
)


def _missing_guards(session, is_sqlite: bool) -> list[str]:
    """Tables whose protecting triggers are gone, as someone holding the file could do."""
    if is_sqlite:
        rows = session.execute(text("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"))
    else:
        rows = session.execute(
            text(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_schema = current_schema()"
            )
        )
    guarded = {row[0] for row in rows}
    return [table for table in GUARD_TABLES if table not in guarded]
