"""Help ▸ Keyboard Shortcuts and Help ▸ User Guide.

The shortcut list is generated from the action declarations (``ui/actions.py`` and the visit
window's ``visit_actions.py``), so it cannot fall behind them. The user guide is the README's
"Using the app" part, shipped as ``resources/user_guide.md`` (a test keeps the two equal).
"""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.catalog import RESOURCES
from sportacu_desktop.ui.actions import ACTIONS, ActionId, ActionRegistry, ActionSpec, key_sequences

GUIDE_FILE = RESOURCES / "user_guide.md"
GUIDE_HEADING = "## Using the app"


def guide_from_readme(readme: str) -> str:
    """The README's "Using the app" part: from its heading up to the next ``## `` heading."""
    start = readme.index(GUIDE_HEADING)
    end = readme.find("\n## ", start + len(GUIDE_HEADING))
    return readme[start : end if end != -1 else len(readme)].strip() + "\n"


def write_guide() -> None:
    """Copy the README's usage part into the shipped guide (run after editing the README)."""
    from pathlib import Path

    readme = Path(__file__).resolve().parents[2] / "README.md"
    GUIDE_FILE.write_text(guide_from_readme(readme.read_text(encoding="utf-8")), "utf-8")


def user_guide() -> str:
    return GUIDE_FILE.read_text(encoding="utf-8")


def _plain(text: str) -> str:
    return text.replace("&", "").removesuffix("…")


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(where, what, keys) for every declared action that has a key."""
    from sportacu_desktop.ui.charting.visit_actions import SPECS

    areas: list[tuple[str, dict]] = [("Main window", ACTIONS), ("Visit note", SPECS)]
    rows = []
    for where, specs in areas:
        for spec in specs.values():
            spec: ActionSpec
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in key_sequences(spec)]
            if keys:
                rows.append((where, _plain(spec.text), " or ".join(keys)))
    return rows


def shortcuts_html() -> str:
    parts = []
    current = None
    for where, what, keys in shortcut_rows():
        if where != current:
            if current is not None:
                parts.append("</table>")
            parts.append(f"<h3>{escape(where)}</h3><table cellpadding='4'>")
            current = where
        parts.append(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>")
    if current is not None:
        parts.append("</table>")
    parts.append(
        "<p>In a visit note, Ctrl+1 to Ctrl+9 go to its sections; Esc closes a dialog "
        "without doing anything.</p>"
    )
    return "".join(parts)


class HelpBrowser(QDialog):
    """A window of help text: shortcuts (HTML) or the user guide (Markdown)."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 36)


def shortcuts_window(parent: QWidget | None = None) -> HelpBrowser:
    window = HelpBrowser("Keyboard Shortcuts", parent)
    window.setObjectName("shortcutsHelp")
    window.browser.setHtml(shortcuts_html())
    return window


def guide_window(parent: QWidget | None = None) -> HelpBrowser:
    window = HelpBrowser("User Guide", parent)
    window.setObjectName("userGuide")
    window.browser.setMarkdown(user_guide())
    return window


class HelpMenu:
    """Opens the help windows from the registry's actions; one window of each at a time."""

    def __init__(self, window: QWidget, registry: ActionRegistry):
        self.window = window
        self.shortcuts: HelpBrowser | None = None
        self.guide: HelpBrowser | None = None
        registry[ActionId.KEYBOARD_SHORTCUTS].triggered.connect(self.show_shortcuts)
        registry[ActionId.USER_GUIDE].triggered.connect(self.show_guide)

    def show_shortcuts(self) -> HelpBrowser:
        if self.shortcuts is None:
            self.shortcuts = shortcuts_window(self.window)
        self.shortcuts.show()
        self.shortcuts.raise_()
        return self.shortcuts

    def show_guide(self) -> HelpBrowser:
        if self.guide is None:
            self.guide = guide_window(self.window)
        self.guide.show()
        self.guide.raise_()
        return self.guide
