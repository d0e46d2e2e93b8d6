"""Who is acting, and the open clinic database every service works through."""

import getpass
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.storage.engine import make_engine, make_session_factory, resolve_database_url
from sportacu_desktop.storage.schema import ensure_schema


@dataclass(frozen=True)
class Actor:
    username: str
    display_name: str
    roles: frozenset[Role]
    user_id: int | None = None
    # Set for break-glass access: every audit event of the session carries it.
    emergency_reason: str = ""

    def has(self, role: Role) -> bool:
        return role in self.roles


class PermissionDenied(PermissionError):
    """The signed-in user's role does not allow this action."""


def require(actor: Actor, *roles: Role) -> None:
    """Allow the action when the actor holds any of ``roles``."""
    if not any(actor.has(role) for role in roles):
        allowed = " or ".join(role.value.replace("_", " ") for role in roles)
        raise PermissionDenied(f"Only {allowed} users may do this ({actor.display_name} is not).")


def command_line_actor() -> Actor:
    """The command line acts for whoever can open the file, recorded by OS user name."""
    try:
        who = getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        who = "unknown"
    return Actor(f"cli:{who}", f"Command line ({who})", frozenset(Role))


class Clinic:
    """An open clinic database: engine, session factory and the URL it came from."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.session_factory: sessionmaker[Session] = make_session_factory(self.engine)
        self.upgrade_backup = None

    @classmethod
    def open(cls, db: str | None = None, *, upgrade: bool = True) -> "Clinic":
        clinic = cls(resolve_database_url(db))
        if upgrade:
            try:
                clinic.upgrade_backup = ensure_schema(clinic.engine)
            except BaseException:
                clinic.close()
                raise
        return clinic

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()
