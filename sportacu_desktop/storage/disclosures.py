"""The disclosure log: every record that left the clinic, never changed (migration 0008)."""

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sportacu_desktop.storage.base import Base


class Disclosure(Base):
    __tablename__ = "disclosure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign keys: the accounting of disclosures must outlive a chart destroyed after
    # its retention period, as the audit trail does.
    patient_id: Mapped[int]
    disclosed_at: Mapped[datetime]
    disclosed_by: Mapped[str] = mapped_column(String(120))
    disclosed_by_name: Mapped[str] = mapped_column(String(120))
    what: Mapped[str] = mapped_column(String(30))  # visit_note, superbill, summary, …
    description: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(index=True)
    recipient: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_disclosure_patient_id", "patient_id", "disclosed_at"),)
