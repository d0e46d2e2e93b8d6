"""Create or upgrade a database with Alembic, keeping a copy of an older one first."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from sportacu_desktop.storage.engine import sqlite_path
from sportacu_desktop.storage.errors import DatabaseTooNew

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration. Kept as a constant so that opening a current database does not
# import Alembic (a tenth of a second of start-up); a test keeps it equal to the scripts.
HEAD_REVISION = "0004"


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


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


def copy_aside(path: Path, revision: str | None) -> Path:
    """Copy ``path`` with SQLite's online backup API (safe while WAL holds pages)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision or 'unversioned'}-{stamp}.db")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def ensure_schema(engine: Engine) -> Path | None:
    """Bring the database to the newest schema. Returns the safety copy if one was made."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    from alembic.script import ScriptDirectory

    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseTooNew(
            "This clinic database was written by a newer SportAcu Desktop. "
            "Update the app before opening it."
        )
    saved = None
    path = sqlite_path(str(engine.url))
    has_tables = bool(inspect(engine).get_table_names())
    if path is not None and has_tables and path.exists():
        saved = copy_aside(path, current)
    upgrade(engine)
    return saved
