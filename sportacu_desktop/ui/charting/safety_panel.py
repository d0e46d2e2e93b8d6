"""Live safety findings for the note being charted: what blocks signing, what to watch."""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from sportacu_desktop.domain.safety import Finding, Level

BLOCK_RED = "#b3261e"
WARN_AMBER = "#8a5a00"
WARN_BACKGROUND = "#fff4d6"
STYLES = {
    Level.BLOCK: f"background-color: {BLOCK_RED}; color: white;",
    Level.WARN: f"background-color: {WARN_BACKGROUND}; color: {WARN_AMBER};"
    f" border: 1px solid {WARN_AMBER};",
    Level.INFO: "color: palette(placeholder-text); border: 1px solid palette(mid);",
}
PREFIX = {Level.BLOCK: "<b>Blocked:</b> ", Level.WARN: "⚠ ", Level.INFO: "ℹ "}
ORDER = {Level.BLOCK: 0, Level.WARN: 1, Level.INFO: 2}


class SafetyPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Safety", parent)
        self.setObjectName("safetyPanel")
        self.findings: list[Finding] = []
        self.empty = QLabel("No safety findings for what is charted so far.")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self._items = QVBoxLayout()
        self._items.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(self._items)

    def show_findings(self, findings: list[Finding]) -> None:
        findings = sorted(findings, key=lambda f: ORDER[f.level])
        if findings == self.findings:
            return
        self.findings = findings
        while (item := self._items.takeAt(0)) is not None:
            if widget := item.widget():
                widget.hide()
                widget.setParent(None)
        for finding in findings:
            label = QLabel(f"{PREFIX[finding.level]}{escape(finding.message)}")
            label.setObjectName(f"finding_{finding.level.value}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAccessibleName(f"{finding.level.value}: {finding.message}")
            label.setStyleSheet(f"{STYLES[finding.level]} border-radius: 4px; padding: 4px 6px;")
            self._items.addWidget(label)
            label.show()
        self.empty.setVisible(not findings)

    def blocking(self) -> list[str]:
        return [f.message for f in self.findings if f.level is Level.BLOCK]

    def shown_text(self) -> str:
        return "\n".join(f"{f.level.value}: {f.message}" for f in self.findings)
