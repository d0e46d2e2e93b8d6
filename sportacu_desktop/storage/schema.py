"""Create or upgrade a database with Alembic, keeping a copy of an older one first."""

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.storage.clinic_file import APPLICATION_ID, mark_connection
from sportacu_desktop.storage.encryption import connect_file
from sportacu_desktop.storage.engine import engine_passphrase, sqlite_path
from sportacu_desktop.storage.errors import DatabaseTooNew
from sportacu_desktop.storage.sqlite_files import online_copy

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration. Kept as a constant so that opening a current database does not
# import Alembic (a tenth of a second of start-up); a test keeps it equal to the scripts.
HEAD_REVISION = "0008"


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows (and can upgrade from)."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for a database Alembic never touched."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def copy_aside(path: Path, revision: str | None, passphrase: str | None = None) -> Path:
    """Copy ``path`` with SQLite's online backup API (safe while WAL holds pages).

    An encrypted database's copy is encrypted with the same passphrase.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision or 'unversioned'}-{stamp}.db")
    source = connect_file(path, passphrase)
    try:
        copy = connect_file(target, passphrase, must_exist=False)
        try:
            online_copy(source, copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def ensure_schema(engine: Engine) -> Path | None:
    """Bring the database to the newest schema. Returns the safety copy if one was made."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        _mark(engine)
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            "This clinic database was written by a newer SportAcu Desktop. "
            "Update the app before opening it."
        )
    saved = None
    path = sqlite_path(str(engine.url))
    has_tables = bool(inspect(engine).get_table_names())
    if path is not None and has_tables and path.exists():
        saved = copy_aside(path, current, engine_passphrase(engine))
    upgrade(engine)
    _mark(engine)
    return saved


def _mark(engine: Engine) -> None:
    """Give a SQLite clinic database the app's mark (new, or from before the mark)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        if connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID:
            return
    with engine.begin() as connection:
        mark_connection(connection)
