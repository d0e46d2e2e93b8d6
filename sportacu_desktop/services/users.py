"""Accounts, sign-in with lockout, break-glass access, and user administration."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import InvalidInput, NotFound, PermissionDenied, UserError
from sportacu_desktop.domain.passwords import DEMO_PASSWORD, password_problem
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage.practice import User

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)
# One answer for an unknown user, a wrong password and a locked account alike, so that
# trying names at the sign-in screen tells nobody which accounts exist or are locked.
SIGN_IN_REFUSED = (
    f"Wrong user name or password. After {MAX_FAILED_LOGINS} wrong passwords an account "
    f"is locked for {LOCKOUT.seconds // 60} minutes."
)
_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("no such user: compared only to spend the same time")


class LoginFailed(UserError):
    def __init__(self, message: str = SIGN_IN_REFUSED):
        super().__init__(message)


class AccountLocked(LoginFailed):
    """Refused because the account is locked; the user is told exactly what a typo gets."""

    def __init__(self, until: datetime):
        self.until = until
        super().__init__()


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    credentials: str
    roles: frozenset[Role]
    npi: str
    active: bool
    locked_until: datetime | None


def _roles(text: str) -> frozenset[Role]:
    return frozenset(Role(r) for r in text.split(",") if r)


def _view(user: User) -> UserView:
    return UserView(
        user.id,
        user.username,
        user.display_name,
        user.credentials,
        _roles(user.roles),
        user.npi,
        user.active,
        user.locked_until,
    )


def actor_for(user: User, emergency_reason: str = "") -> Actor:
    return Actor(user.username, user.display_name, _roles(user.roles), user.id, emergency_reason)


def hash_password(password: str, username: str = "") -> str:
    problem = password_problem(password, username)
    if problem:
        raise v.FieldErrors({"password": problem})
    return _hasher.hash(password)


def hash_demo_password() -> str:
    """The demo clinic's accounts share its published password, refused everywhere else."""
    return _hasher.hash(DEMO_PASSWORD)


def has_accounts(session_factory: sessionmaker[Session]) -> bool:
    """True once anyone can sign in; before that the first start creates the owner."""
    with session_factory() as session:
        return bool(
            session.scalar(
                select(func.count(User.id)).where(User.password_hash.is_not(None), User.active)
            )
        )


def authenticate(
    session_factory: sessionmaker[Session],
    username: str,
    password: str,
    *,
    emergency_reason: str = "",
    now: datetime | None = None,
    purpose: str = "login",
) -> Actor:
    """Check a password; five failures lock the account for five minutes.

    ``purpose`` "unlock" records the success as the unlock of an idle-locked session.

    Break-glass: with ``emergency_reason`` a signed-in user may also read and print records
    for continuity of care, and every event of the session is flagged in the audit trail.
    """
    now = now or datetime.now(UTC)
    system = Actor(f"login:{username.strip()[:40]}", "sign-in", frozenset())
    failure: LoginFailed | None = None
    # Failures are raised after the block so their audit events and counts are committed.
    with session_factory.begin() as session:
        user = session.scalar(select(User).where(User.username == username.strip()))
        stored = user.password_hash if user is not None and user.active else None
        # Every attempt does the same Argon2 work (a locked account's password is checked
        # too, and its answer ignored) so timing does not reveal names or locks either.
        matches = _verify(stored or _DUMMY_HASH, password)
        if user is None or not stored:
            audit.record(session, system, "login_failed", detail="unknown or inactive user")
            failure = LoginFailed()
        elif user.locked_until and user.locked_until > now:
            audit.record(session, system, "login_failed", detail="account locked")
            failure = AccountLocked(user.locked_until)
        elif not matches:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins, user.locked_until = 0, now + LOCKOUT
                audit.record(session, system, "lockout", detail=f"locked until {now + LOCKOUT}")
                failure = AccountLocked(now + LOCKOUT)
            else:
                audit.record(session, system, "login_failed", detail="wrong password")
                failure = LoginFailed()
        else:
            user.failed_logins, user.locked_until = 0, None
            if _hasher.check_needs_rehash(stored):
                user.password_hash = _hasher.hash(password)
            reason = emergency_reason.strip()
            # The account keeps its own roles: emergency access adds reading and printing
            # (the permission table says which), never charting or signing.
            actor = actor_for(user, reason)
            if purpose == "unlock":
                audit.record(session, actor, "unlock")
            elif reason:
                audit.record(session, actor, "break_glass", detail="emergency access granted")
            else:
                audit.record(session, actor, "login")
    if failure is not None:
        raise failure
    return actor


def verify_password(session_factory: sessionmaker[Session], actor: Actor, password: str) -> None:
    """Unlock the idle-locked screen: the same lockout rules, recorded as an unlock."""
    authenticate(
        session_factory,
        actor.username,
        password,
        emergency_reason=actor.emergency_reason,
        purpose="unlock",
    )


def record_session_event(session_factory: sessionmaker[Session], actor: Actor, event: str) -> None:
    """Screen locked, unlocked or signed out: part of the access record."""
    if event not in ("lock", "unlock", "sign_out"):
        raise ValueError(f"unknown session event {event!r}")
    with session_factory.begin() as session:
        audit.record(session, actor, event)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_owner(
    session_factory: sessionmaker[Session],
    *,
    username: str,
    display_name: str,
    password: str,
    credentials: str = "",
) -> Actor:
    """The first account of a clinic: administrator and practitioner."""
    with session_factory.begin() as session:
        if session.scalar(select(func.count(User.id)).where(User.password_hash.is_not(None))):
            raise PermissionDenied("This clinic already has accounts; ask an administrator.")
        user = _new_user(
            session,
            username,
            display_name,
            credentials,
            {Role.ADMIN, Role.PRACTITIONER},
            password,
            "setup",
        )
        actor = actor_for(user)
        audit.record(
            session, actor, "create", entity="user", entity_id=user.id, detail="clinic owner"
        )
        return actor


def _new_user(
    session: Session,
    username: str,
    display_name: str,
    credentials: str,
    roles: set[Role],
    password: str,
    by: str,
) -> User:
    errors = v.FieldErrors()
    username = username.strip().lower()
    if (
        not username
        or not username.replace(".", "").replace("-", "").isalnum()
        or len(username) > 60
    ):
        errors.add("username", "A user name is letters and digits (dots and dashes allowed).")
    errors.add("display_name", v.required(display_name, "person's name"))
    # A NUL in a name is refused by PostgreSQL mid-transaction and breaks printed letters.
    v.text_problems({"display_name": display_name, "credentials": credentials}, errors)
    errors.add("password", password_problem(password, username))
    if not roles:
        errors.add("roles", "Give the account at least one role.")
    errors.raise_if_any()
    existing = session.scalar(select(User).where(User.username == username))
    if existing is not None and existing.password_hash:
        raise v.FieldErrors({"username": "That user name is taken."})
    user = existing or User(username=username, created_by=by)
    user.display_name, user.credentials = display_name.strip(), credentials.strip()
    user.roles = ",".join(sorted(r.value for r in roles))
    user.password_hash, user.active, user.updated_by = _hasher.hash(password), True, by
    if existing is None:
        session.add(user)
    session.flush()
    return user


class UserAdmin:
    """Account management: administrators only."""

    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def users(self) -> list[UserView]:
        require(self._actor, Action.MANAGE_USERS)
        with self._sessions() as session:
            return [_view(u) for u in session.scalars(select(User).order_by(User.username))]

    def create(
        self,
        *,
        username: str,
        display_name: str,
        roles: set[Role],
        password: str,
        credentials: str = "",
    ) -> UserView:
        require(self._actor, Action.MANAGE_USERS)
        with self._sessions.begin() as session:
            user = _new_user(
                session, username, display_name, credentials, roles, password, self._actor.username
            )
            audit.record(
                session,
                self._actor,
                "create",
                entity="user",
                entity_id=user.id,
                detail=f"{user.username}: {user.roles}",
            )
            return _view(user)

    def set_password(self, user_id: int, password: str) -> None:
        require(self._actor, Action.MANAGE_USERS)
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound("No such user.")
            user.password_hash = hash_password(password, user.username)
            user.failed_logins, user.locked_until = 0, None
            user.updated_by = self._actor.username
            audit.record(
                session,
                self._actor,
                "change",
                entity="user",
                entity_id=user_id,
                detail="password reset",
            )

    def set_active(self, user_id: int, active: bool) -> None:
        require(self._actor, Action.MANAGE_USERS)
        if user_id == self._actor.user_id and not active:
            raise InvalidInput("You cannot deactivate your own account.")
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound("No such user.")
            user.active, user.updated_by = active, self._actor.username
            audit.record(
                session,
                self._actor,
                "change",
                entity="user",
                entity_id=user_id,
                detail="activated" if active else "deactivated",
            )
