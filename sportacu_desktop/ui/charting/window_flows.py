"""The visit window's multi-step actions: sign with confirmation, addenda, templates, print.

A mixin of ``VisitWindow`` (kept apart so each module stays readable). Dialogs are opened
with ``open()``, never ``exec()``, so nothing spins a nested event loop; the dialog in
progress is kept on the window (``sign_confirmation``, ``dialog``) for tests.
"""

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox

from sportacu_desktop.domain.disclosures import DisclosedTo
from sportacu_desktop.domain.text import sentence
from sportacu_desktop.services.protocols import Protocol, apply_protocol, diagnoses_for
from sportacu_desktop.ui.charting.addenda import AddendumDialog
from sportacu_desktop.ui.charting.homecare_dialog import open_homecare
from sportacu_desktop.ui.charting.printing import print_document
from sportacu_desktop.ui.charting.templates import SIDE_LABELS, TemplateDialog
from sportacu_desktop.ui.disclosures.to_whom_dialog import ToWhomDialog
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.operations import show_error


class VisitFlows:
    # --- sign ----------------------------------------------------------------------------

    def request_sign(self) -> None:
        if not self.editable:
            return
        content, errors = self.editor.read()
        if errors:
            self.editor.show_errors(errors)
            self.statusBar().showMessage("Not signed: fix the problems shown in red.", 8000)
            return
        self.editor.refresh_checks()
        if self.sign_blockers:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Sign Note",
            f"Sign the note for {self.patient.full_name} of "
            f"{format_date(self.note.visit_date)}?\n\n"
            "A signed note cannot be changed; corrections are added as addenda.",
            parent=self,
        )
        box.setObjectName("signConfirmation")
        sign = box.addButton("Sign", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(sign)
        box.finished.connect(lambda _result: self._sign_answered(box.clickedButton() is sign))
        self.sign_confirmation = box
        box.open()

    def _sign_answered(self, confirmed: bool) -> None:
        box, self.sign_confirmation = self.sign_confirmation, None
        if box is not None:
            box.deleteLater()
        if confirmed:
            self.sign()

    def sign(self) -> bool:
        """Sign what the form holds now (after confirmation)."""
        content, errors = self.editor.read()
        if errors:
            self.editor.show_errors(errors)
            return False
        try:
            note = self.services.charting.sign(self.note.id, content, self.note.version)
        except Exception as exc:  # noqa: BLE001 - explained by _storing_failed
            self._storing_failed(exc)
            return False
        self.autosave.mark_clean()
        self.autosave_label.setText("")
        self._show(note)
        self.statusBar().showMessage(sentence(f"Signed by {note.signed_by}"), 8000)
        self.changed.emit(note.id)
        return True

    # --- addenda -------------------------------------------------------------------------

    def request_addendum(self) -> None:
        if self.editable:
            return
        dialog = AddendumDialog(self)
        dialog.submitted.connect(self.add_addendum)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def add_addendum(self, reason: str, text: str) -> None:
        try:
            note = self.services.charting.add_addendum(self.note.id, reason, text)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self._show(note)
        self.statusBar().showMessage("Addendum added.", 5000)
        self.changed.emit(note.id)

    # --- templates -----------------------------------------------------------------------

    def request_template(self) -> None:
        if not self.editable:
            return
        try:
            protocols = self.services.protocols.all()
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        dialog = TemplateDialog(protocols, self)
        dialog.chosen.connect(self.apply_template)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def apply_template(self, protocol: Protocol, side: str) -> None:
        before = self.editor.best_effort_content()
        after = apply_protocol(protocol, side, before)
        self.editor.add_content(before, after)
        suggested = diagnoses_for(protocol, side)
        codes = ", ".join(f"{code} {text}" for code, text in suggested)
        added = len(after.points) - len(before.points)
        offer = self.offer_suggested_diagnoses([code for code, _ in suggested])
        self.statusBar().showMessage(
            f"Applied {protocol.name} ({SIDE_LABELS.get(side, side).lower()}): {added} points."
            + (f" Suggested diagnoses: {codes}.{offer}" if codes else ""),
            15000,
        )
        self.editor.points.line.setFocus()

    def request_save_template(self) -> None:
        content, errors = self.editor.read()
        if errors:
            self.editor.show_errors(errors)
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("templateName")
        dialog.setWindowTitle("Save as Template")
        dialog.setLabelText("Name of the template (its points, tests, muscles, EA and cupping):")
        dialog.setTextValue(self.editor.assessment.boxes["assessment"].toPlainText()[:80].strip())
        dialog.textValueSelected.connect(lambda name: self.save_template(name, content))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def save_template(self, name: str, content) -> None:
        try:
            protocol = self.services.protocols.save_from_note(name, content)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.statusBar().showMessage(f"Template “{protocol.name}” saved for the clinic.", 8000)

    # --- print ---------------------------------------------------------------------------

    def print_note(self):
        """Ask to whom the note goes (or that it stays in the clinic), then print it."""
        if not self.note.signed:
            return None
        dialog = ToWhomDialog(
            "visit_note",
            self.services.disclosures.suggested_recipients(self.patient.id),
            self,
            may_keep=True,
        )
        dialog.setObjectName("printToWhom")
        dialog.chosen.connect(self.print_note_to)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def homecare_sheet(self):
        """Home-care Sheet…: the patient's sheet from this signed visit."""
        if not self.note.signed:
            return None
        dialog = open_homecare(self, self.services.homecare, self.note.id)
        if dialog is not None:
            self.dialog = dialog
        return dialog

    def print_note_to(self, disclosed_to: DisclosedTo | None):
        """Issue the note (logged as a disclosure when given to someone) and print it."""
        try:
            issued = self.services.documents.visit_note_pdf(self.note.id, disclosed_to)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        when = self.note.visit_date.isoformat()
        name = f"{self.patient.chart_number} visit {when} {issued.number}.pdf"
        shown = self.printed = print_document(self, issued, name)
        if isinstance(shown, Path):
            self.statusBar().showMessage(f"{issued.number} saved to {shown}.", 8000)
        return shown
