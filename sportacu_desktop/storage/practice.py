"""Practice, users/providers, clinic settings, fee schedule and clinic contacts."""

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sportacu_desktop.storage.base import Base, Tracked


class Practice(Tracked, Base):
    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    fax: Mapped[str] = mapped_column(String(30), default="", server_default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    ein: Mapped[str] = mapped_column(String(10), default="")
    npi: Mapped[str] = mapped_column(String(10), default="")
    taxonomy: Mapped[str] = mapped_column(String(10), default="171100000X")
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")


class User(Tracked, Base):
    """A person who signs in; practitioners also render services (NPI type 1)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(60), default="")
    roles: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    npi: Mapped[str] = mapped_column(String(10), default="")
    license_number: Mapped[str] = mapped_column(String(40), default="")
    license_state: Mapped[str] = mapped_column(String(2), default="")
    taxonomy: Mapped[str] = mapped_column(String(10), default="")
    signature_line: Mapped[str] = mapped_column(String(200), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]


class Setting(Base):
    """Clinic configuration lives in the database so every workstation shares it."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class FeeScheduleItem(Tracked, Base):
    __tablename__ = "fee_schedule"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    charge_cents: Mapped[int]


class CareContact(Tracked, Base):
    """A PT, physician or surgeon kept once and linked to many patients."""

    __tablename__ = "care_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    practice_name: Mapped[str] = mapped_column(String(200), default="")
    npi: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    fax: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
