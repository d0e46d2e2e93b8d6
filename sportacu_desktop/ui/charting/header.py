"""The strip above a visit note: who the patient is and the flags that must not be missed."""

from html import escape

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sportacu_desktop.domain.patients import PatientHeader
from sportacu_desktop.domain.visits import VisitNote
from sportacu_desktop.ui.charting.section import heading_font
from sportacu_desktop.ui.formatting import days_phrase, format_long_date, format_sex, plural
from sportacu_desktop.ui.patients.header_panel import FlagChip
from sportacu_desktop.ui.widgets.flow_layout import FlowLayout


class VisitHeader(QWidget):
    def __init__(self, header: PatientHeader, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLabel(header.full_name)
        self.name.setObjectName("visitPatientName")
        self.name.setFont(heading_font(self, 1.5))
        identity = [
            f"Chart {header.chart_number}",
            plural(header.age, "year"),
            format_sex(header.sex),
        ]
        self.identity = QLabel("  ·  ".join(identity))
        self.visit = QLabel()
        self.visit.setObjectName("visitLine")
        self.flags = QWidget()
        flow = FlowLayout(self.flags)
        flow.setContentsMargins(0, 0, 0, 0)
        for flag in header.flags:
            flow.addWidget(FlagChip(flag, self.flags))
        self.flags.setVisible(bool(header.flags))
        race = header.next_race
        self.race = QLabel(
            f"Next {race.priority} race: <b>{escape(race.name)}</b> {days_phrase(race.days_to_go)}"
            if race
            else ""
        )
        self.race.setObjectName("visitRace")
        self.race.setVisible(race is not None)

        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.identity)
        top.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        top.addWidget(self.race)
        top.addStretch(1)
        top.addWidget(self.visit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.flags)

    def show_visit(self, note: VisitNote) -> None:
        status = "Signed" if note.signed else "Draft"
        self.visit.setText(f"Visit of {format_long_date(note.visit_date)}  ·  <b>{status}</b>")
