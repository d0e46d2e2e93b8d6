"""The layering contract: the core never touches Qt, the UI never touches storage, and no
two modules import each other.

``domain``, ``storage``, ``services``, ``reports`` and ``cli`` must run headless
(command line, tests, a future server), so none of them may import PySide6, nor the
``ui`` package or ``app`` that do. ``ui`` talks to services only, so it never imports
SQLAlchemy or ``storage``. Checked twice: statically over every file, and by importing the
core in a fresh interpreter and looking at what got loaded.

No module may import another that imports it back, directly or through others, at module
level or inside a function: a cycle makes the import order matter and hides which layer
owns what.
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
from tests.hang_guard import HANG_GUARD_S

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
    "program.py": ("sportacu_desktop.ui",),
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
    # The log is set up by the CLI too; ``program`` and ``entry`` start either.
    for module in ("cli.py", "log_file.py", "program.py", "entry.py"):
        if (root / module).exists():
            files.append(root / module)
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


def test_ui_never_imports_sqlalchemy_or_storage():
    files = sorted((PACKAGE / "ui").rglob("*.py"))
    assert files, "the ui package was not found"
    found = violations(files, PACKAGE, UI_FORBIDDEN)
    assert not found, "the UI talks to services, never to SQL or storage:\n" + "\n".join(found)


# Cycles: a graph of which module imports which, module-level and lazy imports alike.


def package_modules(root: Path) -> dict[str, Path]:
    return {_module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def import_graph(root: Path) -> dict[str, dict[str, str]]:
    """module → {imported module of the package → where: "file:line"}.

    A module's own enclosing packages are left out: Python has loaded them before it.
    """
    modules = package_modules(root)
    graph: dict[str, dict[str, str]] = {}
    for module, path in modules.items():
        edges: dict[str, str] = {}
        where = path.relative_to(root.parent).as_posix()
        for line, names, deferred in imported_names(path, root):
            for name in names:
                if name not in modules or name == module or module.startswith(name + "."):
                    continue
                edges.setdefault(name, f"{where}:{line}" + (" (in a function)" if deferred else ""))
        graph[module] = edges
    return graph


def strongly_connected(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that can each reach all the others."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def shortest_cycle(graph: dict[str, dict[str, str]], group: list[str]) -> list[str]:
    """The shortest way from the group's first module back to itself, inside the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node]):
            if target == start:
                return [*paths[node], start]
            if target in members and target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"{group} is not a cycle")


def import_cycles(root: Path) -> list[str]:
    """Each cycle, as the import lines that close it."""
    graph = import_graph(root)
    found = []
    for group in strongly_connected(graph):
        if len(group) < 2:
            continue
        cycle = shortest_cycle(graph, group)
        steps = [f"{graph[a][b]} imports {b}" for a, b in zip(cycle, cycle[1:], strict=False)]
        found.append(" -> ".join(cycle) + "\n    " + "\n    ".join(steps))
    return found


def test_no_module_imports_another_that_imports_it_back():
    assert len(import_graph(PACKAGE)) > 50, "the package's modules were not found"
    found = import_cycles(PACKAGE)
    assert not found, "import cycles:\n" + "\n".join(found)


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
        timeout=HANG_GUARD_S,
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


@pytest.fixture
def cyclic_package(tmp_path) -> Path:
    root = tmp_path / "sportacu_desktop"
    files = {
        "__init__.py": "APP_NAME = 'x'\n",
        "ui/__init__.py": "",
        # Two modules, the way back hidden in a function.
        "ui/launch.py": "from sportacu_desktop import APP_NAME\nfrom .start import run\n",
        "ui/start.py": "def run():\n    from sportacu_desktop.ui.launch import text\n",
        # Three modules, all at module level, through a package import.
        "services/__init__.py": "",
        "services/a.py": "from sportacu_desktop.services import b\n",
        "services/b.py": "import sportacu_desktop.services.c as c\n",
        "services/c.py": "from .a import thing\n",
        # Not cycles: a module and its own package, a one-way chain, an unknown module.
        "services/d.py": "from sportacu_desktop.services import a\nimport json\n",
        "domain/__init__.py": "from .rules import rule\n",
        "domain/rules.py": "from sportacu_desktop import domain\nfrom . import x\n",
    }
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source)
    return root


def test_cycle_check_finds_lazy_and_longer_cycles(cyclic_package):
    assert import_cycles(cyclic_package) == [
        "sportacu_desktop.services.a -> sportacu_desktop.services.b"
        " -> sportacu_desktop.services.c -> sportacu_desktop.services.a\n"
        "    sportacu_desktop/services/a.py:1 imports sportacu_desktop.services.b\n"
        "    sportacu_desktop/services/b.py:1 imports sportacu_desktop.services.c\n"
        "    sportacu_desktop/services/c.py:1 imports sportacu_desktop.services.a",
        "sportacu_desktop.ui.launch -> sportacu_desktop.ui.start -> sportacu_desktop.ui.launch\n"
        "    sportacu_desktop/ui/launch.py:2 imports sportacu_desktop.ui.start\n"
        "    sportacu_desktop/ui/start.py:2 (in a function) imports sportacu_desktop.ui.launch",
    ]
