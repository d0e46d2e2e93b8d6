"""The audit trail: append-only, each event chained to the previous one by hash."""

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sportacu_desktop.storage.base import Base


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(30))
    # No foreign key: the trail must outlive a record destroyed after its retention period.
    patient_id: Mapped[int | None] = mapped_column(index=True)
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_event_occurred_at", "occurred_at"),)


class DestructionOrder(Base):
    """An administrator's order to destroy a patient's records after retention.

    Its existence is what lets the database delete that patient's signed notes; the row
    outlives the destruction (chart number only, no health information).
    """

    __tablename__ = "destruction_order"

    patient_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    chart_number: Mapped[str] = mapped_column(String(20))
    ordered_by: Mapped[str] = mapped_column(String(120))
    ordered_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(300))
    completed_at: Mapped[datetime | None]


class DatabaseIdentity(Base):
    """The database's random identity, set once when the schema is created or upgraded.

    This computer remembers how far it saw each database's audit trail by this identity
    (and where the database is), outside the file.
    """

    __tablename__ = "database_identity"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime]
