"""Flags and contraindications, and the consent signed for each treatment."""

from datetime import date

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.enums import FlagKind
from sportacu_desktop.domain.patients import ConsentEntry, FlagEntry, PatientRecord
from sportacu_desktop.domain.validation import parse_date
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.patients.form_tab import FormTab, line_edit
from sportacu_desktop.ui.patients.labels import MODALITY_LABELS, fill_combo, flag_label
from sportacu_desktop.ui.patients.patient_services import CONSENTED_MODALITIES
from sportacu_desktop.ui.patients.pending import (
    AddConsent,
    AddFlag,
    RemoveFlag,
    still_applicable,
)
from sportacu_desktop.ui.widgets.adder_row import AdderRow
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit
from sportacu_desktop.ui.widgets.field_form import error_color
from sportacu_desktop.ui.widgets.record_table import RecordTable

MISSING = "Missing – no signed consent"


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class SafetyTab(FormTab):
    title = "&Flags && consents"

    def __init__(self, *, may_flag: bool, may_consent: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        flags_box = QGroupBox("Flags and contraindications")
        self.flags = RecordTable(
            ("Flag", "Detail"),
            stretch=1,
            visible_rows=3,
            empty_text="No flags or contraindications recorded.",
        )
        self.flags.setAccessibleName("Flags and contraindications")
        self.flag_kind = fill_combo(QComboBox(), ((k, k.label) for k in FlagKind))
        self.flag_detail = line_edit(300, "e.g. Apixaban 5 mg; titanium plate, left tibia")
        self.flag_adder = AdderRow(
            [("&Kind", self.flag_kind, 0), ("&Detail", self.flag_detail, 1)], "&Add flag"
        )
        self.flag_adder.button.clicked.connect(self.add_flag)
        self.remove_flag_button = QPushButton("&Remove flag")
        self.remove_flag_button.setAutoDefault(False)
        self.remove_flag_button.clicked.connect(self.remove_flag)
        self.flags.itemSelectionChanged.connect(self._update_buttons)
        flags_layout = QVBoxLayout(flags_box)
        flags_layout.addWidget(_note("Shown in red at the top of the chart whenever it is open."))
        flags_layout.addWidget(self.flags, 1)
        flags_layout.addLayout(self._right(self.remove_flag_button))
        flags_layout.addWidget(self.flag_adder)
        if not may_flag:
            flags_layout.addWidget(_note("Only a practitioner can add or remove flags."))

        consents_box = QGroupBox("Consents")
        self.consents = RecordTable(
            ("Treatment", "Signed on", "Form version", "Status"), stretch=3, visible_rows=4
        )
        # One row per treatment, always four: no scrolling, no empty space.
        self.consents.setFixedHeight(self.consents.minimumHeight())
        self.consents.setAccessibleName("Consents")
        self.consent_modality = fill_combo(QComboBox(), MODALITY_LABELS.items())
        self.consent_date = DateLineEdit()
        self.consent_version = line_edit(20, "e.g. 2024-1")
        self.consent_adder = AdderRow(
            [
                ("&Treatment", self.consent_modality, 0),
                ("Signed &on", self.consent_date, 0),
                ("Form &version", self.consent_version, 1),
            ],
            "Re&cord consent",
        )
        self.consent_adder.button.clicked.connect(self.add_consent)
        consents_layout = QVBoxLayout(consents_box)
        consents_layout.addWidget(self.consents)
        consents_layout.addWidget(self.consent_adder)
        if not may_consent:
            consents_layout.addWidget(_note("Your role cannot record consents."))

        for widget in (*self.flag_adder.focus_chain(), self.remove_flag_button):
            widget.setEnabled(may_flag)
        self._may_flag = may_flag
        for widget in self.consent_adder.focus_chain():
            widget.setEnabled(may_consent)

        layout = QVBoxLayout(self)
        layout.addWidget(flags_box, 1)
        layout.addWidget(consents_box)

        self._flags: tuple[FlagEntry, ...] = ()
        self._consents: tuple[ConsentEntry, ...] = ()
        self._pending: list[AddFlag | RemoveFlag | AddConsent] = []
        self._refresh()

    @staticmethod
    def _right(button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        return row

    # --- record --------------------------------------------------------------------------

    def load(self, record: PatientRecord | None) -> None:
        self._flags = record.flags if record else ()
        self._consents = record.consents if record else ()
        self._pending = []
        self.consent_date.set_date(date.today())
        self._refresh()

    def rebase(self, record: PatientRecord) -> None:
        self._flags, self._consents = record.flags, record.consents
        self._pending = [op for op in self._pending if still_applicable(op, record)]
        self._refresh()

    def pending(self) -> list[AddFlag | RemoveFlag | AddConsent]:
        return list(self._pending)

    def missing_modalities(self) -> list[str]:
        signed = {c.modality for c in self._consents}
        signed |= {op.modality for op in self._pending if isinstance(op, AddConsent)}
        return [m.value for m in CONSENTED_MODALITIES if m.value not in signed]

    # --- editing -------------------------------------------------------------------------

    def add_flag(self) -> None:
        kind = self.flag_kind.currentData()
        detail = self.flag_detail.text().strip()
        if kind == FlagKind.OTHER.value and not detail:
            self.flag_adder.show_error("Describe the flag in Detail.", self.flag_detail)
            return
        self._pending.append(AddFlag(kind, detail))
        self.flag_adder.clear_error()
        self.flag_detail.clear()
        self.flag_kind.setFocus()
        self._refresh()

    def remove_flag(self) -> None:
        key = self.flags.current_key()
        if isinstance(key, AddFlag):
            self._pending.remove(key)
        elif isinstance(key, int):
            self._pending.append(RemoveFlag(key))
        self._refresh()

    def add_consent(self) -> None:
        text = self.consent_date.text().strip()
        try:
            if not text:
                raise ValueError("Enter the date the consent was signed.")
            signed_on = parse_date(text)
        except ValueError as exc:
            self.consent_adder.show_error(str(exc), self.consent_date)
            return
        if signed_on > date.today():
            self.consent_adder.show_error(
                "A consent cannot be signed in the future.", self.consent_date
            )
            return
        self._pending.append(
            AddConsent(
                self.consent_modality.currentData(), signed_on, self.consent_version.text().strip()
            )
        )
        self.consent_adder.clear_error()
        self.consent_modality.setFocus()
        self._refresh()

    # --- showing -------------------------------------------------------------------------

    def _refresh(self) -> None:
        removed = {op.flag_id for op in self._pending if isinstance(op, RemoveFlag)}
        added = [op for op in self._pending if isinstance(op, AddFlag)]
        rows = [(f.id, [f.label, f.detail]) for f in self._flags if f.id not in removed]
        rows += [(op, [flag_label(op.kind), op.detail]) for op in added]
        self.flags.set_rows(rows, italic=added)

        latest: dict[str, ConsentEntry | AddConsent] = {}
        for consent in (*self._consents, *(o for o in self._pending if isinstance(o, AddConsent))):
            current = latest.get(consent.modality)
            if current is None or consent.signed_on >= current.signed_on:
                latest[consent.modality] = consent
        consent_rows = []
        new = []
        for modality in CONSENTED_MODALITIES:
            entry = latest.get(modality.value)
            label = MODALITY_LABELS[modality]
            if entry is None:
                consent_rows.append((modality.value, [label, "", "", MISSING]))
                continue
            status = "Signed"
            if isinstance(entry, AddConsent):
                status = "Signed – saved with the patient"
                new.append(modality.value)
            consent_rows.append(
                (
                    modality.value,
                    [label, format_date(entry.signed_on), entry.form_version, status],
                )
            )
        self.consents.set_rows(consent_rows, italic=new)
        for key, cells in consent_rows:
            if cells[-1] == MISSING:
                self.consents.emphasize(key, 3, error_color(self))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_flag_button.setEnabled(self._may_flag and self.flags.current_key() is not None)

    def focus_chain(self) -> list[QWidget]:
        return [
            self.flags,
            self.remove_flag_button,
            *self.flag_adder.focus_chain(),
            self.consents,
            *self.consent_adder.focus_chain(),
        ]
