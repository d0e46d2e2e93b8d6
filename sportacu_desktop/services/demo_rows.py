"""Rows of the demo clinic buffered per table and written with bulk inserts."""

from datetime import UTC, date, datetime, time
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, text, update

from sportacu_desktop.domain.enums import VisitStatus
from sportacu_desktop.services import audit
from sportacu_desktop.services.demo_care import freeze_signed_diagnoses
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.signed_content import seals_of


def _table(model: type) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


class RowBuffer:
    """Explicit ids let children point at parents before anything is written."""

    def __init__(self, session):
        self.session = session
        self.rows: dict[type, list[dict]] = {}
        self.next_id: dict[type, int] = {}
        self.to_sign: list[dict] = []

    def add(self, model: type, **values) -> int | None:
        """Buffer a row; tables with an integer ``id`` get the next one, returned."""
        row_id = None
        if "id" in _table(model).c:
            row_id = self.next_id.get(model, 1)
            self.next_id[model] = row_id + 1
            values["id"] = row_id
        self.rows.setdefault(model, []).append(values)
        return row_id

    def add_tracked(self, model: type, when: date, **values) -> int:
        """Buffer an audited row; its new id, or 0 for a table keyed otherwise (fees)."""
        stamp = datetime.combine(when, time(9), tzinfo=UTC)
        row_id = self.add(
            model,
            created_at=stamp,
            updated_at=stamp,
            created_by="demo",
            updated_by="demo",
            version=1,
            **values,
        )
        return row_id or 0

    def pending_rows(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def flush(self) -> None:
        # Parents before children so foreign keys hold at every statement.
        for model in (
            m.Practice,
            m.User,
            m.FeeScheduleItem,
            m.Setting,
            m.CareContact,
            m.Patient,
            m.Insurance,
            m.CareTeamLink,
            m.AthleteProfile,
            m.Race,
            m.PatientFlag,
            m.Consent,
            m.Intake,
            m.Episode,
            m.Diagnosis,
            m.Visit,
            m.SpecialTestResult,
            m.RangeOfMotion,
            m.MuscleTest,
            m.PointTreatment,
            m.DryNeedling,
            m.ElectroStim,
            m.CuppingTreatment,
            m.AdverseEvent,
            m.OutcomeMeasure,
            m.BillingLine,
            m.Payment,
        ):
            rows = self.rows.pop(model, None)
            if rows:
                self.session.execute(insert(_table(model)), rows)
        assert not self.rows, f"unflushed tables: {list(self.rows)}"
        # Visits go in as drafts and are signed once their treatments are written: the
        # database refuses treatment rows under an already signed note.
        if self.to_sign:
            freeze_signed_diagnoses(self.session, [row["visit_id"] for row in self.to_sign])
            self.session.execute(
                update(_table(m.Visit))
                .where(m.Visit.__table__.c.id == bindparam("visit_id"))
                .values(
                    status=VisitStatus.SIGNED,
                    signed_at=bindparam("at"),
                    signed_by_id=bindparam("by"),
                ),
                self.to_sign,
            )
            self._sign_events()
            self.to_sign = []

    def _sign_events(self) -> None:
        """The history's signing events, each sealing the note as the app does at signing."""
        users = dict(self.session.execute(select(m.User.id, m.User.username)).all())
        signed = {row["visit_id"]: row for row in self.to_sign}
        owner = dict(
            self.session.execute(
                select(m.Visit.id, m.Visit.patient_id).where(m.Visit.id.in_(list(signed)))
            ).all()
        )
        seals = dict(seals_of(self.session.connection(), signed))
        audit.append_many(
            self.session,
            (
                audit.PlannedEvent(
                    occurred_at=row["at"],
                    actor=users.get(row["by"], "demo"),
                    action="sign",
                    patient_id=owner[visit_id],
                    entity="visit",
                    entity_id=visit_id,
                    detail=seals[visit_id].text(),
                )
                for visit_id, row in sorted(signed.items(), key=lambda item: item[1]["at"])
            ),
        )

    def fix_sequences(self) -> None:
        """Explicit ids leave PostgreSQL's sequences behind; move them past the demo rows."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for model, last in self.next_id.items():
            table = _table(model).name
            self.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last - 1})")
            )
