"""The visit window's saving, signing and drafts, which run off the UI thread.

A mixin of ``VisitWindow``. Each request takes the form as it is when asked and goes to the
note's ``NoteWriter``; the window stays responsive while a write waits for another
workstation (the status bar says so) and the user may go on typing: a save's result never
replaces what was typed after it started, and that typing stays marked unsaved, so the
draft writer stores it next. While a note is being signed its editor is read-only and Sign
cannot be pressed again; the result shows when the signing completes.
"""

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from shiboken6 import isValid

from sportacu_desktop.domain.text import sentence
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.charting import SigningRefused, VisitLocked, VisitStale
from sportacu_desktop.ui.charting.note_writer import NoteWriter
from sportacu_desktop.ui.charting.rows import ERROR_RED
from sportacu_desktop.ui.charting.visit_actions import VisitAction
from sportacu_desktop.ui.operations import show_error

WAITING = "Waiting for another workstation…"


class VisitStoring:
    def _build_storing(self) -> None:
        self.writer = NoteWriter(self.services.charting, self.note)
        self.writer.draft_saved.connect(self._draft_saved)
        self.writer.draft_failed.connect(self._draft_failed)
        self.writer.saved.connect(self._saved)
        self.writer.save_failed.connect(self._save_failed)
        self.writer.signed.connect(self._signed)
        self.writer.sign_failed.connect(self._sign_failed)
        self.writer.waiting_changed.connect(self._show_waiting)
        self._focus_before_signing = None
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("waitingNotice")
        self.statusBar().addPermanentWidget(self.waiting_label)

    # --- drafts --------------------------------------------------------------------------

    def _draft_saved(self, when, payload: str) -> None:
        self.autosave.written(when, payload)
        self.autosave_label.setText(f"Draft saved {when.astimezone().strftime('%H:%M:%S')}")
        self.autosave_label.setStyleSheet("")

    def _draft_failed(self, exc: BaseException, payload: str) -> None:
        self.autosave.write_failed(exc, payload)

    def _draft_not_saved(self, reason: str) -> None:
        self.autosave_label.setText(f"Draft NOT saved: {reason}")
        self.autosave_label.setStyleSheet(f"color: {ERROR_RED};")

    # --- save ----------------------------------------------------------------------------

    def save(self, *, quiet: bool = False) -> bool:
        """Ask for the note to be stored as the form holds it now; False if the form has
        problems (shown in red) or nothing may be saved."""
        if not self.editable or self.writer.signing:
            return False
        content, errors = self.editor.read()
        if errors:
            self.editor.show_errors(errors)
            self.statusBar().showMessage("Not saved: fix the problems shown in red.", 8000)
            return False
        self.writer.save(content, self.editor.raw_json(), quiet=quiet)
        return True

    def _saved(self, note, payload: str) -> None:
        self.note = note
        self._stored_payload = payload
        if self.editor.raw_json() == payload:
            self.editor.show_errors({})
            self.autosave.mark_clean(payload)
            self.autosave_label.setText("")
        # Otherwise typing went on during the save: it stays unsaved and goes out as a draft.
        self.statusBar().showMessage(f"Saved at {time.strftime('%H:%M:%S')}.", 5000)
        self.changed.emit(note.id)

    def _save_failed(self, exc: BaseException, quiet: bool) -> None:
        self._storing_failed(exc, quiet=quiet)

    def _storing_failed(self, exc: BaseException, *, quiet: bool = False) -> None:
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

    # --- sign ----------------------------------------------------------------------------

    def sign(self) -> bool:
        """Sign what the form holds now (after confirmation); the result shows when the
        signing completes. False if the form has problems or a signing is under way."""
        if not self.editable or self.writer.signing:
            return False
        content, errors = self.editor.read()
        if errors:
            self.editor.show_errors(errors)
            return False
        self.writer.sign(content)
        self._set_signing(True)
        self.statusBar().showMessage("Signing…")
        return True

    def _set_signing(self, signing: bool) -> None:
        # What is typed while the note is being signed could not go into it: nothing is.
        # The focus leaves the editor first (a disabled focus widget would take the
        # window's activation with it) and comes back if the signing is refused.
        if signing:
            self._focus_before_signing = QApplication.focusWidget()
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor.setEnabled(not signing)
        if not signing and self._focus_before_signing is not None:
            if isValid(self._focus_before_signing):
                self._focus_before_signing.setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus_before_signing = None
        for action_id in (VisitAction.SAVE, VisitAction.SIGN, VisitAction.APPLY_TEMPLATE):
            self.actions_[action_id].setEnabled(not signing)
        self.save_button.setEnabled(not signing)
        self.sign_button.setEnabled(not signing)
        if not signing:
            self._update_sign_state()

    def _signed(self, note) -> None:
        self.autosave.mark_clean()
        self.autosave_label.setText("")
        self.editor.setEnabled(True)
        self._show(note)
        if QApplication.activeWindow() is None:
            # The form the keyboard was in is gone (a completer's list with it): the
            # keyboard comes back to the signed note, for its addendum and print keys.
            self.activateWindow()
        self.statusBar().showMessage(sentence(f"Signed by {note.signed_by}"), 8000)
        self.changed.emit(note.id)

    def _sign_failed(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        self._set_signing(False)
        self._storing_failed(exc)

    # --- waiting and closing -------------------------------------------------------------

    def _show_waiting(self, waiting: bool) -> None:
        self.waiting_label.setText(WAITING if waiting else "")

    def _store_before_close(self) -> None:
        """Ask for what the window holds to be stored; it is, after the window has gone."""
        if self.editable and not self.writer.signing:
            self.autosave.flush()
            if self.editor.raw_json() != self._stored_payload:
                # Stored as a note when it reads well; otherwise the draft keeps every word.
                self.save(quiet=True)
        self.autosave.stop()
        self.writer.detach()
