"""Admin ▸ Clinic ▸ Charting: what a new acupuncture point is needled with.

A template's own technique or needle wins for its points; these fill the rest, and the
"New points" fields of every new note start from them.
"""

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.settings import (
    NEEDLE_GAUGE,
    NEEDLE_LENGTH_MM,
    NEEDLE_RETENTION_MINUTES,
    NEEDLE_TECHNIQUE,
)
from sportacu_desktop.services.settings import ClinicSettings
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine


def _spin(declaration, name: str) -> QSpinBox:
    low, high = declaration.allowed_range
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setSuffix(f" {declaration.unit}")
    spin.setAccessibleName(declaration.label)
    return spin


class NeedleDefaultsForm(QWidget):
    def __init__(self, settings: ClinicSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = settings
        self.technique = QComboBox()
        self.technique.setObjectName("needleTechnique")
        self.technique.addItems(NEEDLE_TECHNIQUE.choices)
        self.gauge = QComboBox()
        self.gauge.setObjectName("needleGauge")
        for gauge in NEEDLE_GAUGE.choices:
            self.gauge.addItem(f"{gauge} mm", gauge)
        self.length = _spin(NEEDLE_LENGTH_MM, "needleLength")
        self.retention = _spin(NEEDLE_RETENTION_MINUTES, "needleRetention")
        self.save_button = QPushButton("Save &Needle Defaults")
        self.save_button.clicked.connect(self.save)
        self.message = MessageLine(grow_dialog=False)

        box = QGroupBox("New acupuncture points")
        form = QFormLayout(box)
        form.addRow("&Technique:", self.technique)
        form.addRow("&Gauge:", self.gauge)
        form.addRow("&Length:", self.length)
        form.addRow("&Retention:", self.retention)
        note = QLabel(
            "A protocol template's own technique or needle is used for its points; "
            "these fill in the rest, and every new note starts with them."
        )
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow("", self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        get = self._settings.get
        self.technique.setCurrentText(get(NEEDLE_TECHNIQUE))
        self.gauge.setCurrentIndex(max(0, self.gauge.findData(get(NEEDLE_GAUGE))))
        self.length.setValue(get(NEEDLE_LENGTH_MM))
        self.retention.setValue(get(NEEDLE_RETENTION_MINUTES))

    def save(self) -> None:
        try:
            for declaration, value in (
                (NEEDLE_TECHNIQUE, self.technique.currentText()),
                (NEEDLE_GAUGE, self.gauge.currentData()),
                (NEEDLE_LENGTH_MM, self.length.value()),
                (NEEDLE_RETENTION_MINUTES, self.retention.value()),
            ):
                if self._settings.get(declaration) != value:
                    self._settings.set(declaration, value)
        except UserError as exc:
            self.message.say(str(exc), problem=True)
            return
        except Exception as exc:  # noqa: BLE001 - logged and explained by describe_error
            self.message.say(describe_error(exc), problem=True)
            return
        self.message.say("Needle defaults saved; new notes start with them.")
