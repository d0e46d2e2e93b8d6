"""The session's marks on the main window: who is signed in, the emergency bar, the
File ▸ Lock Screen / Sign Out and Admin menus, and what the user's roles hide.

Installed from outside so the main window stays unaware of sessions: it only declares the
actions (``actions.py``); this module puts them in menus and connects them.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QToolBar, QWidget

from sportacu_desktop.services.context import Actor
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.session.permissions import gate_actions, hide_empty_menus, role_names
from sportacu_desktop.ui.session.windows import close_other_windows

EMERGENCY_RED = "#b3261e"
EMERGENCY_TEXT = "EMERGENCY ACCESS — every action is recorded"
ADMIN_ACTIONS = (
    ActionId.CLINIC_SETUP,
    ActionId.AUDIT_TRAIL,
    ActionId.MANAGE_USERS,
    ActionId.RECORD_RETENTION,
)


def signed_in_text(actor: Actor) -> str:
    roles = role_names(actor.roles)
    text = f"{actor.display_name} ({roles})" if roles else actor.display_name
    return f"{text} — emergency access" if actor.emergency_reason else text


def _menu_holding(action: QAction) -> QMenu | None:
    for holder in action.associatedObjects():
        if isinstance(holder, QMenu):
            return holder
    return None


class EmergencyBar(QToolBar):
    """A red band across the top of the window for the whole break-glass session."""

    def __init__(self, reason: str, parent: QWidget | None = None):
        super().__init__("Emergency access", parent)
        self.setObjectName("emergencyBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # it cannot be hidden from the menu
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.setStyleSheet(
            f"QToolBar#emergencyBar {{ background: {EMERGENCY_RED}; border: none;"
            " padding: 0.3em 0.6em; }"
            " QToolBar#emergencyBar QLabel { color: white; }"
        )
        self.title = QLabel(EMERGENCY_TEXT)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.reason = QLabel(f"Reason: {reason}")
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setContentsMargins(self.fontMetrics().horizontalAdvance("MM"), 0, 0, 0)
        self.addWidget(self.title)
        self.addWidget(self.reason)
        self.setAccessibleName(f"{EMERGENCY_TEXT}. Reason: {reason}")


class SessionChrome(QObject):
    """Adds the session's menus, labels and role limits to ``window`` for ``actor``.

    ``window`` is a main window with a ``registry`` (ActionRegistry). Closing it first
    closes the session's other windows, so a form with unsaved changes can still say so.
    """

    def __init__(
        self,
        window: QMainWindow,
        actor: Actor,
        *,
        lock: Callable[[], None],
        sign_out: Callable[[], None],
        admin: dict[ActionId, Callable[[], None]],
    ):
        super().__init__(window)
        self.window = window
        self.actor = actor
        registry: ActionRegistry = window.registry
        self.emergency_bar: EmergencyBar | None = None

        registry[ActionId.LOCK].triggered.connect(lock)
        registry[ActionId.SIGN_OUT].triggered.connect(sign_out)
        for action_id, show in admin.items():
            registry[action_id].triggered.connect(show)
        self._add_to_menus(registry)
        gate_actions(registry, actor)
        hide_empty_menus(window.menuBar())

        self.user_label = QLabel(signed_in_text(actor))
        self.user_label.setObjectName("signedInLabel")
        self.user_label.setToolTip("Who is signed in, and their roles")
        gap = window.fontMetrics().horizontalAdvance("M")
        self.user_label.setContentsMargins(gap, 0, gap, 0)
        window.statusBar().insertPermanentWidget(0, self.user_label)
        if actor.emergency_reason:
            self._show_emergency_bar(actor.emergency_reason)
        window.installEventFilter(self)

    def _add_to_menus(self, registry: ActionRegistry) -> None:
        window = self.window
        quit_action = registry[ActionId.QUIT]
        file_menu = _menu_holding(quit_action)
        if file_menu is not None:
            file_menu.insertAction(quit_action, registry[ActionId.LOCK])
            file_menu.insertAction(quit_action, registry[ActionId.SIGN_OUT])
            file_menu.insertSeparator(quit_action)
        admin_menu = QMenu("&Admin", window)
        admin_menu.setObjectName("adminMenu")
        for action_id in ADMIN_ACTIONS:
            admin_menu.addAction(registry[action_id])
        help_menu = _menu_holding(registry[ActionId.ABOUT])
        if help_menu is not None:
            window.menuBar().insertMenu(help_menu.menuAction(), admin_menu)
        else:
            window.menuBar().addMenu(admin_menu)
        self.admin_menu = admin_menu

    def _show_emergency_bar(self, reason: str) -> None:
        bar = EmergencyBar(reason, self.window)
        toolbars = self.window.findChildren(QToolBar)
        first = next((t for t in toolbars if t is not bar and t.isVisibleTo(self.window)), None)
        if first is not None:
            self.window.insertToolBar(first, bar)
            self.window.insertToolBarBreak(first)
        else:
            self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.emergency_bar = bar

    def release(self) -> None:
        """The session is ending: closing the window no longer closes the others."""
        self.window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.Close
            and not close_other_windows(self.window)
        ):
            event.ignore()  # a form with unsaved changes asked, and the user kept editing
            return True
        return False
