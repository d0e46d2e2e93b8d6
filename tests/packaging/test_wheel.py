"""The wheel is what a clinic installs: it must carry the resources and work on its own.

Builds the wheel from this checkout, installs it into a fresh virtual environment outside
the checkout and runs the command line from there. The app's dependencies come from the
test environment (a path added to the new environment) so the test needs no download.
"""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("sportacu_desktop-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new environment with only the wheel installed; returns its ``bin`` folder."""
    home = tmp_path_factory.mktemp("clinic-pc")
    env_dir = home / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    # Dependencies only: a plain path line does not run the test environment's own .pth
    # files, so the checkout's editable install stays invisible here.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    return env_dir / "bin"


def test_the_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "acupoints.csv",
        "protocols.json",
        "icd10cm_running.csv",
        "fonts/DejaVuSans.ttf",
    ):
        assert f"sportacu_desktop/resources/{name}" in names
    assert "sportacu_desktop/storage/migrations/versions/0001_baseline_schema.py" in names


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / "sportacu"), *args], cwd=cwd, capture_output=True, text=True
    )


def test_the_installed_app_runs_outside_the_checkout(installed, tmp_path):
    from sportacu_desktop.release import VERSION

    located = subprocess.check_output(
        [str(installed / "python"), "-c", "import sportacu_desktop as s; print(s.__file__)"],
        cwd=tmp_path,
        text=True,
    )
    assert REPO not in Path(located).parents, located

    version = run(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"sportacu {VERSION}"

    db = tmp_path / "clinic.db"
    demo = run(installed, "demo", "--patients", "20", "--db", str(db), cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "20 patients" in demo.stdout
    check = run(installed, "check", "--db", str(db), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "PROBLEM" not in check.stdout
