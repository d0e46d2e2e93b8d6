"""The About box: what this is and which version is running."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from sportacu_desktop import APP_NAME, __version__

DESCRIPTION = (
    "Charting, billing and care coordination for sports-acupuncture clinics. "
    "Works fully offline; your clinic's data stays in its own database."
)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, database: str = ""):
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        title = QLabel(f"<h2>{APP_NAME}</h2>")
        self.version_label = QLabel(f"Version {__version__}")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        description = QLabel(DESCRIPTION)
        description.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.version_label)
        layout.addWidget(description)
        if database:
            where = QLabel(f"Database: {database}")
            where.setWordWrap(True)
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
