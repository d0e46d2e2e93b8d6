"""Billing lines proposed from a visit, payments received, documents issued."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sportacu_desktop.storage.base import Base, Tracked


class BillingLine(Tracked, Base):
    """One CMS-1500 service line. Money is integer cents."""

    __tablename__ = "billing_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    service_date: Mapped[date]
    cpt_code: Mapped[str] = mapped_column(String(10))
    modifiers: Mapped[str] = mapped_column(String(20), default="")  # "25,GP", at most four
    units: Mapped[int] = mapped_column(default=1)
    charge_cents: Mapped[int]  # line total = unit price x units
    diagnosis_pointers: Mapped[str] = mapped_column(String(10), default="A")  # "A,B"
    description: Mapped[str] = mapped_column(String(200), default="")


class Payment(Tracked, Base):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), index=True)
    received_on: Mapped[date]
    amount_cents: Mapped[int]
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(60), default="")


class IssuedDocument(Base):
    """A superbill, summary or note as issued: the exact bytes, so a reprint is identical."""

    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    recipient_contact_id: Mapped[int | None] = mapped_column(ForeignKey("care_contact.id"))
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(120))
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    description: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # A corrected superbill names the one it replaces (no foreign key: both are immutable).
    replaces_id: Mapped[int | None]
    total_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    paid_cents: Mapped[int] = mapped_column(default=0, server_default="0")


class SuperbillLine(Base):
    """A service line exactly as an issued superbill printed it."""

    __tablename__ = "superbill_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_document.id"), index=True)
    # No foreign key: after a reopening the live line may be replaced; this copy stays.
    billing_line_id: Mapped[int] = mapped_column(index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    position: Mapped[int]
    service_date: Mapped[date]
    cpt_code: Mapped[str] = mapped_column(String(10))
    modifiers: Mapped[str] = mapped_column(String(20))
    units: Mapped[int]
    charge_cents: Mapped[int]
    diagnosis_pointers: Mapped[str] = mapped_column(String(10))


class SuperbillReopening(Base):
    """A superbill opened for correction: its lines may change until a new one is issued."""

    __tablename__ = "superbill_reopening"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_document.id"), unique=True)
    reopened_at: Mapped[datetime]
    reopened_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(300))
