"""Clinic-wide settings kept in the database, read and written through their declarations.

``ClinicSettings.get/set`` is the use case (one unit of work, audited). ``read_setting``
and ``write_setting`` do the same inside a caller's own unit of work, for a service whose
change to a setting is part of a larger act (saving a protocol template).
"""

from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.settings import SettingDeclaration
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage.practice import Setting

T = TypeVar("T")


def read_setting(session: Session, declaration: SettingDeclaration[T]) -> T:
    row = session.get(Setting, declaration.key)
    return declaration.read(row.value if row is not None else None)


def write_setting(
    session: Session,
    actor: Actor,
    declaration: SettingDeclaration[T],
    value: T,
    *,
    audited: bool = True,
) -> T:
    """Check who may change it and that the value fits, then store it."""
    require(actor, declaration.action)
    value = declaration.validate(value)
    row = session.get(Setting, declaration.key)
    if row is None:
        session.add(Setting(key=declaration.key, value=value))
    else:
        row.value = value
    if audited:
        audit.record(session, actor, "change", entity="setting", detail=declaration.describe(value))
    return value


class ClinicSettings:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def get(self, declaration: SettingDeclaration[T]) -> T:
        with self._sessions() as session:
            return read_setting(session, declaration)

    def set(self, declaration: SettingDeclaration[T], value: T) -> T:
        with self._sessions.begin() as session:
            return write_setting(session, self._actor, declaration, value)
