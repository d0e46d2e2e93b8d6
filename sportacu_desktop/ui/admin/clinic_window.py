"""Admin ▸ Clinic: everything a superbill or letterhead prints about the clinic."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.services.clinic_setup import ClinicSetup
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.fee_schedule import FeeSchedule
from sportacu_desktop.services.settings import ClinicSettings
from sportacu_desktop.ui.admin.clinic_fees import FeesForm
from sportacu_desktop.ui.admin.clinic_needles import NeedleDefaultsForm
from sportacu_desktop.ui.admin.clinic_practice import PracticeForm
from sportacu_desktop.ui.admin.clinic_providers import ProvidersForm


def scrolled(widget: QWidget) -> QScrollArea:
    """Errors opening under fields make a form taller: it scrolls rather than squeezes."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class ClinicWindow(QDialog):
    def __init__(self, clinic: Clinic, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Clinic Setup")
        setup = ClinicSetup(clinic.session_factory, actor)
        self.tabs = QTabWidget()
        self.practice = PracticeForm(setup)
        self.providers = ProvidersForm(setup)
        self.tabs.addTab(scrolled(self.practice), "&Practice")
        self.tabs.addTab(scrolled(self.providers), "P&eople and Providers")
        self.fees = FeesForm(FeeSchedule(clinic.session_factory, actor))
        self.tabs.addTab(self.fees, "Fee&s and Rules")
        self.needles = NeedleDefaultsForm(ClinicSettings(clinic.session_factory, actor))
        self.tabs.addTab(self.needles, "C&harting")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        self.resize(
            max(self.sizeHint().width(), line * 40), self.practice.sizeHint().height() + line * 6
        )
