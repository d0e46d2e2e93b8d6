"""Charting inside the main window: the visits dock, new-visit actions, one window per note.

The main window creates one ``ChartingController`` and tells it which patient is open; the
controller owns the rest, so the main window stays a thin frame.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMainWindow, QMessageBox
from shiboken6 import isValid

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.charting import ChooseEpisode
from sportacu_desktop.services.context import PermissionDenied
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.background import Job, SerialWorker
from sportacu_desktop.ui.charting.context import ChartingServices
from sportacu_desktop.ui.charting.timeline import VisitTimeline
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.keyboard import follow_typing
from sportacu_desktop.ui.operations import show_error

if TYPE_CHECKING:
    from sportacu_desktop.ui.charting.window import VisitWindow

log = logging.getLogger(__name__)
PATIENT_ACTIONS = (ActionId.NEW_VISIT, ActionId.NEW_VISIT_FROM_LAST)
FRONT_DESK_HINT = "Visit notes are shown to practitioners only."


class ChartingController(QObject):
    # A visit of this patient was started, saved, signed or amended: the chart header's
    # visit count and last visit follow.
    visits_changed = Signal(int)

    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        registry: ActionRegistry,
        settings: QSettings,
    ):
        super().__init__(window)
        self.main_window = window
        self.services = ChartingServices.create(context)
        self.settings = settings
        self.patient_id: int | None = None
        self.windows: dict[int, VisitWindow] = {}
        self.drafts_offer: QMessageBox | None = None
        self.episode_question: QInputDialog | None = None

        # Only who may read visit notes (practitioners, or anyone under emergency access)
        # gets the Visits dock, whose every query would be refused to the others.
        self.clinical = context.actor.may(Action.READ_VISIT_NOTES)
        self.timeline = VisitTimeline()
        self.timeline.open_requested.connect(self.open_visit)
        self.dock = QDockWidget("Visits", window)
        self.dock.setObjectName("visitsDock")
        self.dock.setWidget(self.timeline)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        if self.clinical:
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            # Room for the date, status and a useful part of the assessment (a saved
            # window state, restored after this, wins).
            width = window.fontMetrics().averageCharWidth() * 60
            window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)
        else:
            self.dock.hide()
            self.timeline.show_visits(None, FRONT_DESK_HINT)

        self.registry = registry
        registry[ActionId.NEW_VISIT].triggered.connect(lambda: self.new_visit(copy_forward=False))
        registry[ActionId.NEW_VISIT_FROM_LAST].triggered.connect(
            lambda: self.new_visit(copy_forward=True)
        )
        registry[ActionId.SHOW_VISITS].triggered.connect(self.focus_timeline)
        homecare = registry[ActionId.HOMECARE_SHEET]
        homecare.triggered.connect(self.homecare_sheet)
        # On the dock's selected visit: offered in its context menu too.
        self.timeline.table.addAction(homecare)
        self.timeline.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.timeline.table.currentCellChanged.connect(lambda *_: self._update_homecare())
        self.homecare_dialog = None
        self.set_patient(None)

    # --- the open patient ----------------------------------------------------------------

    def set_patient(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        for action_id in PATIENT_ACTIONS:
            self.registry[action_id].setEnabled(patient_id is not None)
        self.refresh_timeline()
        self._update_homecare()

    def _update_homecare(self) -> None:
        chosen = self.timeline.selected_signed_visit() if self.clinical else None
        self.registry[ActionId.HOMECARE_SHEET].setEnabled(chosen is not None)

    def homecare_sheet(self):
        """Home-care Sheet… for the signed visit selected in the Visits dock."""
        from sportacu_desktop.ui.charting.homecare_dialog import open_homecare

        visit_id = self.timeline.selected_signed_visit()
        if visit_id is None or not self.clinical:
            return None
        self.homecare_dialog = open_homecare(self.main_window, self.services.homecare, visit_id)
        return self.homecare_dialog

    def window_state_restored(self) -> None:
        """A saved layout (perhaps a practitioner's, on this computer) may bring the Visits
        dock back; whoever may not read notes never gets it."""
        if not self.clinical:
            self.main_window.removeDockWidget(self.dock)
            self.dock.hide()

    def refresh_timeline(self) -> None:
        if not self.clinical:
            return
        if self.patient_id is None:
            self.timeline.show_visits(None, "Open a patient to see their visits.")
            return
        try:
            visits = self.services.charting.visits_of(self.patient_id)
        except PermissionDenied as exc:
            self.timeline.show_visits(None, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - the chart header still shows
            log.warning("visits not loaded", exc_info=exc)
            self.timeline.show_visits(None, "The visits could not be loaded.")
            return
        self.timeline.show_visits(visits)

    def focus_timeline(self) -> None:
        if not self.clinical:
            return
        self.dock.show()
        self.dock.raise_()
        self.timeline.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- visit windows -------------------------------------------------------------------

    def new_visit(self, *, copy_forward: bool, episode_id: int | None = None) -> VisitWindow | None:
        """Start a note; it joins the open episode, or asks which when there are several."""
        if self.patient_id is None:
            return None
        try:
            note = self.services.charting.start_visit(
                self.patient_id, copy_forward=copy_forward, episode_id=episode_id
            )
        except ChooseEpisode as several:
            self.ask_episode(several.episodes, copy_forward)
            return None
        except Exception as exc:  # noqa: BLE001
            show_error(self.main_window, exc)
            return None
        self.refresh_timeline()
        self.visits_changed.emit(note.patient_id)
        return self._show_window(note, None)

    def ask_episode(self, episodes: tuple[tuple[int, str], ...], copy_forward: bool) -> None:
        dialog = QInputDialog(self.main_window)
        dialog.setObjectName("chooseEpisode")
        dialog.setWindowTitle("Which Episode?")
        dialog.setLabelText("This patient has several open episodes. The visit is for:")
        titles = [f"{title} (#{episode_id})" for episode_id, title in episodes]
        dialog.setComboBoxItems(titles)
        dialog.setComboBoxEditable(False)
        ids = dict(zip(titles, (i for i, _ in episodes), strict=True))
        dialog.textValueSelected.connect(
            lambda title: self.new_visit(copy_forward=copy_forward, episode_id=ids[title])
        )
        dialog.finished.connect(dialog.deleteLater)
        self.episode_question = dialog
        dialog.open()

    def open_visit(self, visit_id: int) -> VisitWindow | None:
        if visit_id in self.windows:
            window = self.windows[visit_id]
            window.show()
            window.raise_()
            window.activateWindow()
            return window
        if self._writes_pending(visit_id):
            # Its closed window's last writes still wait for another workstation: the note
            # opens once they are stored, so it shows what was typed.
            self._after_writes("open", visit_id, self.open_visit)
            return None
        try:
            note = self.services.charting.get(visit_id)
            # Unsaved typing is only of use to someone who may go on charting the note.
            charts = self.services.may(Action.CHART_VISIT)
            draft = (
                None
                if note.signed or not charts
                else self.services.charting.draft_payload(visit_id)
            )
        except Exception as exc:  # noqa: BLE001
            show_error(self.main_window, exc)
            return None
        return self._show_window(note, draft)

    def _show_window(self, note, draft: str | None) -> VisitWindow | None:
        try:
            patient = self.services.patients.header(note.patient_id, opened=False)
        except Exception as exc:  # noqa: BLE001
            show_error(self.main_window, exc)
            return None
        # Imported on first use: the editor's modules are a tenth of a second of start-up.
        from sportacu_desktop.ui.charting.window import VisitWindow

        window = VisitWindow(self.services, note, patient, draft=draft, settings=self.settings)
        window.changed.connect(self._visit_changed)
        window.closed.connect(self._visit_closed)
        self.windows[note.id] = window
        window.show()
        window.activateWindow()
        # What is typed before the window system activates the note goes into the note.
        follow_typing(window, self.main_window)
        return window

    def _visit_changed(self, visit_id: int) -> None:
        self.refresh_timeline()
        window = self.windows.get(visit_id)
        if window is not None:
            self.visits_changed.emit(window.note.patient_id)

    def _visit_closed(self, visit_id: int) -> None:
        self.windows.pop(visit_id, None)
        self.refresh_timeline()
        if self._writes_pending(visit_id):
            self._after_writes("refresh", visit_id, lambda _id: self.refresh_timeline())

    @staticmethod
    def _writes_pending(visit_id: int) -> bool:
        return SerialWorker.shared().busy(lambda key: key[1] == visit_id)

    def _after_writes(self, kind: str, visit_id: int, then) -> None:
        def done(_result) -> None:
            if isValid(self):  # the session may have ended meanwhile
                then(visit_id)

        SerialWorker.shared().submit(Job((kind, visit_id), lambda: None, done))

    def close_all(self) -> None:
        """Close every note (each keeps what was typed); used when the app quits."""
        for window in list(self.windows.values()):
            window.close()

    # --- after a crash -------------------------------------------------------------------

    def offer_drafts(self) -> QMessageBox | None:
        """Offer back notes whose typing was never stored as a note (a crash, power loss)."""
        try:
            drafts = self.services.charting.unsigned_drafts()
        except PermissionDenied:
            return None
        except Exception as exc:  # noqa: BLE001 - starting must not fail because of this
            log.warning("unsigned drafts not checked", exc_info=exc)
            return None
        drafts = [d for d in drafts if d.id not in self.windows]
        if not drafts:
            return None
        if len(drafts) == 1:
            d = drafts[0]
            text = (
                f"You have an unsaved visit note for {d.assessment} "
                f"from {format_date(d.visit_date)}."
            )
        else:
            names = "; ".join(f"{d.assessment} ({format_date(d.visit_date)})" for d in drafts)
            text = f"You have {len(drafts)} unsaved visit notes: {names}."
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved Visit Notes",
            text + "\n\nWhat was typed was kept when the app stopped.",
            parent=self.main_window,
        )
        box.setObjectName("draftsOffer")
        open_button = box.addButton(
            "Open It" if len(drafts) == 1 else "Open Them", QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)

        def answered(_result: int) -> None:
            self.drafts_offer = None
            if box.clickedButton() is open_button:
                for draft in drafts:
                    self.open_visit(draft.id)
            box.deleteLater()

        box.finished.connect(answered)
        self.drafts_offer = box
        box.open()
        return box
