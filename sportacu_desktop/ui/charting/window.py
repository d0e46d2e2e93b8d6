"""One visit note in its own window: chart, save, sign, then read, amend and print.

Saving and signing run on the UI thread: each is one small transaction (well under 50 ms
on SQLite, measured in ``benchmarks/``), so the user sees the result at once and nothing
can be typed into a note while it is being stored.
"""

import json
import logging
import time

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.patients import PatientHeader
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.domain.safety import Finding, Level
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.domain.visits import VisitContent, VisitNote
from sportacu_desktop.services.charting import SigningRefused, VisitLocked, VisitStale
from sportacu_desktop.ui.charting.autosave import Autosave
from sportacu_desktop.ui.charting.context import ChartingServices
from sportacu_desktop.ui.charting.editor import VisitEditor
from sportacu_desktop.ui.charting.episode_flows import VisitEpisodeFlows
from sportacu_desktop.ui.charting.header import VisitHeader
from sportacu_desktop.ui.charting.note_view import NoteView
from sportacu_desktop.ui.charting.rows import ERROR_RED
from sportacu_desktop.ui.charting.visit_actions import VisitAction, make_actions
from sportacu_desktop.ui.charting.window_flows import VisitFlows
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.operations import describe_error, show_error
from sportacu_desktop.ui.session.chrome import EmergencyBar
from sportacu_desktop.ui.session.permissions import hide_empty_menus
from sportacu_desktop.ui.widgets.message_banner import MessageBanner
from sportacu_desktop.ui.window_size import fit_to_screen, keep_on_screen

log = logging.getLogger(__name__)
GEOMETRY_KEY = "visit_window/geometry"


class VisitWindow(QMainWindow, VisitFlows, VisitEpisodeFlows):
    changed = Signal(int)  # the note was saved, signed or amended
    closed = Signal(int)

    def __init__(
        self,
        services: ChartingServices,
        note: VisitNote,
        patient: PatientHeader,
        *,
        draft: str | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("visitWindow")
        self.services = services
        self.note = note
        self.patient = patient
        self._settings = settings if settings is not None else QSettings()
        self.sign_confirmation: QMessageBox | None = None
        self.dialog = None  # the template / addendum dialog currently open, for tests
        self.printed = None  # the print preview (or saved path) of the last print
        self.message_box: QMessageBox | None = None
        self.sign_blockers: list[str] = []
        self._stored_payload = ""

        self.header = VisitHeader(patient)
        self.editor = VisitEditor(self._check_safety)
        self.note_view = NoteView()
        self.actions_ = make_actions(self)
        self._build_sign_box()
        self._build_signed_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.signed_page)
        central = QWidget()
        layout = QVBoxLayout(central)
        self.episode_banner = MessageBanner(self)
        self.episode_banner.setObjectName("visitEpisodeNotice")
        layout.addWidget(self.header)
        layout.addWidget(self.episode_banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._gate_actions()
        self.autosave_label = QLabel()
        self.statusBar().addPermanentWidget(self.autosave_label)

        self.autosave = Autosave(self._write_draft, self.editor.raw_json, self)
        self.autosave.saved.connect(self._draft_saved)
        self.autosave.failed.connect(self._draft_failed)
        self.editor.edited.connect(self.autosave.mark_dirty)
        self.editor.sign_state_changed.connect(self._update_sign_state)
        self._show(note, draft)
        self._restore_geometry()

    # --- building ------------------------------------------------------------------------

    def _build_sign_box(self) -> None:
        box = QGroupBox("Save and sign")
        self.sign_status = QLabel()
        self.sign_status.setObjectName("signStatus")
        self.sign_status.setWordWrap(True)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveButton")
        self.sign_button = QPushButton("Sign…")
        self.sign_button.setObjectName("signButton")
        self.save_button.clicked.connect(self.actions_[VisitAction.SAVE].trigger)
        self.sign_button.clicked.connect(self.actions_[VisitAction.SIGN].trigger)
        for button, action in (
            (self.save_button, VisitAction.SAVE),
            (self.sign_button, VisitAction.SIGN),
        ):
            keys = self.actions_[action].shortcut().toString()
            button.setToolTip(f"{self.actions_[action].statusTip()} ({keys})")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.sign_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.sign_status)
        layout.addLayout(buttons)
        self.editor.side_layout.insertWidget(2, box)
        self.editor.tail = [self.save_button, self.sign_button]
        self.editor.refresh_tab_order()

    def _build_signed_page(self) -> None:
        self.signed_page = QWidget()
        self.addendum_button = QPushButton("Add Addendum…")
        self.addendum_button.setObjectName("addendumButton")
        self.addendum_button.clicked.connect(self.actions_[VisitAction.ADD_ADDENDUM].trigger)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.actions_[VisitAction.PRINT].trigger)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.addendum_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self.signed_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note_view, 1)
        layout.addLayout(buttons)

    def _build_menus(self) -> None:
        a = self.actions_
        a[VisitAction.SAVE].triggered.connect(self.save)
        a[VisitAction.SIGN].triggered.connect(self.request_sign)
        a[VisitAction.PRINT].triggered.connect(self.print_note)
        a[VisitAction.HOMECARE].triggered.connect(self.homecare_sheet)
        a[VisitAction.ADD_ADDENDUM].triggered.connect(self.request_addendum)
        a[VisitAction.APPLY_TEMPLATE].triggered.connect(self.request_template)
        a[VisitAction.SAVE_TEMPLATE].triggered.connect(self.request_save_template)
        a[VisitAction.CLOSE].triggered.connect(self.close)
        a[VisitAction.GO_NEEDLES].triggered.connect(self.editor.go_to_needles)
        a[VisitAction.SET_DIAGNOSES].triggered.connect(self.set_suggested_diagnoses)
        a[VisitAction.SET_DIAGNOSES].setEnabled(False)
        a[VisitAction.RECORD_MEASURES].triggered.connect(self.record_measures)
        menus = {
            "&Visit": [
                VisitAction.SAVE,
                VisitAction.SIGN,
                None,
                VisitAction.ADD_ADDENDUM,
                VisitAction.PRINT,
                VisitAction.HOMECARE,
                None,
                VisitAction.CLOSE,
            ],
            "&Template": [VisitAction.APPLY_TEMPLATE, VisitAction.SAVE_TEMPLATE],
            "E&pisode": [VisitAction.SET_DIAGNOSES, VisitAction.RECORD_MEASURES],
        }
        for title, ids in menus.items():
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                menu.addSeparator() if action_id is None else menu.addAction(a[action_id])
        go = self.menuBar().addMenu("&Go")
        self.go_actions: list[QAction] = []
        for index, section in enumerate(self.editor.sections):
            action = QAction(f"&{index + 1} {section.title}", self)
            action.setShortcut(f"Ctrl+{index + 1}")
            action.triggered.connect(lambda _=False, i=index: self.editor.go_to_section(i))
            go.addAction(action)
            self.go_actions.append(action)
        go.addAction(a[VisitAction.GO_NEEDLES])

    def _gate_actions(self) -> None:
        """Hide what the permission table refuses this user; mark emergency access."""
        a = self.actions_
        for action_id, allowed in (
            (VisitAction.SAVE, Action.CHART_VISIT),
            (VisitAction.SIGN, Action.SIGN_NOTE),
            (VisitAction.APPLY_TEMPLATE, Action.CHART_VISIT),
            (VisitAction.SAVE_TEMPLATE, Action.SAVE_TEMPLATE),
            (VisitAction.ADD_ADDENDUM, Action.ADD_ADDENDUM),
            (VisitAction.PRINT, Action.PRINT_VISIT_NOTE),
            (VisitAction.HOMECARE, Action.PRINT_HOMECARE_SHEET),
            (VisitAction.SET_DIAGNOSES, Action.MANAGE_EPISODES),
            (VisitAction.RECORD_MEASURES, Action.RECORD_MEASURES),
        ):
            a[action_id].setVisible(self.services.may(allowed))
        self.addendum_button.setVisible(self.services.may(Action.ADD_ADDENDUM))
        for action in self.go_actions + [a[VisitAction.GO_NEEDLES]]:
            action.setVisible(self.services.may(Action.CHART_VISIT))
        hide_empty_menus(self.menuBar())
        self.emergency_bar: EmergencyBar | None = None
        if self.services.actor.emergency:
            self.emergency_bar = EmergencyBar(self.services.actor.emergency_reason, self)
            self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.emergency_bar)

    # --- showing -------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        """A draft, for someone who may chart; everyone else reads it as it stands."""
        return not self.note.signed and self.services.may(Action.CHART_VISIT)

    def _show(self, note: VisitNote, draft: str | None = None) -> None:
        self.note = note
        self.header.show_visit(note)
        when = format_date(note.visit_date)
        self.setWindowTitle(f"{self.patient.full_name} — visit of {when} — {APP_NAME}")
        a = self.actions_
        for action_id in (VisitAction.SAVE, VisitAction.APPLY_TEMPLATE):
            a[action_id].setEnabled(self.editable)
        a[VisitAction.PRINT].setEnabled(note.signed and self.services.may(Action.PRINT_VISIT_NOTE))
        a[VisitAction.HOMECARE].setEnabled(note.signed)
        self.print_button.setVisible(note.signed and self.services.may(Action.PRINT_VISIT_NOTE))
        a[VisitAction.ADD_ADDENDUM].setEnabled(
            note.signed and self.services.may(Action.ADD_ADDENDUM)
        )
        for action in self.go_actions + [a[VisitAction.GO_NEEDLES]]:
            action.setEnabled(self.editable)
        self.show_episode_notice()
        if not self.editable:
            self.autosave.stop()
            self.note_view.show_note(note, self.patient.full_name)
            self.stack.setCurrentWidget(self.signed_page)
            a[VisitAction.SIGN].setEnabled(False)
            self.note_view.setFocus()
            return
        self.editor.points.set_most_used(self._most_used())
        self.editor.load_content(note.content)
        self._stored_payload = self.editor.raw_json()
        if draft:
            try:
                self.editor.load_raw(json.loads(draft))
            except (ValueError, TypeError, AttributeError) as exc:
                log.warning("draft of visit %s unreadable", note.id, exc_info=exc)
                self.statusBar().showMessage("The saved draft could not be read.", 8000)
            else:
                self.statusBar().showMessage("Restored what was typed last time.", 8000)
        self.autosave.mark_clean(draft)
        self.stack.setCurrentWidget(self.editor)
        self.editor.subjective.pain.setFocus(Qt.FocusReason.OtherFocusReason)

    def _most_used(self) -> list[str]:
        try:
            return self.services.charting.most_used_points(self.note.patient_id)
        except Exception as exc:  # noqa: BLE001 - a convenience; charting goes on without it
            log.warning("most used points unavailable", exc_info=exc)
            return []

    def _check_safety(self, content: VisitContent) -> list[Finding]:
        try:
            return self.services.charting.safety(self.note.patient_id, content)
        except Exception as exc:  # noqa: BLE001 - typing must go on; the gap is shown
            return [Finding(Level.WARN, f"Safety checks could not run: {describe_error(exc)}")]

    def _update_sign_state(self) -> None:
        if not self.editable:
            return
        blockers = self.editor.sign_blockers()
        self.sign_blockers = blockers
        self.actions_[VisitAction.SIGN].setEnabled(not blockers)
        self.sign_button.setEnabled(not blockers)
        if blockers:
            self.sign_status.setText("Cannot sign yet:\n" + "\n".join(f"• {b}" for b in blockers))
            self.sign_status.setStyleSheet(f"color: {ERROR_RED};")
        else:
            self.sign_status.setText("Ready to sign.")
            self.sign_status.setStyleSheet("color: palette(placeholder-text);")

    # --- drafts --------------------------------------------------------------------------

    def _write_draft(self, payload: str):
        return self.services.charting.autosave(self.note.id, payload)

    def _draft_saved(self, when) -> None:
        self.autosave_label.setText(f"Draft saved {when.astimezone().strftime('%H:%M:%S')}")
        self.autosave_label.setStyleSheet("")

    def _draft_failed(self, reason: str) -> None:
        self.autosave_label.setText(f"Draft NOT saved: {reason}")
        self.autosave_label.setStyleSheet(f"color: {ERROR_RED};")

    # --- save ----------------------------------------------------------------------------

    def save(self, *, quiet: bool = False) -> bool:
        if not self.editable:
            return False
        content, errors = self.editor.read()
        if errors:
            self.editor.show_errors(errors)
            self.statusBar().showMessage("Not saved: fix the problems shown in red.", 8000)
            return False
        try:
            note = self.services.charting.save(self.note.id, content, self.note.version)
        except Exception as exc:  # noqa: BLE001 - each kind is explained to the user
            self._storing_failed(exc, quiet=quiet)
            return False
        self.note = note
        self.editor.show_errors({})
        self._stored_payload = self.editor.raw_json()
        self.autosave.mark_clean(self._stored_payload)
        self.autosave_label.setText("")
        self.statusBar().showMessage(f"Saved at {time.strftime('%H:%M:%S')}.", 5000)
        self.changed.emit(note.id)
        return True

    def _storing_failed(self, exc: Exception, *, quiet: bool = False) -> None:
        if isinstance(exc, FieldErrors):
            self.editor.show_errors(exc.errors)
            self.statusBar().showMessage("Not stored: fix the problems shown in red.", 8000)
        elif isinstance(exc, SigningRefused):
            self.editor.refresh_checks()
            self._message("The note was not signed", "\n".join(f"• {r}" for r in exc.reasons))
        elif isinstance(exc, VisitLocked):
            self._reload()
            self._message("This note is already signed", str(exc))
        elif isinstance(exc, VisitStale):
            self._message(
                "Changed on another workstation",
                f"{exc} What you typed is kept as a draft of this window.",
            )
        elif not quiet:
            show_error(
                self, exc, failed="the note was not stored; what you typed stays in this window"
            )

    def _message(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        box.setObjectName("visitMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box
        return box

    def _reload(self) -> None:
        self._show(self.services.charting.get(self.note.id))

    # --- window --------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            keep_on_screen(self)
        else:
            # Nearly the whole screen: the note has many sections side by side.
            fit_to_screen(self, 0.9)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.editable:
            self.autosave.flush()
            if self.editor.raw_json() != self._stored_payload:
                # Stored as a note when it reads well; otherwise the draft keeps every word.
                self.save(quiet=True)
        self.autosave.stop()
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.closed.emit(self.note.id)
        super().closeEvent(event)
