"""Packaging: the top-level ``resources/`` folder ships as ``sportacu_desktop.resources``.

Everything else is declared in pyproject.toml; only this mapping needs code, because a
package found by ``find`` cannot be combined with one mapped from another folder there.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["sportacu_desktop*"]), "sportacu_desktop.resources"],
    package_dir={"sportacu_desktop.resources": "resources"},
)
