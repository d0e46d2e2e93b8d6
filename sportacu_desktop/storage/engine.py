"""Where the database is, and engines configured the way the storage rules require."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.storage.errors import StorageError
from sportacu_desktop.storage.locations import database_target, default_database_path
from sportacu_desktop.storage.private_files import create_private_file, make_private_folder

BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "sportacu_write"


def resolve_database_url(db: str | None = None) -> str:
    """``--db`` beats ``SPORTACU_DB`` beats the user's data folder; paths become sqlite URLs."""
    target = database_target(db)
    if "://" in target:
        return supported_url(target)
    # URL.create quotes '?', '#' and '%' so a file named "clinic?v2.db" stays that file.
    path = str(Path(target).expanduser().resolve())
    return URL.create("sqlite", database=path).render_as_string(hide_password=False)


class UnsupportedDatabase(StorageError):
    """The URL names a database the app does not run on."""


def supported_url(url: str) -> str:
    """``url`` if the app runs on it: a SQLite file, or PostgreSQL through psycopg 3
    (a plain ``postgresql://`` URL is given that driver). UnsupportedDatabase otherwise."""
    shown = url.split("@")[-1] if "@" in url else url  # never echo a password
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UnsupportedDatabase(f"“{shown}” is not a database file name or URL.") from None
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        return url
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    raise UnsupportedDatabase(
        f"SportAcu Desktop cannot use a {parsed.drivername} database. Give a clinic database "
        "file, or a PostgreSQL server as postgresql+psycopg://user@host/clinic."
    )


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for a server database or in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _configure_sqlite(engine: Engine, *, encrypted: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's BEGIN below own transactions instead of the driver's guesswork.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if encrypted:
            # The dialect has keyed the connection; the first read below proves the key.
            # SQLCipher would otherwise print its own errors on stderr for a wrong one.
            cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A unit of work that will write takes the write lock up front. A deferred
        # transaction that reads first and writes later fails at once (SQLITE_BUSY,
        # no waiting) if another workstation committed in between; IMMEDIATE instead
        # waits its turn within the busy timeout.
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, passphrase: str | None = None) -> Engine:
    """An engine for ``url``; with ``passphrase``, a SQLCipher-encrypted SQLite file.

    An encrypted file goes through SQLAlchemy's ``sqlite+pysqlcipher`` dialect (the
    ``sqlcipher3`` driver), which keys every new connection before the pragmas below run.
    Connections are pooled like plain SQLite ones: deriving the key is deliberately slow.
    """
    if make_url(url).get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            # The file exists, private, before SQLite opens it: its -wal and -shm then
            # come out with the same mode.
            own = path.parent == default_database_path().parent
            make_private_folder(path.parent, own=own)
            create_private_file(path)
        connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000}
        if passphrase is None:
            engine = create_engine(url, connect_args=connect_args)
        else:
            if path is None:
                raise InvalidInput("only a database file can be encrypted")
            keyed = URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))
            engine = create_engine(keyed, connect_args=connect_args, poolclass=QueuePool)
        _configure_sqlite(engine, encrypted=passphrase is not None)
        return engine
    if passphrase is not None:
        raise InvalidInput("a server database is not encrypted with a passphrase")
    return create_engine(url, pool_pre_ping=True)


def engine_passphrase(engine: Engine) -> str | None:
    """The passphrase an encrypted SQLite engine was made with, None for a plain one."""
    return engine.url.password if engine.url.drivername == "sqlite+pysqlcipher" else None


class ClinicSessions(sessionmaker[Session]):
    """``sessions()`` reads; ``sessions.begin()`` is a unit of work that writes.

    Write units run on the same engine with an execution option that makes SQLite begin
    them IMMEDIATE (see ``_configure_sqlite``); other databases ignore the option.
    """

    def __init__(self, engine: Engine):
        # expire_on_commit off: services copy what they need into plain objects first.
        super().__init__(engine, expire_on_commit=False)
        self._writer = engine.execution_options(**{WRITE_OPTION: True})

    @contextmanager
    def begin(self) -> Iterator[Session]:
        with self(bind=self._writer) as session, session.begin():
            yield session


def make_session_factory(engine: Engine) -> ClinicSessions:
    return ClinicSessions(engine)


@contextmanager
def durable_session(engine: Engine) -> Iterator[Session]:
    """A unit of work whose commit is fsynced (synchronous=FULL): used to sign a note.

    SQLite refuses to change the safety level inside a transaction, so it is set on the
    raw connection before the session begins and put back afterwards.
    """
    with engine.execution_options(**{WRITE_OPTION: True}).connect() as connection:
        raw = connection.connection.driver_connection if engine.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA synchronous=FULL")
        try:
            with Session(bind=connection, expire_on_commit=False) as session, session.begin():
                yield session
        finally:
            if raw is not None:
                raw.execute("PRAGMA synchronous=NORMAL")


@contextmanager
def read_only_session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One read transaction that the database itself keeps from writing: a consistent
    snapshot for a long read (an export) that cannot change the clinic by mistake."""
    with sessions() as session, session.begin():
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            raw = connection.connection.driver_connection
            assert raw is not None  # a checked-out connection has its driver connection
            raw.execute("PRAGMA query_only = ON")
            try:
                yield session
            finally:
                raw.execute("PRAGMA query_only = OFF")
        else:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield session
