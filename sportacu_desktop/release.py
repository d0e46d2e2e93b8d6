"""The release number, read by the packaging (pyproject.toml) and by ``sportacu --version``."""

VERSION = "0.1.0"
