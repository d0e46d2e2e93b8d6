"""The layering contract: the core never touches Qt, and the UI never touches SQL.

``domain``, ``storage``, ``services``, ``reports`` and ``cli`` must run headless
(command line, tests, a future server), so none of them may import PySide6, nor the
``ui`` package or ``app`` that do. ``ui`` talks to services only, so it never imports
SQLAlchemy. Checked twice: statically over every file, and by importing the core in a
fresh interpreter and looking at what got loaded.
"""

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import sportacu_desktop

PACKAGE = Path(sportacu_desktop.__file__).resolve().parent
CORE_PACKAGES = ("domain", "storage", "services", "reports")
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")
CORE_FORBIDDEN = (*QT, "sportacu_desktop.ui", "sportacu_desktop.app")
# The UI talks to services: no SQL, and no storage module either (its errors and file
# checks reach screens through services).
UI_FORBIDDEN = ("sqlalchemy", "alembic", "sportacu_desktop.storage")
# ``sportacu`` with no subcommand opens the desktop app: the CLI may hand over to the GUI
# from inside the command that does so, never at import time (the runtime check proves it).
CORE_DEFERRED_OK = {
    "cli.py": ("sportacu_desktop.ui", "sportacu_desktop.app"),
    "cli/setup.py": ("sportacu_desktop.ui", "sportacu_desktop.app"),
}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class _Imports(ast.NodeVisitor):
    """Each import statement: line, the modules it may load, and whether it is deferred."""

    def __init__(self, package: str):
        self.package = package
        self.depth = 0
        self.found: list[tuple[int, list[str], bool]] = []

    def _in_function(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _in_function

    def _add(self, node, names: list[str]) -> None:
        self.found.append((node.lineno, names, self.depth > 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, [alias.name])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
        else:
            target = node.module or ""
        # "from sportacu_desktop import ui" loads the subpackage as well.
        self._add(node, [target, *(f"{target}.{alias.name}" for alias in node.names)])

    def visit_Call(self, node: ast.Call) -> None:
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if (
            name in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            self._add(node, [node.args[0].value])
        self.generic_visit(node)


def imported_names(path: Path, root: Path) -> list[tuple[int, list[str], bool]]:
    """What each import in ``path`` may load (relative imports resolved), by line number."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    visitor = _Imports(package)
    visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return visitor.found


def _first_forbidden(names: list[str], forbidden: tuple[str, ...]) -> str | None:
    for name in names:
        if any(name == f or name.startswith(f + ".") for f in forbidden):
            return name
    return None


def core_files(root: Path) -> list[Path]:
    files = [p for sub in CORE_PACKAGES for p in sorted((root / sub).rglob("*.py"))]
    if (root / "cli.py").exists():
        files.append(root / "cli.py")
    files.extend(sorted((root / "cli").rglob("*.py")))
    return files


def violations(
    files: list[Path],
    root: Path,
    forbidden: tuple[str, ...],
    deferred_ok: dict[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """``deferred_ok`` maps a file (relative to the package) to modules it may import
    inside a function only, so that importing the file itself still loads none of them."""
    found = []
    for path in files:
        relative = path.relative_to(root).as_posix()
        allowed = (deferred_ok or {}).get(relative, ())
        for line, names, deferred in imported_names(path, root):
            bad = _first_forbidden(names, forbidden)
            if bad and not (deferred and _first_forbidden([bad], allowed)):
                found.append(f"{path.relative_to(root.parent)}:{line} imports {bad}")
    return found


def test_core_never_imports_qt():
    files = core_files(PACKAGE)
    assert len(files) > 10, "the core packages were not found"
    found = violations(files, PACKAGE, CORE_FORBIDDEN, CORE_DEFERRED_OK)
    assert not found, "the headless core must not import Qt or the UI:\n" + "\n".join(found)


def test_ui_never_imports_sqlalchemy():
    files = sorted((PACKAGE / "ui").rglob("*.py"))
    assert files, "the ui package was not found"
    found = violations(files, PACKAGE, UI_FORBIDDEN)
    assert not found, "the UI talks to services, never to SQL or storage:\n" + "\n".join(found)


LOADED_PROBE = textwrap.dedent(
    """
    import importlib, json, sys
    qt = {qt!r}
    culprits = {{}}
    for name in {modules!r}:
        importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in qt)
        if loaded:
            culprits[name] = loaded
            break
    print(json.dumps({{"imported": len(sys.modules), "culprits": culprits}}))
    """
)


def core_modules(root: Path) -> list[str]:
    """Importable core modules: services.patients and the CLI first, then all the others."""
    first = ["sportacu_desktop.services.patients"]
    if (root / "cli.py").exists() or (root / "cli").is_dir():
        first.append("sportacu_desktop.cli")
    others = [
        _module_name(path, root)
        for path in core_files(root)
        # Alembic's env.py and revision scripts only run inside a migration.
        if "migrations" not in path.relative_to(root).parts
    ]
    return first + [m for m in others if m not in first]


def loaded_qt(root: Path, modules: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", LOADED_PROBE.format(qt=QT, modules=modules)],
        cwd=root.parent,
        env={**os.environ, "PYTHONPATH": str(root.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_the_core_loads_no_qt():
    report = loaded_qt(PACKAGE, core_modules(PACKAGE))
    assert report["culprits"] == {}, f"importing this module loaded Qt: {report['culprits']}"
    assert report["imported"] > 50, "the probe imported suspiciously little"


# The checks above must be able to fail: run them on a small package that breaks the rules.


@pytest.fixture
def bad_package(tmp_path) -> Path:
    root = tmp_path / "sportacu_desktop"
    files = {
        "__init__.py": "",
        "cli.py": (
            "from sportacu_desktop import ui\n"
            "def gui():\n"
            "    from sportacu_desktop.ui.launch import run\n"
            "    import PySide6\n"
        ),
        "domain/__init__.py": "",
        "domain/fine.py": "from dataclasses import dataclass\n",
        "domain/rel.py": "from ..ui import widgets\n",
        "domain/pkg.py": "from sportacu_desktop import app, domain\n",
        "storage/__init__.py": "",
        "storage/direct.py": "from PySide6.QtCore import QObject\n",
        "services/__init__.py": "",
        "services/patients.py": "from sportacu_desktop.reports import chart\n",
        "services/lazy.py": "def f():\n    import PySide6.QtWidgets\n",
        "reports/__init__.py": "",
        "reports/chart.py": "import importlib\nQt = importlib.import_module('PySide6.QtGui')\n",
        "ui/__init__.py": "",
        "ui/widgets.py": "import sqlalchemy.orm as orm\n",
        "ui/model.py": "from sqlalchemy import select\n",
        "ui/fine.py": "from sportacu_desktop.services import patients\n",
        "ui/files.py": "def encrypt():\n    from sportacu_desktop.storage.encryption import x\n",
    }
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source)
    return root


def test_static_check_catches_every_kind_of_violation(bad_package):
    core = violations(core_files(bad_package), bad_package, CORE_FORBIDDEN, CORE_DEFERRED_OK)
    assert core == [
        "sportacu_desktop/domain/pkg.py:1 imports sportacu_desktop.app",
        "sportacu_desktop/domain/rel.py:1 imports sportacu_desktop.ui",
        "sportacu_desktop/storage/direct.py:1 imports PySide6.QtCore",
        "sportacu_desktop/services/lazy.py:2 imports PySide6.QtWidgets",
        "sportacu_desktop/reports/chart.py:2 imports PySide6.QtGui",
        "sportacu_desktop/cli.py:1 imports sportacu_desktop.ui",
        "sportacu_desktop/cli.py:4 imports PySide6",
    ]
    ui = violations(sorted((bad_package / "ui").rglob("*.py")), bad_package, UI_FORBIDDEN)
    assert ui == [
        "sportacu_desktop/ui/files.py:2 imports sportacu_desktop.storage.encryption",
        "sportacu_desktop/ui/model.py:1 imports sqlalchemy",
        "sportacu_desktop/ui/widgets.py:1 imports sqlalchemy.orm",
    ]


def test_runtime_check_names_the_module_that_loads_qt(bad_package):
    (bad_package / "reports/chart.py").write_text("import shiboken6\nimport PySide6.QtCore\n")
    report = loaded_qt(bad_package, core_modules(bad_package))
    assert list(report["culprits"]) == ["sportacu_desktop.services.patients"]
    assert "PySide6.QtCore" in report["culprits"]["sportacu_desktop.services.patients"]
