"""What the permission table allows the signed-in user on screen; services check again."""

from PySide6.QtWidgets import QMenu, QMenuBar

from sportacu_desktop.domain.permissions import role_names
from sportacu_desktop.services.context import Actor
from sportacu_desktop.ui.actions import ACTIONS, ActionRegistry

__all__ = ["gate_actions", "hide_empty_menus", "role_names"]


def gate_actions(registry: ActionRegistry, actor: Actor) -> None:
    """Hides what the user may not use: an invisible action's shortcut does nothing either."""
    for action_id, action in registry:
        spec = ACTIONS.get(action_id)
        if spec is not None and spec.permission is not None and not actor.may(spec.permission):
            action.setVisible(False)


def hide_empty_menus(menu_bar: QMenuBar | QMenu) -> None:
    """A menu left with nothing visible in it (Admin for a practitioner, say) disappears,
    and so does a submenu (File ▸ Export for the front desk)."""
    for menu_action in menu_bar.actions():
        _hide_if_empty(menu_action)


def _hide_if_empty(menu_action) -> bool:
    """Hides a menu whose actions (and submenus, first) are all hidden; True if shown."""
    menu = menu_action.menu()
    if menu is None:
        return menu_action.isVisible() and not menu_action.isSeparator()
    shown = [a for a in menu.actions() if _hide_if_empty(a)]
    menu_action.setVisible(bool(shown))
    return bool(shown)
