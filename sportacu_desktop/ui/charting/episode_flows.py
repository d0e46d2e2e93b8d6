"""The visit window's episode side: is the treatment working, the template's diagnoses,
measures recorded with this visit. A mixin of ``VisitWindow``, like ``VisitFlows``."""

import logging

from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.ui.charting.visit_actions import VisitAction
from sportacu_desktop.ui.operations import show_error

log = logging.getLogger(__name__)


class VisitEpisodeFlows:
    suggested_codes: list[str] = []

    def show_episode_notice(self) -> None:
        """The episode's session count in the header, and the seed's review rules above."""
        self.episode_banner.clear()
        episode = None
        if self.note.episode_id is not None:
            try:
                episode = self.services.episodes.get(self.note.episode_id)
            except Exception as exc:  # noqa: BLE001 - the note itself still opens
                log.warning("episode of visit %s not loaded", self.note.id, exc_info=exc)
        if episode is None:
            number = 0
        elif self.editable:
            number = episode.sessions + 1  # this visit, once signed
        else:
            number = sum(1 for day in episode.visit_dates if day <= self.note.visit_date)
        self.header.show_episode(episode, number)
        self.actions_[VisitAction.RECORD_MEASURES].setEnabled(
            self.editable and episode is not None and episode.is_open
        )
        if episode is None or not self.editable:
            return
        if episode.progress.reconsider:
            self.episode_banner.show_problem(episode.progress.message)
        elif episode.reassess:
            self.episode_banner.show_info(episode.reassess)

    def offer_suggested_diagnoses(self, codes: list[str]) -> str:
        """After a template: remember its diagnoses; one keystroke sets them on the episode."""
        self.suggested_codes = list(codes)
        action = self.actions_[VisitAction.SET_DIAGNOSES]
        action.setEnabled(bool(codes) and self.editable)
        if not codes:
            return ""
        keys = action.shortcut().toString()
        return f" {keys} sets them on the episode."

    def set_suggested_diagnoses(self) -> None:
        if not self.suggested_codes or not self.editable:
            return
        if self.note.episode_id is None:
            self.statusBar().showMessage(
                "This visit has no episode: open one in the main window (Episode ▸ New "
                "Episode), then start the visit again.",
                10000,
            )
            return
        try:
            episode = self.services.episodes.add_diagnoses(
                self.note.episode_id, self.suggested_codes
            )
        except FieldErrors as exc:
            self.statusBar().showMessage("Diagnoses not set: " + "; ".join(exc.errors.values()))
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.actions_[VisitAction.SET_DIAGNOSES].setEnabled(False)
        codes = ", ".join(code for code, _ in episode.diagnoses)
        self.statusBar().showMessage(f"Episode diagnoses: {codes}.", 10000)
        self.show_episode_notice()
        self.changed.emit(self.note.id)

    def record_measures(self):
        if not self.editable or self.note.episode_id is None:
            return None
        from sportacu_desktop.ui.episodes.measure_dialog import MeasureDialog

        dialog = MeasureDialog(self.header.episode_title or "this visit", self)
        dialog.set_date(self.note.visit_date)
        dialog.submitted.connect(lambda v, p, w: self._save_measures(dialog, v, p, w))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save_measures(self, dialog, values, psfs, when: str) -> None:
        try:
            stored = self.services.measures.record(
                self.note.episode_id, values, psfs=psfs, measured_on=when, visit_id=self.note.id
            )
        except (FieldErrors, ValueError, LookupError) as exc:
            dialog.show_errors(exc)
            return
        except Exception as exc:  # noqa: BLE001
            show_error(dialog, exc)
            return
        dialog.accept()
        self.statusBar().showMessage(f"{stored} measures recorded with this visit.", 8000)
        self.show_episode_notice()
        self.changed.emit(self.note.id)
