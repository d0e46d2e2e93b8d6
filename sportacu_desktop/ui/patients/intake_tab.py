"""Athlete intakes: the dated history, newest first, and a new one started from the last."""

from dataclasses import asdict
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.services.intake import IntakeEntry, IntakeInput, as_input
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.patients.form_tab import FormTab, align_labels, group, line_edit, text_box
from sportacu_desktop.ui.patients.labels import SLEEP_QUALITY_CHOICES, fill_combo
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit
from sportacu_desktop.ui.widgets.field_form import read_value, write_value

DRAFT = "draft"
EntryRole = Qt.ItemDataRole.UserRole + 5
INTAKE_NAMES = tuple(IntakeInput.__dataclass_fields__)
VIEW_FIELDS = (
    ("chief_complaint", "Chief complaint"),
    ("injury_history", "Injury history"),
    ("training_load", "Training load"),
    ("biomechanics", "Biomechanics"),
    ("gut", "Gut"),
    ("stress", "Stress"),
)


def intake_key(name: str) -> str:
    return f"intake.{name}"


def _short(value: str, width: int = 40) -> str:
    line = value.strip().splitlines()[0] if value.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def _number_field(placeholder: str, unit: str) -> tuple[QWidget, QWidget]:
    edit = line_edit(8, placeholder)
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0000000") * 2)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit)
    layout.addWidget(QLabel(unit))
    layout.addStretch(1)
    return edit, row


class IntakeTab(FormTab):
    title = "In&take"

    def __init__(self, *, allowed: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.allowed = allowed
        self._history: list[IntakeEntry] = []
        self._draft = False

        self.history = QListWidget()
        self.history.setAccessibleName("Intakes, newest first")
        self.history.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 12 + "M" * 24))
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.currentItemChanged.connect(self._show_current)
        self.new_button = QPushButton("&New intake")
        self.new_button.setAutoDefault(False)
        self.new_button.setToolTip("Starts from the last intake, dated today")
        self.new_button.clicked.connect(self.start_new)
        list_box = QGroupBox("Intakes")
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.history, 1)
        list_layout.addWidget(self.new_button)

        self.stack = QStackedWidget()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.view = QLabel()
        self.view.setWordWrap(True)
        self.view.setTextFormat(Qt.TextFormat.RichText)
        self.view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.setMargin(self.fontMetrics().height() // 2)
        view_scroll = QScrollArea()
        view_scroll.setWidget(self.view)
        view_scroll.setWidgetResizable(True)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(view_scroll)
        self.stack.addWidget(self._build_form())

        layout = QHBoxLayout(self)
        layout.addWidget(list_box, 2)
        layout.addWidget(self.stack, 5)
        self.load(None, [])

    def _build_form(self) -> QWidget:
        story_box, story = group("Complaint and history")
        self.taken_on = DateLineEdit()
        story.add_field(intake_key("taken_on"), "&Date", self.taken_on)
        story.add_field(
            intake_key("chief_complaint"),
            "C&hief complaint",
            line_edit(500, "Required – e.g. Right lateral knee pain on descents"),
        )
        story.add_field(intake_key("injury_history"), "In&jury history", text_box(2))
        story.add_field(
            intake_key("training_load"),
            "Training &load",
            text_box(2, "Volume, intensity, recent changes"),
        )
        story.add_field(
            intake_key("biomechanics"),
            "&Biomechanics",
            text_box(2, "Gait, cadence, shoes, strength"),
        )
        recovery_box, recovery = group("Recovery")
        hours, hours_row = _number_field("7.5", "hours a night")
        recovery.add_field(intake_key("sleep_hours"), "Sl&eep", hours, row_widget=hours_row)
        quality = fill_combo(QComboBox(), SLEEP_QUALITY_CHOICES)
        recovery.add_field(intake_key("sleep_quality"), "Sleep &quality", quality)
        hrv, hrv_row = _number_field("65", "ms")
        recovery.add_field(intake_key("hrv_ms"), "H&RV", hrv, row_widget=hrv_row)
        resting, resting_row = _number_field("48", "beats per minute")
        recovery.add_field(
            intake_key("resting_hr"), "Res&ting heart rate", resting, row_widget=resting_row
        )
        recovery.add_field(intake_key("gut"), "&Gut", line_edit(2000, "Digestion, fuelling"))
        recovery.add_field(intake_key("stress"), "&Stress", line_edit(2000, "Work, life, mood"))
        self.forms = [story, recovery]
        align_labels(story, recovery)

        self.discard_button = QPushButton("Dis&card this intake")
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(self.discard_draft)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        form = QWidget()
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(story_box)
        layout.addWidget(recovery_box)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return form

    # --- record --------------------------------------------------------------------------

    def load(self, patient_id: int | None, history: list[IntakeEntry]) -> None:
        self._history = list(history)
        self._draft = False
        self._clear_form()
        self._fill_list()

    def draft(self) -> IntakeInput | None:
        """The new intake being written, or None."""
        if not self._draft:
            return None
        return IntakeInput(**{n: read_value(self.inputs[intake_key(n)]) for n in INTAKE_NAMES})

    def draft_state(self) -> tuple:
        draft = self.draft()
        return tuple(asdict(draft).values()) if draft else ()

    # --- editing -------------------------------------------------------------------------

    def start_new(self) -> None:
        if not self._draft:
            self._draft = True
            start = as_input(self._history[0]) if self._history else IntakeInput()
            for name in INTAKE_NAMES:
                write_value(self.inputs[intake_key(name)], getattr(start, name))
            self.taken_on.set_date(date.today())
            self._fill_list()
        self.history.setCurrentRow(0)
        self.inputs[intake_key("chief_complaint")].setFocus()

    def discard_draft(self) -> None:
        self._draft = False
        self._clear_form()
        self._fill_list()
        self.new_button.setFocus()

    def _clear_form(self) -> None:
        self.clear_errors()
        for name in INTAKE_NAMES:
            write_value(self.inputs[intake_key(name)], "")

    # --- showing -------------------------------------------------------------------------

    def _fill_list(self) -> None:
        self.history.blockSignals(True)
        self.history.clear()
        if self._draft:
            item = QListWidgetItem("New intake – not saved yet")
            item.setData(EntryRole, DRAFT)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.history.addItem(item)
        for entry in self._history:
            item = QListWidgetItem(
                f"{format_date(entry.taken_on)}  {_short(entry.chief_complaint)}"
            )
            item.setData(EntryRole, entry.id)
            self.history.addItem(item)
        self.history.blockSignals(False)
        self.new_button.setEnabled(self.allowed and not self._draft)
        if self.history.count():
            self.history.setCurrentRow(0)
        self._show_current()

    def _show_current(self, *_args) -> None:
        item = self.history.currentItem()
        key = item.data(EntryRole) if item is not None else None
        if key == DRAFT:
            self.stack.setCurrentIndex(2)
            return
        entry = next((e for e in self._history if e.id == key), None)
        if entry is None:
            if not self.allowed:
                self.empty.setText("Intakes are recorded and read by the practitioner.")
            else:
                self.empty.setText(
                    "No intake yet.\nPress “New intake” to record the athlete's intake."
                )
            self.stack.setCurrentIndex(0)
            return
        self.view.setText(self._entry_html(entry))
        self.stack.setCurrentIndex(1)

    @staticmethod
    def _entry_html(entry: IntakeEntry) -> str:
        rows = [f"<h3>Intake of {format_date(entry.taken_on)}</h3>"]
        for name, caption in VIEW_FIELDS:
            value = getattr(entry, name) or "—"
            text = escape(value).replace("\n", "<br>")
            rows.append(f"<p><b>{caption}</b><br>{text}</p>")
        recovery = []
        if entry.sleep_hours is not None:
            recovery.append(f"sleep {entry.sleep_hours:g} h")
        if entry.sleep_quality is not None:
            recovery.append(f"sleep quality {entry.sleep_quality}/5")
        if entry.hrv_ms is not None:
            recovery.append(f"HRV {entry.hrv_ms} ms")
        if entry.resting_hr is not None:
            recovery.append(f"resting HR {entry.resting_hr} bpm")
        rows.append(f"<p><b>Recovery</b><br>{escape(', '.join(recovery) or '—')}</p>")
        rows.append(f"<p><i>Recorded by {escape(entry.recorded_by)}</i></p>")
        return "".join(rows)

    def focus_chain(self) -> list[QWidget]:
        return [self.history, self.new_button, *self.inputs.values(), self.discard_button]
