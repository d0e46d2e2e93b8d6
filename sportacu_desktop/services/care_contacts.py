"""The clinic's PTs, physicians and surgeons, kept once and linked to many patients."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import CareRole
from sportacu_desktop.domain.patients import ContactView
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.text import fold
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.patient_views import contact_view
from sportacu_desktop.storage.practice import CareContact


@dataclass(frozen=True)
class ContactInput:
    name: str = ""
    role: str = "PT"
    practice_name: str = ""
    npi: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""


def clean_contact(data: ContactInput) -> dict:
    errors = v.FieldErrors()
    v.text_problems(vars(data), errors)
    errors.add("name", v.required(data.name, "contact's name"))
    errors.add("name", v.length_problem(data.name, 200, "name"))
    if data.role not in {r.value for r in CareRole}:
        errors.add("role", "Choose PT, physician, surgeon or other.")
    errors.add("npi", v.optional_npi_problem(data.npi))
    errors.add("phone", v.phone_problem(data.phone))
    errors.add("fax", v.phone_problem(data.fax))
    errors.add("email", v.email_problem(data.email))
    errors.add("practice_name", v.length_problem(data.practice_name, 200, "practice name"))
    errors.raise_if_any()
    return {
        "name": data.name.strip(),
        "role": data.role,
        "practice_name": data.practice_name.strip(),
        "npi": data.npi.strip(),
        "phone": v.normalize_phone(data.phone),
        "fax": v.normalize_phone(data.fax),
        "email": data.email.strip(),
    }


class CareContacts:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def search(self, text: str = "") -> list[ContactView]:
        needle = fold(text.strip())
        with self._sessions() as session:
            contacts = session.scalars(
                select(CareContact)
                .where(CareContact.archived.is_(False))
                .order_by(CareContact.name)
            ).all()
            return [
                contact_view(c)
                for c in contacts
                if not needle or needle in fold(f"{c.name} {c.practice_name} {c.role}")
            ]

    def create(self, data: ContactInput) -> ContactView:
        require(self._actor, Action.EDIT_CARE_TEAM)
        values = clean_contact(data)
        with self._sessions.begin() as session:
            contact = CareContact(
                created_by=self._actor.username, updated_by=self._actor.username, **values
            )
            session.add(contact)
            session.flush()
            audit.record(
                session,
                self._actor,
                "create",
                entity="care_contact",
                entity_id=contact.id,
                detail=values["name"],
            )
            return contact_view(contact)

    def update(self, contact_id: int, data: ContactInput) -> ContactView:
        require(self._actor, Action.EDIT_CARE_TEAM)
        values = clean_contact(data)
        with self._sessions.begin() as session:
            contact = session.get(CareContact, contact_id)
            if contact is None:
                raise LookupError("That care-team contact does not exist.")
            for key, value in values.items():
                setattr(contact, key, value)
            contact.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "change",
                entity="care_contact",
                entity_id=contact_id,
                detail=values["name"],
            )
            session.flush()
            return contact_view(contact)
