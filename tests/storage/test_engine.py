"""Engine set-up the storage rules require, and where the database is looked for."""

from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from sportacu_desktop.storage.engine import (
    BUSY_TIMEOUT_MS,
    default_database_path,
    make_engine,
    resolve_database_url,
    sqlite_path,
)
from sportacu_desktop.storage.patients import Insurance
from sportacu_desktop.storage.schema import ensure_schema

PG = "postgresql+psycopg://clinic@db.example.invalid:5432/sportacu"


def _pragmas(connection) -> dict[str, object]:
    return {
        name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    }


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 1,  # NORMAL
    "busy_timeout": BUSY_TIMEOUT_MS,
}


def test_every_sqlite_connection_gets_the_pragmas(sqlite_url):
    engine = make_engine(sqlite_url)
    try:
        with ExitStack() as stack:
            connections = [stack.enter_context(engine.connect()) for _ in range(3)]
            raw = {id(c.connection.dbapi_connection) for c in connections}
            assert len(raw) == 3, "the pool should have opened three separate connections"
            for connection in connections:
                assert _pragmas(connection) == EXPECTED_PRAGMAS
        engine.dispose()
        with engine.connect() as connection:
            assert _pragmas(connection) == EXPECTED_PRAGMAS
    finally:
        engine.dispose()


def test_sqlite_file_and_its_folder_are_created(tmp_path):
    target = tmp_path / "nested" / "folder" / "clinic.db"
    engine = make_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    finally:
        engine.dispose()
    assert target.is_file()


def test_rollback_undoes_writes_on_sqlite(sqlite_url):
    """The driver runs in autocommit; only the explicit BEGIN makes a transaction real."""
    engine = make_engine(sqlite_url)
    try:
        ensure_schema(engine)
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(text("INSERT INTO setting (key, value) VALUES ('a', '1')"))
            assert connection.connection.dbapi_connection.in_transaction
            transaction.rollback()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM setting")).scalar() == 0
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(clinic):
    with pytest.raises(IntegrityError), clinic.session_factory.begin() as session:
        session.add(Insurance(patient_id=424242, payer="Nobody Mutual"))
    with clinic.session_factory() as session:
        assert session.scalar(select(func.count(Insurance.id))) == 0


def test_sqlite_path_of_urls(tmp_path):
    assert sqlite_path(f"sqlite:///{tmp_path / 'c.db'}") == tmp_path / "c.db"
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path(PG) is None


class TestResolveDatabaseUrl:
    @pytest.fixture(autouse=True)
    def tmp_path(self, monkeypatch, tmp_path):
        """A clean environment whose working directory is the (symlink-free) tmp_path."""
        here = tmp_path.resolve()
        monkeypatch.delenv("SPORTACU_DB", raising=False)
        monkeypatch.setenv("XDG_DATA_HOME", str(here / "xdg-data"))
        monkeypatch.chdir(here)
        return here

    def test_default_is_the_users_data_folder(self, tmp_path):
        expected = tmp_path / "xdg-data" / "SportAcu Desktop" / "clinic.db"
        assert default_database_path() == expected
        assert resolve_database_url() == f"sqlite:///{expected}"
        assert resolve_database_url(None) == resolve_database_url("")

    def test_environment_beats_default(self, monkeypatch, tmp_path):
        monkeypatch.setenv("SPORTACU_DB", str(tmp_path / "env.db"))
        assert resolve_database_url() == f"sqlite:///{tmp_path / 'env.db'}"

    def test_flag_beats_environment(self, monkeypatch, tmp_path):
        monkeypatch.setenv("SPORTACU_DB", str(tmp_path / "env.db"))
        assert resolve_database_url(str(tmp_path / "flag.db")) == (
            f"sqlite:///{tmp_path / 'flag.db'}"
        )

    def test_relative_paths_become_absolute(self, monkeypatch, tmp_path):
        assert resolve_database_url("data/clinic.db") == (
            f"sqlite:///{tmp_path / 'data' / 'clinic.db'}"
        )
        monkeypatch.setenv("SPORTACU_DB", "env.db")
        assert resolve_database_url() == f"sqlite:///{tmp_path / 'env.db'}"

    def test_home_is_expanded(self, monkeypatch, tmp_path):
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert resolve_database_url("~/clinic.db") == f"sqlite:///{tmp_path / 'home/clinic.db'}"

    def test_resolved_url_is_an_absolute_sqlite_url(self):
        path = sqlite_path(resolve_database_url("clinic.db"))
        assert path is not None and path.is_absolute()
        assert path == Path.cwd() / "clinic.db"

    def test_server_urls_pass_through(self, monkeypatch):
        assert resolve_database_url(PG) == PG
        monkeypatch.setenv("SPORTACU_DB", PG)
        assert resolve_database_url() == PG
        assert resolve_database_url("other.db").startswith("sqlite:///")
