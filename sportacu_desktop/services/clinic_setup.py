"""Admin ▸ Clinic: the practice's and providers' details every superbill prints."""

from dataclasses import fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.clinic import (
    ACUPUNCTURIST_TAXONOMY,
    PracticeDetails,
    ProviderDetails,
    normalized_practice,
    practice_problems,
    provider_problems,
)
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import NotFound, UserError
from sportacu_desktop.domain.permissions import Action, allows
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage import models as m

PRACTICE_FIELDS = tuple(f.name for f in fields(PracticeDetails))
PROVIDER_FIELDS = (
    "display_name",
    "credentials",
    "license_number",
    "license_state",
    "npi",
    "taxonomy",
    "signature_line",
)


def practice_of(session: Session) -> PracticeDetails | None:
    row = session.scalar(select(m.Practice).order_by(m.Practice.id).limit(1))
    if row is None:
        return None
    return PracticeDetails(**{name: getattr(row, name) for name in PRACTICE_FIELDS})


def provider_of(user: m.User) -> ProviderDetails:
    return ProviderDetails(
        user_id=user.id,
        username=user.username,
        roles=frozenset(Role(r) for r in user.roles.split(",") if r),
        **{name: getattr(user, name) or "" for name in PROVIDER_FIELDS},
    )


class ClinicSetup:
    """Administrators only; every change is audited with the fields it touched."""

    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def practice(self) -> PracticeDetails:
        require(self._actor, Action.MANAGE_CLINIC)
        with self._sessions() as session:
            return practice_of(session) or PracticeDetails(name="")

    def save_practice(self, details: PracticeDetails) -> PracticeDetails:
        require(self._actor, Action.MANAGE_CLINIC)
        details = normalized_practice(details)
        practice_problems(details).raise_if_any()
        with self._sessions.begin() as session:
            row = session.scalar(select(m.Practice).order_by(m.Practice.id).limit(1))
            if row is None:
                row = m.Practice(name=details.name, created_by=self._actor.username)
                session.add(row)
            changed = [n for n in PRACTICE_FIELDS if getattr(row, n, None) != getattr(details, n)]
            for name in PRACTICE_FIELDS:
                setattr(row, name, getattr(details, name))
            row.updated_by = self._actor.username
            session.flush()
            audit.record(
                session,
                self._actor,
                "change",
                entity="practice",
                entity_id=row.id,
                detail="changed: " + (", ".join(changed) or "nothing"),
            )
        return details

    def providers(self) -> list[ProviderDetails]:
        require(self._actor, Action.MANAGE_CLINIC)
        with self._sessions() as session:
            users = session.scalars(select(m.User).order_by(m.User.display_name))
            return [provider_of(u) for u in users]

    def provider(self, user_id: int) -> ProviderDetails:
        require(self._actor, Action.MANAGE_CLINIC)
        with self._sessions() as session:
            user = session.get(m.User, user_id)
            if user is None:
                raise NotFound("No such user.")
            return provider_of(user)

    def save_provider(self, details: ProviderDetails) -> ProviderDetails:
        """A user's name, roles and provider details in one change."""
        require(self._actor, Action.MANAGE_CLINIC)
        details = replace(
            details,
            display_name=details.display_name.strip(),
            credentials=details.credentials.strip(),
            license_number=details.license_number.strip(),
            license_state=details.license_state.strip().upper(),
            npi=details.npi.strip(),
            # An acupuncturist's taxonomy unless the administrator typed another.
            taxonomy=details.taxonomy.strip().upper() or ACUPUNCTURIST_TAXONOMY,
        )
        provider_problems(details).raise_if_any()
        with self._sessions.begin() as session:
            user = session.get(m.User, details.user_id)
            if user is None:
                raise NotFound("No such user.")
            roles = ",".join(sorted(r.value for r in details.roles))
            if details.user_id == self._actor.user_id and not allows(
                Action.MANAGE_CLINIC, details.roles
            ):
                raise UserError("You cannot take the administrator role from yourself.")
            changed = [n for n in PROVIDER_FIELDS if getattr(user, n) != getattr(details, n)]
            if user.roles != roles:
                changed.append(f"roles {user.roles or '-'} → {roles}")
            for name in PROVIDER_FIELDS:
                setattr(user, name, getattr(details, name))
            user.roles = roles
            user.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "change",
                entity="user",
                entity_id=user.id,
                detail=f"{user.username}: " + (", ".join(changed) or "nothing changed"),
            )
            session.flush()
            return provider_of(user)
