"""The patient form: register a new patient or edit one, every part of the record in tabs.

Nothing is written until Save (Ctrl+S). Save checks every field first and shows each
problem under its field, the typed text left as it was; Esc or Cancel with unsaved
changes asks before anything is thrown away.
"""

from enum import Enum

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QScrollArea,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.patients import PatientRecord
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.context import PermissionDenied
from sportacu_desktop.services.intake import IntakeEntry
from sportacu_desktop.services.patient_records import PossibleDuplicate, StaleEdit
from sportacu_desktop.ui.actions import ActionSpec, key_sequences
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.patients.athlete_tab import AthleteTab
from sportacu_desktop.ui.patients.care_team_tab import CareTeamTab
from sportacu_desktop.ui.patients.demographics_tab import DemographicsTab
from sportacu_desktop.ui.patients.duplicate_dialog import DuplicateChoice, DuplicateDialog
from sportacu_desktop.ui.patients.form_tab import FormTab
from sportacu_desktop.ui.patients.insurance_tab import InsuranceTab
from sportacu_desktop.ui.patients.intake_tab import IntakeTab
from sportacu_desktop.ui.patients.patient_services import PatientServices
from sportacu_desktop.ui.patients.record_fields import caption, changed_keys, flat_record, merge
from sportacu_desktop.ui.patients.registration_input import registration_from_form
from sportacu_desktop.ui.patients.safety_tab import SafetyTab
from sportacu_desktop.ui.patients.stale_dialog import StaleChoice, StaleEditDialog
from sportacu_desktop.ui.widgets.message_banner import MessageBanner

SAVE = ActionSpec("Save", "Save the patient", (QKeySequence.StandardKey.Save,), ("Ctrl+S",))


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    KEEP_EDITING = "keep"


def ask_unsaved_changes(parent: QWidget, who: str) -> UnsavedChoice:
    """The "Discard changes?" question; its own function so tests can answer it."""
    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, "Discard changes?", parent=parent)
    box.setInformativeText(f"Your changes to {who} are not saved yet.")
    save = box.addButton(QMessageBox.StandardButton.Save)
    discard = box.addButton(QMessageBox.StandardButton.Discard)
    keep = box.addButton("&Keep Editing", QMessageBox.ButtonRole.RejectRole)
    # Enter and Esc both keep the user in the form: neither saving nor discarding
    # happens unless that button was chosen.
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return UnsavedChoice.SAVE
    if clicked is discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.KEEP_EDITING


def _scrolling(tab: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(tab)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return scroll


class PatientFormDialog(QDialog):
    saved = Signal(int)  # patient id, after anything was written
    open_existing = Signal(int)  # the user chose an already-registered patient instead

    def __init__(
        self,
        services: PatientServices,
        record: PatientRecord | None = None,
        intakes: list[IntakeEntry] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("patientForm")
        self.services = services
        self.record = record
        self._closing = False

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.banner = MessageBanner()

        self.demographics = DemographicsTab()
        self.insurance = InsuranceTab()
        self.care_team = CareTeamTab(services.contacts)
        self.athlete = AthleteTab()
        self.safety = SafetyTab(
            may_flag=services.may_record_flags, may_consent=services.may_record_consents
        )
        self.intake = IntakeTab(allowed=services.may_take_intakes)
        self.tab_pages: list[FormTab] = [
            self.demographics,
            self.insurance,
            self.care_team,
            self.athlete,
            self.safety,
            self.intake,
        ]
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for number, tab in enumerate(self.tab_pages, start=1):
            title = tab.title.replace("&&", "\0").replace("&", "").replace("\0", "&&")
            index = self.tabs.addTab(_scrolling(tab), title)
            self.tabs.setTabToolTip(index, f"Alt+{number}")
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.activated.connect(lambda i=index: self.show_tab(i))

        buttons = QDialogButtonBox()
        # Not an accept role: the button box would make it the default button, and Enter in
        # any field would save.
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        keys = key_sequences(SAVE)
        self.save_button.setToolTip(
            f"Save ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        # Enter belongs to the field being typed in (it adds a race, picks a contact);
        # saving is Ctrl+S or the button, never a stray Enter.
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        for sequence in keys:
            QShortcut(sequence, self).activated.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self._set_tab_order()
        self.load(record, intakes or [])

    # --- size and order ------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 165, metrics.height() * 50)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.tabs.tabBar()]
        for tab in self.tab_pages:
            chain += tab.focus_chain()
        chain += [self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        chain = self.tab_pages[index].focus_chain()
        target = next((w for w in chain if w.isEnabled()), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def tab_of(self, widget: QWidget) -> int:
        for index, tab in enumerate(self.tab_pages):
            if tab.isAncestorOf(widget):
                return index
        return -1

    # --- loading -------------------------------------------------------------------------

    def load(self, record: PatientRecord | None, intakes: list[IntakeEntry]) -> None:
        self.record = record
        self.base_values = flat_record(record)
        for tab in (self.demographics, self.insurance, self.athlete):
            tab.set_values(self.base_values)
        self.care_team.load(record)
        self.athlete.load(record)
        self.safety.load(record)
        self.intake.load(record.id if record else None, intakes)
        self.clear_errors()
        self._update_heading()

    def _update_heading(self) -> None:
        if self.record is None:
            self.heading.setText("New patient")
            self.subheading.setText("A chart number is given when the patient is saved.")
            self.setWindowTitle(f"New patient — {APP_NAME}")
            return
        details = self.record.details
        name = f"{details.first_name} {details.last_name}"
        self.heading.setText(name)
        status = "  ·  Archived" if self.record.archived else ""
        self.subheading.setText(f"Chart {self.record.chart_number}{status}")
        self.setWindowTitle(f"{name} ({self.record.chart_number}) — {APP_NAME}")

    # --- state ---------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for tab in (self.demographics, self.insurance, self.athlete):
            values.update(tab.values())
        return values

    def pending_ops(self) -> list:
        return [*self.athlete.pending(), *self.safety.pending(), *self.care_team.pending()]

    def is_dirty(self) -> bool:
        return bool(
            changed_keys(self.base_values, self.values())
            or self.pending_ops()
            or self.intake.draft() is not None
        )

    def patient_name(self) -> str:
        first = self.demographics.inputs["first_name"]
        last = self.demographics.inputs["last_name"]
        name = f"{first.text().strip()} {last.text().strip()}".strip()
        return name or "this new patient"

    # --- errors --------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.banner.clear()
        for tab in self.tab_pages:
            tab.clear_errors()
        for index in range(self.tabs.count()):
            self.tabs.setTabIcon(index, QIcon())

    def error_text(self, name: str) -> str:
        for tab in self.tab_pages:
            if name in tab.inputs:
                return tab.error_text(name)
        raise KeyError(name)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field, a summary on top, the cursor in the first one."""
        self.clear_errors()
        first: QWidget | None = None
        placed: list[str] = []
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, tab in enumerate(self.tab_pages):
            shown = tab.show_errors(errors)
            if shown:
                self.tabs.setTabIcon(index, warning)
                placed += shown
                if first is None:
                    first = tab.inputs[shown[0]]
        unplaced = [f"{caption(k)}: {m}" for k, m in errors.items() if k not in placed]
        names = ", ".join(caption(key) for key in placed)
        count = len(placed)
        summary = (
            f"Please correct {count} field{'s' if count != 1 else ''}: {names}." if count else ""
        )
        self.banner.show_problem(" ".join([summary, *unplaced]).strip())
        if first is not None:
            self.tabs.setCurrentIndex(self.tab_of(first))
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """True when everything was saved (the dialog then closes); otherwise nothing was,
        and the form still holds everything typed."""
        self.demographics.birth_date.tidy()
        values = self.values()
        allow_duplicate = False
        while True:
            registration = registration_from_form(
                self.record,
                self.base_values,
                values,
                self.pending_ops(),
                self.intake.draft(),
                allow_duplicate=allow_duplicate,
            )
            try:
                record = self.services.records.save_registration(registration)
            except PossibleDuplicate as duplicate:
                if not self._ask_duplicate(duplicate):
                    return False
                allow_duplicate = True
                continue
            except StaleEdit as stale:
                self._resolve_stale(stale, values)
                return False
            except Exception as exc:  # noqa: BLE001 - shown in the form, nothing lost
                self._show_failure(exc)
                return False
            self.clear_errors()
            self.saved.emit(record.id)
            self._close_saved()
            return True

    def _ask_duplicate(self, duplicate: PossibleDuplicate) -> bool:
        """True to register the new patient anyway."""
        dialog = DuplicateDialog(duplicate.matches, self)
        dialog.exec()
        if dialog.choice is DuplicateChoice.CREATE_ANYWAY:
            return True
        if dialog.choice is DuplicateChoice.OPEN_EXISTING:
            self.open_existing.emit(dialog.selected_id())
            self._close_saved()
        return False

    def _adopt(self, record: PatientRecord) -> None:
        """``record`` is what is stored now; unsaved edits stay in the form on top of it."""
        self.record = record
        self.base_values = flat_record(record)
        self.athlete.rebase(record)
        self.safety.rebase(record)
        self.care_team.rebase(record)
        self._update_heading()

    def _show_failure(self, error: BaseException) -> None:
        if isinstance(error, FieldErrors):
            self.show_errors(error.errors)
            return
        if isinstance(error, PermissionDenied):
            message = f"{error} Ask a colleague with that role to make this change."
        else:
            message = describe_error(error)
        self.clear_errors()
        self.banner.show_problem(f"Not saved: {message} Nothing of this form was stored.")

    def _resolve_stale(self, stale: StaleEdit, mine: dict[str, str]) -> None:
        theirs = flat_record(stale.current)
        dialog = StaleEditDialog(
            who=stale.current.updated_by,
            base=self.base_values,
            mine=mine,
            theirs=theirs,
            parent=self,
        )
        dialog.exec()
        if dialog.choice is StaleChoice.BACK:
            self.banner.show_problem(
                "Not saved: this patient was changed on another workstation. "
                "Press Save again to compare both versions."
            )
            return
        result = merge(self.base_values, mine, theirs)
        if dialog.choice is StaleChoice.USE_THEIRS:
            result = theirs
        self._adopt(stale.current)
        for tab in (self.demographics, self.insurance, self.athlete):
            tab.set_values(result)
        self.banner.show_info(
            "Their version is loaded"
            + (" with your changes on top" if dialog.choice is StaleChoice.KEEP_MINE else "")
            + ". Review the form and press Save to store it."
        )

    # --- closing -------------------------------------------------------------------------

    def _close_saved(self) -> None:
        self._closing = True
        self.accept()

    def reject(self) -> None:
        if not self._closing and self.is_dirty():
            choice = ask_unsaved_changes(self, self.patient_name())
            if choice is UnsavedChoice.KEEP_EDITING:
                return
            if choice is UnsavedChoice.SAVE:
                self.save()  # closes the dialog when it succeeds
                return
        self._closing = True
        super().reject()
