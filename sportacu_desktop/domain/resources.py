"""Where the data files shipped in ``resources/`` are, found without loading any of them."""

from importlib.resources import files
from pathlib import Path


def _resources_folder() -> Path:
    """Installed, the data ships as ``sportacu_desktop.resources`` (setup.py maps the
    repository's top-level ``resources/`` there); a bare source tree reads it in place."""
    installed = Path(str(files("sportacu_desktop"))) / "resources"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "resources"


RESOURCES = _resources_folder()
