"""The strip above a visit note: who the patient is and the flags that must not be missed."""

from html import escape

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sportacu_desktop.domain.episodes import session_count_text
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
        self.episode = QLabel()
        self.episode.setObjectName("visitEpisode")
        self.episode.hide()
        self.episode_title = ""

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
        layout.addWidget(self.episode)
        layout.addWidget(self.flags)

    def show_visit(self, note: VisitNote) -> None:
        status = "Signed" if note.signed else "Draft"
        self.visit.setText(f"Visit of {format_long_date(note.visit_date)}  ·  <b>{status}</b>")

    def show_episode(self, episode, number: int = 0) -> None:
        """ "Episode: Achilles right (chronic) · Session 5 of 8–16": ``number`` is this
        visit's place among the episode's sessions."""
        self.episode_title = episode.title if episode else ""
        if episode is None:
            self.episode.setText("No episode of care for this visit.")
            self.episode.show()
            return
        session = session_count_text(episode.plan, number)
        self.episode.setText(
            f"Episode: <b>{escape(episode.title)}</b> ({episode.chronicity.value})"
            f"  ·  {escape(session)}"
        )
        self.episode.show()
