"""The athlete: sports, weekly volume, training phase, and the race calendar."""

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.enums import RacePriority
from sportacu_desktop.domain.patients import PatientRecord, RaceEntry
from sportacu_desktop.domain.validation import parse_date, required
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.patients.form_tab import FormTab, group, line_edit, text_box
from sportacu_desktop.ui.patients.labels import PHASE_LABELS, PRIORITY_LABELS, fill_combo
from sportacu_desktop.ui.patients.pending import AddRace, RemoveRace, still_applicable
from sportacu_desktop.ui.patients.record_fields import profile_key
from sportacu_desktop.ui.widgets.adder_row import AdderRow
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit
from sportacu_desktop.ui.widgets.record_table import RecordTable


def when_phrase(race_date: date, today: date) -> str:
    days = (race_date - today).days
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    if days > 0:
        return f"In {days} days"
    return "Done" if days < -1 else "Yesterday"


class AthleteTab(FormTab):
    title = "&Athlete"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        profile_box, profile = group("Training")
        profile.add_field(
            profile_key("sports"), "&Sports", line_edit(200, "Running, triathlon, trail…")
        )
        profile.add_field(
            profile_key("weekly_volume"),
            "&Weekly volume",
            line_edit(60, "e.g. 60 km/week or 8 h/week"),
        )
        self.phase = fill_combo(QComboBox(), PHASE_LABELS.items())
        self.phase.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        profile.add_field(profile_key("training_phase"), "Training &phase", self.phase)
        profile.add_field(
            profile_key("notes"),
            "Athlete &notes",
            text_box(2, "Coach, shoes, surfaces, goals…"),
        )
        self.forms = [profile]

        races_box = QGroupBox("Races")
        self.races = RecordTable(
            ("Date", "Race", "Distance", "Priority", "When"),
            stretch=1,
            visible_rows=4,
            empty_text="No race on the calendar yet: add the next one below.",
        )
        self.races.setAccessibleName("Races")
        self.race_name = line_edit(200, "Harbor Marathon")
        self.race_date = DateLineEdit()
        self.race_distance = line_edit(40, "42.2 km")
        self.race_priority = fill_combo(QComboBox(), PRIORITY_LABELS.items())
        self.race_adder = AdderRow(
            [
                ("&Race", self.race_name, 3),
                ("Dat&e", self.race_date, 0),
                ("Dis&tance", self.race_distance, 1),
                ("Pri&ority", self.race_priority, 0),
            ],
            "&Add race",
        )
        self.race_adder.button.clicked.connect(self.add_race)
        self.remove_race_button = QPushButton("Remo&ve race")
        self.remove_race_button.setAutoDefault(False)
        self.remove_race_button.clicked.connect(self.remove_race)
        self.races.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_race_button)
        races_layout = QVBoxLayout(races_box)
        races_layout.addWidget(self.races, 1)
        races_layout.addLayout(buttons)
        races_layout.addWidget(self.race_adder)

        layout = QVBoxLayout(self)
        layout.addWidget(profile_box)
        layout.addWidget(races_box, 1)

        self._base: tuple[RaceEntry, ...] = ()
        self._pending: list[AddRace | RemoveRace] = []
        self._show_races()

    # --- record --------------------------------------------------------------------------

    def load(self, record: PatientRecord | None) -> None:
        self._base = record.races if record else ()
        self._pending = []
        self._show_races()

    def rebase(self, record: PatientRecord) -> None:
        self._base = record.races
        self._pending = [op for op in self._pending if still_applicable(op, record)]
        self._show_races()

    def pending(self) -> list[AddRace | RemoveRace]:
        return list(self._pending)

    # --- editing -------------------------------------------------------------------------

    def add_race(self) -> None:
        name = self.race_name.text().strip()
        problem = required(name, "race name")
        if problem:
            self.race_adder.show_error(problem, self.race_name)
            return
        try:
            if not self.race_date.text().strip():
                raise ValueError("Enter the race date.")
            day = parse_date(self.race_date.text())
        except ValueError as exc:
            self.race_adder.show_error(str(exc), self.race_date)
            return
        self._pending.append(
            AddRace(
                name,
                day,
                self.race_distance.text().strip(),
                self.race_priority.currentData() or RacePriority.B.value,
            )
        )
        self.race_adder.clear_error()
        for edit in (self.race_name, self.race_date, self.race_distance):
            edit.clear()
        self.race_name.setFocus()
        self._show_races()

    def remove_race(self) -> None:
        key = self.races.current_key()
        if isinstance(key, AddRace):
            self._pending.remove(key)
        elif isinstance(key, int):
            self._pending.append(RemoveRace(key))
        self._show_races()

    def _show_races(self) -> None:
        today = date.today()
        removed = {op.race_id for op in self._pending if isinstance(op, RemoveRace)}
        shown: list[tuple[object, date, list[str]]] = []
        for race in self._base:
            if race.id not in removed:
                shown.append((race.id, race.race_date, self._cells(race, today)))
        added = [op for op in self._pending if isinstance(op, AddRace)]
        for op in added:
            shown.append((op, op.race_date, self._cells(op, today)))
        shown.sort(key=lambda row: row[1])
        self.races.set_rows([(key, cells) for key, _day, cells in shown], italic=added)
        self._update_buttons()

    @staticmethod
    def _cells(race: RaceEntry | AddRace, today: date) -> list[str]:
        return [
            format_date(race.race_date),
            race.name,
            race.distance,
            race.priority,
            when_phrase(race.race_date, today),
        ]

    def _update_buttons(self) -> None:
        self.remove_race_button.setEnabled(self.races.current_key() is not None)

    def focus_chain(self) -> list[QWidget]:
        return [
            *self.inputs.values(),
            self.races,
            self.remove_race_button,
            *self.race_adder.focus_chain(),
        ]
