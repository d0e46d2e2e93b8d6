"""Patient ▸ Disclosures… for the open chart (menu, shortcut), gated by the permission table."""

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.disclosure_accounting import DisclosureAccounting
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.disclosures.log_dialog import DisclosureLogDialog


class DisclosuresController(QObject):
    def __init__(self, window: QMainWindow, context: AppContext, registry: ActionRegistry):
        super().__init__(window)
        sessions, actor = context.clinic.session_factory, context.actor
        self.disclosures = Disclosures(sessions, actor)
        self.accounting = DisclosureAccounting(sessions, actor)
        self.allowed = actor.may(Action.VIEW_DISCLOSURES)
        self.action = registry[ActionId.DISCLOSURES]
        self.action.triggered.connect(self.show_log)
        self.dialog: DisclosureLogDialog | None = None
        self.header = None
        window.header_panel.patient_changed.connect(self._patient_changed)
        self._patient_changed(None)

    def _patient_changed(self, patient_id: int | None) -> None:
        self.header = self.parent().header_panel.header
        self.action.setEnabled(self.allowed and self.header is not None)
        if self.dialog is not None and self.dialog.patient_id != patient_id:
            # The log on screen belongs to the chart that was open: never another's.
            self.dialog.close()

    def show_log(self) -> DisclosureLogDialog | None:
        header = self.header
        if header is None or not self.allowed:
            return None
        dialog = DisclosureLogDialog(
            self.disclosures,
            self.accounting,
            header.id,
            f"{header.full_name} ({header.chart_number})",
            self.parent(),
        )
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: DisclosureLogDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
