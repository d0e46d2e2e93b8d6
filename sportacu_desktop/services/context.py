"""Who is acting, and the open clinic database every service works through."""

import os
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.permissions import Action, allows, refusal
from sportacu_desktop.storage.clinic_file import (
    classify,
    identify,
    require_clinic_file,
    require_server_clinic,
)
from sportacu_desktop.storage.encryption import passphrase_to_use, unreadable
from sportacu_desktop.storage.engine import (
    engine_passphrase,
    make_engine,
    make_session_factory,
    resolve_database_url,
    sqlite_path,
)
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

    @property
    def emergency(self) -> bool:
        return bool(self.emergency_reason)

    def may(self, action: Action) -> bool:
        """What the permission table allows this actor (screens hide the rest)."""
        return allows(action, self.roles, emergency=self.emergency)


class PermissionDenied(PermissionError):
    """The signed-in user's role does not allow this action."""


def require(actor: Actor, action: Action) -> None:
    """Refuse ``action`` unless the permission table allows it to ``actor``."""
    if not actor.may(action):
        raise PermissionDenied(refusal(action, actor.display_name))


def os_user() -> tuple[str, str]:
    """The operating-system account running this process: (name, user id).

    Taken from the process itself (``getuid`` and the password database), never from
    LOGNAME or USER, which whoever runs the command can set to anything.
    """
    try:
        import pwd
    except ImportError:  # Windows: no user ids; the logon name of the process
        try:
            return os.getlogin(), "?"
        except OSError:
            return "unknown", "?"
    uid = os.getuid()
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:  # an id with no account (some containers)
        name = "unknown"
    return name, str(uid)


def command_line_actor() -> Actor:
    """The command line acts for whoever can open the file: the file's permissions are the
    boundary. It is recorded as that operating-system account, by name and user id."""
    name, uid = os_user()
    return Actor(f"cli:{name} (uid {uid})", f"Command line ({name}, uid {uid})", frozenset(Role))


class Clinic:
    """An open clinic database: engine, session factory and the URL it came from."""

    def __init__(self, url: str, *, passphrase: str | None = None):
        self.url = url
        self.engine = make_engine(url, passphrase=passphrase)
        self.session_factory: sessionmaker[Session] = make_session_factory(self.engine)
        self.upgrade_backup = None

    @classmethod
    def open(
        cls,
        db: str | None = None,
        *,
        passphrase: str | None = None,
        upgrade: bool = True,
        create: bool = True,
    ) -> "Clinic":
        """Open the clinic database (created if new and ``create``), upgrading an older
        schema.

        An encrypted file needs its ``passphrase``; a new file given one is created
        encrypted. Another program's database is refused before anything is written to
        it. Raises (all StorageError): NotAClinicDatabase, NoClinicYet (a missing or empty
        database without ``create``), PassphraseRequired, WrongPassphrase, DatabaseDamaged
        (the file is not a readable database), DatabaseTooNew.
        """
        url = resolve_database_url(db)
        path = sqlite_path(url)
        key = passphrase_to_use(path, passphrase)
        if path is not None and key is None:
            require_clinic_file(path, identify(path), create=create)
        clinic = cls(url, passphrase=key)
        try:
            try:
                if key is not None:
                    # The first read proves the passphrase; only then can the file say
                    # whose it is.
                    with clinic.engine.connect() as connection:
                        kind = classify(connection.connection.driver_connection)
                    require_clinic_file(path, kind, create=create)
                elif path is None:
                    require_server_clinic(clinic.engine, create=create)
                if upgrade:
                    clinic.upgrade_backup = ensure_schema(clinic.engine)
            except DBAPIError as exc:
                text = str(exc.orig).lower()
                if path is None or not ("not a database" in text or "malformed" in text):
                    raise
                raise unreadable(path, exc.orig, keyed=key is not None) from None
        except BaseException:
            clinic.close()
            raise
        return clinic

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def passphrase(self) -> str | None:
        """The passphrase of an encrypted clinic file (backups use the same), else None."""
        return engine_passphrase(self.engine)

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    def close(self) -> None:
        self.engine.dispose()
