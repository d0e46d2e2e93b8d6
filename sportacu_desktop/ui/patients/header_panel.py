"""The top of an open chart: who this is, what must not be missed, and where they stand."""

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.enums import Modality
from sportacu_desktop.domain.patients import FlagView, PatientHeader, RaceView
from sportacu_desktop.domain.race_calendar import DRY_NEEDLING_RULE, race_within_caution_days
from sportacu_desktop.ui.formatting import (
    days_phrase,
    format_date,
    format_long_date,
    format_phase,
    format_sex,
    plural,
)
from sportacu_desktop.ui.widgets.flow_layout import FlowLayout

FLAG_RED = "#b3261e"
# Dark amber: white text stays readable on it in light and dark themes.
CONSENT_AMBER = "#8f4e00"

DETAILS = (
    ("date_of_birth", "Date of birth"),
    ("phone", "Phone"),
    ("payer", "Payer"),
    ("sports", "Sports"),
    ("training_phase", "Training phase"),
    ("visits", "Visits"),
    ("last_visit", "Last visit"),
)


def _scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class FlagChip(QLabel):
    """A contraindication, red with white text in light and dark themes alike."""

    def __init__(self, flag: FlagView, parent: QWidget | None = None):
        words = flag.label + (f": {flag.detail}" if flag.detail else "")
        super().__init__(f"⚠ {words}", parent)
        self.flag = flag
        self.setObjectName("flagChip")
        self.setAccessibleName(f"Flag: {words}")
        self.setToolTip(words)
        self.setFont(_scaled_font(self, 1.0, bold=True))
        self.setStyleSheet(
            f"QLabel#flagChip {{ background-color: {FLAG_RED}; color: white;"
            " border-radius: 0.5em; padding: 0.25em 0.7em; }"
        )


class ConsentChip(QLabel):
    """A treatment the patient has not signed a consent for: amber, next to the red flags."""

    def __init__(self, modality: str, parent: QWidget | None = None):
        self.modality = modality
        words = f"No signed consent: {Modality(modality).label}"
        super().__init__(f"✎ {words}", parent)
        self.setObjectName("consentChip")
        self.setAccessibleName(words)
        self.setToolTip(f"{words}. Record the signed form in Edit Patient ▸ Flags & consents.")
        self.setFont(_scaled_font(self, 1.0, bold=True))
        self.setStyleSheet(
            f"QLabel#consentChip {{ background-color: {CONSENT_AMBER}; color: white;"
            " border-radius: 0.5em; padding: 0.25em 0.7em; }"
        )


class PatientHeaderPanel(QWidget):
    """Shows one PatientHeader at a time, or a hint when no chart is open.

    ``show_patient`` always starts from a cleared panel and fills it from a single header
    object, so nothing of the previous patient can linger under a new name.
    """

    # The id of the patient now shown, or None once the panel is back to its hint.
    patient_changed = Signal(object)

    def __init__(self, find_shortcut: str = "Ctrl+F", parent: QWidget | None = None):
        super().__init__(parent)
        self.patient_id: int | None = None
        self.header: PatientHeader | None = None
        self._stack = QStackedWidget()
        self._empty_page = self._build_empty_page(find_shortcut)
        self._chart_page = self._build_chart_page()
        self._stack.addWidget(self._empty_page)
        self._stack.addWidget(self._chart_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.clear()

    # --- building ------------------------------------------------------------------------

    def _build_empty_page(self, find_shortcut: str) -> QWidget:
        page = QWidget()
        title = QLabel("No patient open")
        title.setFont(_scaled_font(self, 1.4, bold=True))
        self.empty_hint = QLabel(
            f"Find a patient with {find_shortcut}, then press Enter to open the chart."
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (title, self.empty_hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.empty_hint)
        layout.addStretch(2)
        return page

    def _build_chart_page(self) -> QWidget:
        content = QWidget()
        self.name_label = QLabel()
        self.name_label.setObjectName("patientName")
        self.name_label.setFont(_scaled_font(self, 1.8, bold=True))
        self.name_label.setWordWrap(True)
        self.identity_label = QLabel()
        self.identity_label.setWordWrap(True)
        for label in (self.name_label, self.identity_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.flags_box = QWidget()
        self.flags_box.setAccessibleName("Flags and contraindications")
        self._flags_layout = FlowLayout(self.flags_box)
        self._flags_layout.setContentsMargins(0, 0, 0, 0)
        self.no_flags_label = QLabel("No flags or contraindications recorded.")
        self.no_flags_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.consents_box = QWidget()
        self.consents_box.setAccessibleName("Missing consents")
        self._consents_layout = FlowLayout(self.consents_box)
        self._consents_layout.setContentsMargins(0, 0, 0, 0)
        self.consents_ok_label = QLabel("Consents signed for every treatment.")
        self.consents_ok_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.race_label = QLabel()
        self.race_label.setObjectName("nextRace")
        self.race_label.setWordWrap(True)
        self.race_label.setTextFormat(Qt.TextFormat.RichText)
        self.race_label.setStyleSheet(
            "QLabel#nextRace { background-color: palette(alternate-base);"
            " border: 1px solid palette(mid); border-radius: 0.4em; padding: 0.4em 0.7em; }"
        )
        self.no_race_label = QLabel("No A or B race coming up.")
        self.no_race_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.next_visit_label = QLabel()
        self.next_visit_label.setObjectName("nextVisit")
        self.next_visit_label.setWordWrap(True)
        self.next_visit_label.setTextFormat(Qt.TextFormat.RichText)
        self.next_visit_label.hide()

        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        details.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.fields: dict[str, QLabel] = {}
        for key, caption in DETAILS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption_label = QLabel(f"{caption}:")
            caption_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            details.addRow(caption_label, value)
            self.fields[key] = value

        layout = QVBoxLayout(content)
        spacing = self.fontMetrics().height() // 2
        layout.addWidget(self.name_label)
        layout.addWidget(self.identity_label)
        # The patient's balance, for those who may see billing (set from outside).
        self.balance_label = QLabel()
        self.balance_label.setObjectName("patientBalance")
        self.balance_label.hide()
        layout.addWidget(self.balance_label)
        layout.addSpacing(spacing)
        layout.addWidget(self.flags_box)
        layout.addWidget(self.no_flags_label)
        layout.addWidget(self.consents_box)
        layout.addWidget(self.consents_ok_label)
        layout.addSpacing(spacing)
        layout.addWidget(self.race_label)
        layout.addWidget(self.no_race_label)
        layout.addWidget(self.next_visit_label)
        layout.addSpacing(spacing)
        layout.addLayout(details)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setAccessibleName("Open patient")
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return scroll

    # --- showing -------------------------------------------------------------------------

    def clear(self) -> None:
        """Back to the empty state with every field blank."""
        self._reset()
        self.patient_changed.emit(None)

    def _reset(self) -> None:
        self.patient_id = None
        self.header = None
        self.name_label.clear()
        self.identity_label.clear()
        self.balance_label.clear()
        self.balance_label.hide()
        self.race_label.clear()
        self.next_visit_label.clear()
        self.next_visit_label.hide()
        for value in self.fields.values():
            value.clear()
        for layout in (self._flags_layout, self._consents_layout):
            while (item := layout.takeAt(0)) is not None:
                if widget := item.widget():
                    # Unparented at once (not deleteLater): no old chip is ever found or painted.
                    widget.hide()
                    widget.setParent(None)
        self.consents_box.hide()
        self.consents_ok_label.hide()
        self._stack.setCurrentWidget(self._empty_page)

    def show_next_visit(self, suggested) -> None:
        """The next suggested visit (domain.race_calendar.SuggestedVisit) or None."""
        if suggested is None or self.patient_id is None:
            self.next_visit_label.clear()
            self.next_visit_label.hide()
            return
        self.next_visit_label.setText(
            f"Next suggested visit: <b>{format_long_date(suggested.on)}</b>"
            f"<br>{escape(suggested.reason)}"
        )
        self.next_visit_label.show()

    def show_patient(
        self, header: PatientHeader, missing_consents: Sequence[str] | None = None
    ) -> None:
        """Show ``header``; ``missing_consents`` lists the modalities without a signed
        consent (None when not known, and then nothing is said about consents)."""
        self.setUpdatesEnabled(False)
        try:
            self._reset()
            self._fill(header)
            self._fill_consents(missing_consents)
            self.patient_id = header.id
            self.header = header
            self._stack.setCurrentWidget(self._chart_page)
        finally:
            self.setUpdatesEnabled(True)
        self.patient_changed.emit(header.id)

    def _fill_consents(self, missing: Sequence[str] | None) -> None:
        if missing is None:
            return
        for modality in missing:
            self._consents_layout.addWidget(ConsentChip(modality, self.consents_box))
        self.consents_box.setVisible(bool(missing))
        self.consents_ok_label.setVisible(not missing)

    def _fill(self, header: PatientHeader) -> None:
        name = header.full_name
        if header.preferred_name and header.preferred_name != header.first_name:
            name += f" “{header.preferred_name}”"
        self.name_label.setText(name)
        identity = [
            f"Chart {header.chart_number}",
            plural(header.age, "year"),
            format_sex(header.sex),
        ]
        if header.archived:
            identity.append("Archived")
        self.identity_label.setText("  ·  ".join(identity))

        for flag in header.flags:
            self._flags_layout.addWidget(FlagChip(flag, self.flags_box))
        self.flags_box.setVisible(bool(header.flags))
        self.no_flags_label.setVisible(not header.flags)

        if header.next_race is not None:
            self.race_label.setText(self._race_text(header.next_race))
        self.race_label.setVisible(header.next_race is not None)
        self.no_race_label.setVisible(header.next_race is None)

        values = {
            "date_of_birth": format_date(header.date_of_birth),
            "phone": header.phone,
            "payer": header.payer or "Self-pay",
            "sports": header.sports,
            "training_phase": format_phase(header.training_phase),
            "visits": f"{header.visit_count:,}",
            "last_visit": format_date(header.last_visit) or "No visit yet",
        }
        for key, value in values.items():
            self.fields[key].setText(value or "—")

    @staticmethod
    def _race_text(race: RaceView) -> str:
        what = f"<b>{escape(race.name)}</b>"
        if race.distance:
            what += f" ({escape(race.distance)})"
        when = f"{format_long_date(race.race_date)}, <b>{days_phrase(race.days_to_go)}</b>"
        text = f"Next {escape(race.priority)} race: {what}<br>{when}"
        if race_within_caution_days(race.days_to_go, race.priority):
            text += f"<br>Race within 72 hours: {DRY_NEEDLING_RULE}."
        return text

    def shown_text(self) -> str:
        """Everything the header currently says, for tests and accessibility checks."""
        if self.patient_id is None:
            return ""
        race = self.race_label if self.race_label.isVisibleTo(self) else self.no_race_label
        parts = [self.name_label.text(), self.identity_label.text(), race.text()]
        if self.next_visit_label.isVisibleTo(self):
            parts.append(self.next_visit_label.text())
        parts += [chip.text() for chip in self.flags_box.findChildren(FlagChip)]
        parts += [chip.text() for chip in self.consents_box.findChildren(ConsentChip)]
        parts += [value.text() for value in self.fields.values()]
        return "\n".join(part for part in parts if part)
