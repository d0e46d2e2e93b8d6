"""What the signed-in user's roles allow on screen; the services check again regardless."""

from PySide6.QtWidgets import QMenuBar

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.context import Actor
from sportacu_desktop.ui.actions import ACTIONS, ActionRegistry

ROLE_NAMES = {
    Role.ADMIN: "administrator",
    Role.PRACTITIONER: "practitioner",
    Role.FRONT_DESK: "front desk",
}


def role_names(roles) -> str:
    """“administrator, practitioner”, in a fixed order."""
    return ", ".join(ROLE_NAMES[role] for role in Role if role in roles)


def may_use(actor: Actor, allowed: frozenset[Role]) -> bool:
    return not allowed or any(actor.has(role) for role in allowed)


def gate_actions(registry: ActionRegistry, actor: Actor) -> None:
    """Hides what the user may not use: an invisible action's shortcut does nothing either."""
    for action_id, action in registry:
        spec = ACTIONS.get(action_id)
        if spec is not None and not may_use(actor, spec.roles):
            action.setVisible(False)


def hide_empty_menus(menu_bar: QMenuBar) -> None:
    """A menu left with nothing visible in it (Admin for a practitioner, say) disappears."""
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        shown = [a for a in menu.actions() if a.isVisible() and not a.isSeparator()]
        menu_action.setVisible(bool(shown))
