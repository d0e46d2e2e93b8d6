"""The first window comes up before the database layer loads.

``sportacu`` with no command shows the sign-in window while a worker loads the rest, so
everything the entry point and the sign-in window import must stay small: no SQLAlchemy,
no Alembic, no reportlab, no plotting, no ICD data. Checked in a fresh interpreter, the
way the program starts, and shown to fail when a heavy module sneaks in.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.hang_guard import HANG_GUARD_S

HEAVY = (
    "sqlalchemy",
    "alembic",
    "reportlab",
    "matplotlib",
    "simple_icd_10_cm",
    "argon2",
    "sqlite3",
    "importlib.metadata",
    "stdnum",
    "sportacu_desktop.domain.catalog",
    "sportacu_desktop.storage.engine",
    "sportacu_desktop.services.context",
    "sportacu_desktop.cli",
)
# What the launcher loads before the sign-in window is painted.
FIRST_WINDOW_MODULES = (
    "sportacu_desktop.entry",
    "sportacu_desktop.program",
    "sportacu_desktop.ui.launch",
    "sportacu_desktop.ui.session.login_dialog",
    "sportacu_desktop.ui.data_safety.blocking",
    "sportacu_desktop.services.clinic_location",
)

PROBE = textwrap.dedent(
    """
    import importlib, json, sys
    for name in sys.argv[2:]:
        importlib.import_module(name)
    heavy = json.loads(sys.argv[1])
    print(json.dumps(sorted(
        m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy)
    )))
    """
)


def heavy_modules_loaded_by(*modules: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY), *modules],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=HANG_GUARD_S,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_sign_in_window_loads_no_database_layer_and_no_documents():
    assert heavy_modules_loaded_by(*FIRST_WINDOW_MODULES) == []


def test_the_probe_notices_a_heavy_module():
    loaded = heavy_modules_loaded_by("sportacu_desktop.ui.session.manager")
    assert "sqlalchemy" in loaded


@pytest.mark.parametrize(
    ("argv", "desktop_db"),
    [
        ([], None),
        (["--db", "c.db"], "c.db"),
        (["--db=c.db"], "c.db"),
        (["gui"], None),
        (["gui", "--db", "c.db"], "c.db"),
        (["--db", "a.db", "gui", "--db", "c.db"], "c.db"),
    ],
)
def test_the_desktop_invocations_skip_the_command_line(argv, desktop_db):
    from sportacu_desktop.entry import desktop_database

    assert desktop_database(argv) == desktop_db


@pytest.mark.parametrize(
    "argv",
    [["check"], ["--db", "c.db", "check"], ["--version"], ["--db"], ["gui", "--help"], ["-h"]],
)
def test_commands_and_options_go_to_the_command_line(argv):
    from sportacu_desktop.entry import NOT_THE_DESKTOP, desktop_database

    assert desktop_database(argv) is NOT_THE_DESKTOP
