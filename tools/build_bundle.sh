#!/usr/bin/env bash
# Build the one-folder desktop bundle with PyInstaller: dist/sportacu/ runs on a machine
# of the same kind without Python (dist/sportacu/sportacu is the app and the command line).
# Uses .venv (tools/bootstrap.sh makes it) and installs PyInstaller into it if missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -x .venv/bin/python ]] || { echo "Run tools/bootstrap.sh first." >&2; exit 1; }
.venv/bin/python -c 'import PyInstaller' 2>/dev/null ||
    .venv/bin/python -m pip install -q --disable-pip-version-check 'pyinstaller>=6.10'
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
    --workpath build/bundle tools/bundle/sportacu.spec
# The desktop entry and icons travel with the bundle for tools/install_desktop_entry.sh.
cp resources/sportacu.desktop dist/sportacu/
echo "Bundle ready: dist/sportacu/sportacu"
