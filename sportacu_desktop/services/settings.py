"""Clinic-wide settings kept in the database, so every workstation follows them."""

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage.practice import Setting

IDLE_LOCK_KEY = "session.idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
IDLE_LOCK_RANGE = (1, 120)


class ClinicSettings:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def idle_lock_minutes(self) -> int:
        """Minutes without input before the screen locks (HIPAA automatic logoff)."""
        with self._sessions() as session:
            setting = session.get(Setting, IDLE_LOCK_KEY)
        try:
            value = int(setting.value) if setting else DEFAULT_IDLE_LOCK_MINUTES
        except (TypeError, ValueError):
            return DEFAULT_IDLE_LOCK_MINUTES
        low, high = IDLE_LOCK_RANGE
        return min(max(value, low), high)

    def set_idle_lock_minutes(self, minutes: int) -> None:
        require(self._actor, Role.ADMIN)
        low, high = IDLE_LOCK_RANGE
        if not low <= minutes <= high:
            raise InvalidInput(f"The automatic lock is between {low} and {high} minutes.")
        with self._sessions.begin() as session:
            setting = session.get(Setting, IDLE_LOCK_KEY)
            if setting is None:
                session.add(Setting(key=IDLE_LOCK_KEY, value=minutes))
            else:
                setting.value = minutes
            audit.record(
                session,
                self._actor,
                "change",
                entity="setting",
                detail=f"automatic lock after {minutes} minutes",
            )
