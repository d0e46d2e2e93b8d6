"""The application's own icon, drawn in resources/icons (PNG sizes rendered from the SVG)."""

from PySide6.QtGui import QIcon

from sportacu_desktop.domain.resources import RESOURCES

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Every size, so the window manager, the task bar and Alt+Tab each pick a sharp one."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(RESOURCES / "icons" / f"sportacu-{size}.png"))
    return icon
