"""Shared fixtures: a real clinic database on SQLite (always) and PostgreSQL (TEST_PG_URL)."""

import functools
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep window state and any stray user data out of the developer's real profile, and out
# of the other test processes' way when the suite runs in parallel (pytest -n).
_PROFILE = tempfile.mkdtemp(prefix="sportacu-test-profile-")
os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(_PROFILE, "config"))
os.environ.setdefault("XDG_DATA_HOME", os.path.join(_PROFILE, "data"))
os.environ.setdefault("XDG_STATE_HOME", os.path.join(_PROFILE, "state"))  # the log folder

import pytest  # noqa: E402

from sportacu_desktop.services.context import Clinic  # noqa: E402
from tests.databases import (  # noqa: E402
    BACKENDS,
    fresh_pg_database,
    migrated_pg_template,
    migrated_sqlite_template,
)
from tests.hang_guard import HANG_GUARD_MS  # noqa: E402


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A URL to an empty database: a SQLite file, and a fresh PostgreSQL database too."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clinic.db'}"
        return
    url, drop = fresh_pg_database()
    yield url
    drop()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'clinic.db'}"


@pytest.fixture(params=BACKENDS)
def clinic_url(request, tmp_path):
    """A URL to a migrated, empty clinic database on each backend: a copy of one migrated
    once per test process (each test still has a database of its own)."""
    if request.param == "sqlite":
        path = tmp_path / "clinic.db"
        shutil.copyfile(migrated_sqlite_template(), path)
        path.chmod(0o600)
        yield f"sqlite:///{path}"
        return
    url, drop = fresh_pg_database(template=migrated_pg_template())
    yield url
    drop()


@pytest.fixture
def clinic(clinic_url):
    """An opened, migrated, empty clinic on each backend."""
    opened = Clinic.open(clinic_url)
    yield opened
    opened.close()


QTBOT_WAITS = ("waitUntil", "waitSignal", "waitSignals", "waitActive", "waitExposed")


@pytest.fixture
def qtbot(qtbot):
    """pytest-qt's qtbot whose waits end on their condition, or at the hang guard.

    pytest-qt gives up after 5 s, which a machine busy with other work can exceed while
    nothing is wrong; a wait here only fails when its condition never comes true.
    """
    for name in QTBOT_WAITS:
        method = getattr(type(qtbot), name)
        setattr(qtbot, name, functools.partial(method, qtbot, timeout=HANG_GUARD_MS))
    return qtbot
