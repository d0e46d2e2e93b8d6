"""First start: is this a new clinic, and starting an empty one."""

from sqlalchemy import func, select

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.storage.patients import Patient
from sportacu_desktop.storage.practice import Practice


def is_new_clinic(clinic: Clinic) -> bool:
    """True when nobody has set the clinic up yet: no practice and no patients."""
    with clinic.session_factory() as session:
        practices = session.scalar(select(func.count(Practice.id)))
        patients = session.scalar(select(func.count(Patient.id)))
    return not practices and not patients


def practice_name(clinic: Clinic) -> str:
    with clinic.session_factory() as session:
        return session.scalar(select(Practice.name).order_by(Practice.id).limit(1)) or ""


def start_empty_clinic(clinic: Clinic, actor: Actor, name: str) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput("Give the clinic a name.")
    with clinic.session_factory.begin() as session:
        session.add(Practice(name=name, created_by=actor.username, updated_by=actor.username))
        audit.record(session, actor, "create", entity="practice", detail=f"clinic {name!r}")
