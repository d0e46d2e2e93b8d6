"""Episodes in the main window: the panel, its actions and dialogs, kept off the window.

Dialogs open with ``open()`` (no nested event loop) and stay on ``self.dialog`` for tests.
A refused save leaves the dialog open with everything typed and the problems named.
"""

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow

from sportacu_desktop.domain.episodes import DischargeReason
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.race_calendar import SuggestedVisit
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.services.measures import Measures
from sportacu_desktop.services.summaries import Summaries
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.episodes.panel import EpisodePanel
from sportacu_desktop.ui.operations import show_error

log = logging.getLogger(__name__)


def _keys(registry: ActionRegistry, action_id: ActionId) -> str:
    return registry[action_id].shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class EpisodeController(QObject):
    next_visit_changed = Signal(object)  # SuggestedVisit or None, for the chart header

    def __init__(self, window: QMainWindow, context: AppContext, registry: ActionRegistry):
        super().__init__(window)
        self.window = window
        self.registry = registry
        sessions, actor = context.clinic.session_factory, context.actor
        self.episodes = Episodes(sessions, actor)
        self.measures = Measures(sessions, actor)
        # Who may read episodes sees the panel (emergency access too); the rest see only the
        # next suggested visit on the header. Changing them is gated per action.
        self.clinical = actor.may(Action.READ_EPISODES)
        self.manages = actor.may(Action.MANAGE_EPISODES)
        self.measures_allowed = actor.may(Action.RECORD_MEASURES)
        self.summaries_allowed = actor.may(Action.WRITE_SUMMARIES)
        self.summaries = Summaries(sessions, actor)
        self.patient_id: int | None = None
        self.dialog = None
        self.runner = None  # the shared worker; tests may set an inline one
        self.panel = EpisodePanel({"new": _keys(registry, ActionId.NEW_EPISODE)})
        self.panel.setVisible(self.clinical)
        self.panel.episode_selected.connect(self._update_actions)
        registry[ActionId.NEW_EPISODE].triggered.connect(self.new_episode)
        registry[ActionId.EDIT_EPISODE].triggered.connect(self.edit_episode)
        registry[ActionId.DISCHARGE_EPISODE].triggered.connect(self.discharge_episode)
        registry[ActionId.RECORD_MEASURES].triggered.connect(self.record_measures)
        registry[ActionId.TREATMENT_SUMMARY].triggered.connect(self.treatment_summary)
        self.set_patient(None)

    # --- the open patient ----------------------------------------------------------------

    def set_patient(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        self.registry[ActionId.NEW_EPISODE].setEnabled(patient_id is not None and self.manages)
        self.registry[ActionId.TREATMENT_SUMMARY].setEnabled(
            patient_id is not None and self.summaries_allowed
        )
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        if self.patient_id is None:
            self.panel.show_care(None)
            self.next_visit_changed.emit(None)
            return
        if not self.clinical:
            self._header_only()
            return
        keep = (
            select
            if select is not None
            else (self.panel.episode.id if self.panel.episode else None)
        )
        try:
            care = self.episodes.care(self.patient_id)
        except Exception as exc:  # noqa: BLE001 - the rest of the chart still shows
            log.warning("episodes not loaded", exc_info=exc)
            self.panel.show_care(None)
            self.panel.empty_label.setText("The episodes could not be loaded.")
            self.next_visit_changed.emit(None)
            return
        self.panel.show_care(care, select=keep)
        self.next_visit_changed.emit(care.next_visit)

    def _header_only(self) -> None:
        try:
            suggested: SuggestedVisit | None = self.episodes.next_visit(self.patient_id)
        except Exception as exc:  # noqa: BLE001
            log.warning("next visit not computed", exc_info=exc)
            suggested = None
        self.next_visit_changed.emit(suggested)

    def _update_actions(self, episode) -> None:
        is_open = episode is not None and episode.is_open
        self.registry[ActionId.EDIT_EPISODE].setEnabled(episode is not None and self.manages)
        self.registry[ActionId.DISCHARGE_EPISODE].setEnabled(is_open and self.manages)
        self.registry[ActionId.RECORD_MEASURES].setEnabled(is_open and self.measures_allowed)

    # --- episodes ------------------------------------------------------------------------

    def new_episode(self):
        if self.patient_id is None:
            return None
        from sportacu_desktop.ui.episodes.episode_dialog import EpisodeDialog

        dialog = EpisodeDialog(None, self.window)
        dialog.submitted.connect(lambda values: self._save_new(dialog, values))
        return self._open(dialog)

    def _save_new(self, dialog, values: dict) -> None:
        try:
            episode = self.episodes.create(self.patient_id, **values)
        except (FieldErrors, ValueError, LookupError) as exc:
            dialog.show_errors(exc)
            return
        except Exception as exc:  # noqa: BLE001
            show_error(dialog, exc)
            return
        dialog.accept()
        self.refresh(select=episode.id)
        self.window.statusBar().showMessage(f"Episode “{episode.title}” opened.", 5000)

    def edit_episode(self):
        episode = self.panel.episode
        if episode is None:
            return None
        from sportacu_desktop.ui.episodes.episode_dialog import EpisodeDialog

        dialog = EpisodeDialog(episode, self.window)
        dialog.submitted.connect(lambda values: self._save_edit(dialog, episode.id, values))
        return self._open(dialog)

    def _save_edit(self, dialog, episode_id: int, values: dict) -> None:
        try:
            self.episodes.update(episode_id, **values)
        except (FieldErrors, ValueError, LookupError) as exc:
            dialog.show_errors(exc)
            return
        except Exception as exc:  # noqa: BLE001
            show_error(dialog, exc)
            return
        dialog.accept()
        self.refresh(select=episode_id)

    def discharge_episode(self):
        episode = self.panel.episode
        if episode is None or not episode.is_open:
            return None
        dialog = QInputDialog(self.window)
        dialog.setObjectName("dischargeDialog")
        dialog.setWindowTitle("Discharge Episode")
        dialog.setLabelText(f"Why does “{episode.title}” end?")
        dialog.setComboBoxItems([reason.label for reason in DischargeReason])
        dialog.setComboBoxEditable(False)
        reasons = {reason.label: reason for reason in DischargeReason}
        dialog.textValueSelected.connect(lambda label: self._discharge(episode.id, reasons[label]))
        return self._open(dialog)

    def _discharge(self, episode_id: int, reason: DischargeReason) -> None:
        try:
            self.episodes.discharge(episode_id, reason)
        except Exception as exc:  # noqa: BLE001
            show_error(self.window, exc)
            return
        self.refresh(select=episode_id)
        self.window.statusBar().showMessage(f"Episode discharged: {reason.label}.", 5000)

    def record_measures(self):
        episode = self.panel.episode
        if episode is None or not episode.is_open:
            return None
        from sportacu_desktop.ui.episodes.measure_dialog import MeasureDialog

        dialog = MeasureDialog(episode.title, self.window)
        dialog.submitted.connect(
            lambda values, psfs, when: self._save_measures(dialog, episode.id, values, psfs, when)
        )
        return self._open(dialog)

    def _save_measures(self, dialog, episode_id: int, values, psfs, when: str) -> None:
        try:
            stored = self.measures.record(episode_id, values, psfs=psfs, measured_on=when)
        except (FieldErrors, ValueError, LookupError) as exc:
            dialog.show_errors(exc)
            return
        except Exception as exc:  # noqa: BLE001
            show_error(dialog, exc)
            return
        dialog.accept()
        self.refresh(select=episode_id)
        self.window.statusBar().showMessage(f"{stored} measures recorded.", 5000)

    def treatment_summary(self):
        """The letter for the chosen episode (or a period), reviewed before it is issued."""
        if self.patient_id is None or not self.summaries_allowed:
            return None
        from sportacu_desktop.ui.episodes.summary_dialog import SummaryDialog

        try:
            choices = self.summaries.choices(self.patient_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self.window, exc)
            return None
        episode = self.panel.episode
        dialog = SummaryDialog(
            self.summaries,
            self.patient_id,
            choices,
            episode.id if episode else None,
            self.window,
            runner=self.runner,
        )
        dialog.issued_summary.connect(
            lambda issued: self.window.statusBar().showMessage(
                f"Treatment summary {issued.number} issued to {issued.recipient}.", 8000
            )
        )
        return self._open(dialog)

    def _open(self, dialog):
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
