#!/usr/bin/env bash
# Put SportAcu Desktop in the desktop's application menu for the current user: the
# .desktop entry and the icon in every size, under ~/.local/share (XDG_DATA_HOME).
# With no argument the entry runs `sportacu` from PATH (a wheel or pipx install); give the
# bundle's program to run that instead: tools/install_desktop_entry.sh dist/sportacu/sportacu
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

program=${1:-sportacu}
if [[ $program == */* ]]; then
    program=$(realpath "$program")
fi
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications"
for png in resources/icons/sportacu-*.png; do
    size=${png##*-}
    size=${size%.png}
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$data/icons/hicolor/${size}x${size}/apps/sportacu.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp resources/icons/sportacu.svg "$data/icons/hicolor/scalable/apps/sportacu.svg"
sed "s|^Exec=sportacu gui|Exec=\"$program\" gui|" resources/sportacu.desktop \
    >"$data/applications/sportacu.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
echo "Installed $data/applications/sportacu.desktop (runs $program)"
