"""Patient record: demographics, insurance, care team, athlete profile, flags, consents."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sportacu_desktop.storage.base import Base, Tracked


class Patient(Tracked, Base):
    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(primary_key=True)
    chart_number: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date]
    sex: Mapped[str] = mapped_column(String(1), default="U")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    emergency_name: Mapped[str] = mapped_column(String(200), default="")
    emergency_phone: Mapped[str] = mapped_column(String(30), default="")
    emergency_relation: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Accent-free, lower-case "last first preferred chart dob phone-digits": what search matches.
    search_key: Mapped[str] = mapped_column(String(500), default="")
    archived_at: Mapped[datetime | None]

    insurances: Mapped[list["Insurance"]] = relationship(back_populates="patient")
    flags: Mapped[list["PatientFlag"]] = relationship(back_populates="patient")

    __table_args__ = (Index("ix_patient_name", "last_name", "first_name"),)


class Insurance(Tracked, Base):
    __tablename__ = "insurance"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    rank: Mapped[int] = mapped_column(default=1)  # 1 primary, 2 secondary
    payer: Mapped[str] = mapped_column(String(200))
    member_id: Mapped[str] = mapped_column(String(60), default="")
    group_number: Mapped[str] = mapped_column(String(60), default="")
    subscriber_name: Mapped[str] = mapped_column(String(200), default="")
    subscriber_dob: Mapped[date | None]
    subscriber_address: Mapped[str] = mapped_column(String(300), default="")
    relationship_to_subscriber: Mapped[str] = mapped_column(String(10), default="self")
    active: Mapped[bool] = mapped_column(default=True)

    patient: Mapped[Patient] = relationship(back_populates="insurances")


class CareTeamLink(Tracked, Base):
    __tablename__ = "care_team_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("care_contact.id"), index=True)
    is_referring: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (UniqueConstraint("patient_id", "contact_id"),)


class AthleteProfile(Tracked, Base):
    __tablename__ = "athlete_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), unique=True)
    sports: Mapped[str] = mapped_column(String(200), default="")
    weekly_volume: Mapped[str] = mapped_column(String(60), default="")
    training_phase: Mapped[str] = mapped_column(String(20), default="base")
    notes: Mapped[str] = mapped_column(Text, default="")


class Race(Tracked, Base):
    __tablename__ = "race"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    race_date: Mapped[date]
    distance: Mapped[str] = mapped_column(String(40), default="")
    priority: Mapped[str] = mapped_column(String(1), default="B")
    archived: Mapped[bool] = mapped_column(default=False)


class PatientFlag(Tracked, Base):
    """A contraindication or caution shown whenever the patient is open."""

    __tablename__ = "patient_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)

    patient: Mapped[Patient] = relationship(back_populates="flags")


class Consent(Tracked, Base):
    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    modality: Mapped[str] = mapped_column(String(30))
    signed_on: Mapped[date]
    form_version: Mapped[str] = mapped_column(String(20), default="")
    revoked_on: Mapped[date | None]


class Intake(Tracked, Base):
    """An athlete intake, dated: a later intake adds a row, it never rewrites an earlier one."""

    __tablename__ = "intake"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    taken_on: Mapped[date]
    chief_complaint: Mapped[str] = mapped_column(Text, default="")
    injury_history: Mapped[str] = mapped_column(Text, default="")
    training_load: Mapped[str] = mapped_column(Text, default="")
    biomechanics: Mapped[str] = mapped_column(Text, default="")
    sleep_hours: Mapped[float | None]
    sleep_quality: Mapped[int | None]  # 1 (poor) – 5 (excellent)
    hrv_ms: Mapped[int | None]
    resting_hr: Mapped[int | None]
    gut: Mapped[str] = mapped_column(Text, default="")
    stress: Mapped[str] = mapped_column(Text, default="")
