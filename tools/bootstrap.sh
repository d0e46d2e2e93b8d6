#!/usr/bin/env bash
# Set up SportAcu Desktop on this machine: the system libraries Qt and the tests need
# (Debian/Ubuntu, installed when run as root or with sudo), then .venv with the app and
# its test tools. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(libgl1 libegl1 libopengl0 libfontconfig1 fonts-dejavu-core libxkbcommon0
    libxkbcommon-x11-0 libglib2.0-0 libdbus-1-3 libx11-xcb1 libxcb-cursor0 libxcb-icccm4
    libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
    libxcb-xinerama0 poppler-utils python3-venv)

if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for package in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$package")
    done
    if ((${#missing[@]})); then
        if [[ $(id -u) -eq 0 ]]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                --no-install-recommends "${missing[@]}" >/dev/null
        elif command -v sudo >/dev/null 2>&1; then
            sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install \
                -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        else
            echo "Please install: ${missing[*]}" >&2
        fi
    fi
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    { echo "SportAcu Desktop needs Python 3.11 or newer ($PYTHON is older)." >&2; exit 1; }
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
echo "Ready: .venv/bin/sportacu opens the app; .venv/bin/python -m pytest runs the tests."
