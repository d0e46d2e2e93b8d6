"""The middle of the chart: the patient's episodes of care, is the treatment working, plots.

Shows a ``PatientCare`` (services/episode_views.py) and nothing else; the controller
loads it and reacts to the actions. Notices that need the practitioner's attention
(reconsider the approach, reassess, overtraining) are banners above everything else.
"""

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.episodes import DischargeReason
from sportacu_desktop.domain.outcomes import INSTRUMENTS, Trend
from sportacu_desktop.domain.race_calendar import Race
from sportacu_desktop.services.episodes import EpisodeView, PatientCare
from sportacu_desktop.ui.episodes.plot_view import PlotView
from sportacu_desktop.ui.formatting import format_date, format_long_date
from sportacu_desktop.ui.widgets.message_banner import MessageBanner

TREND_MARKS = {
    Trend.IMPROVED: "▲ improved",
    Trend.STALLED: "■ no meaningful change",
    Trend.WORSENED: "▼ worse",
    Trend.MISSING: "· measured once",
}


def _label(name: str, *, rich: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def episode_choice_text(episode: EpisodeView) -> str:
    status = "open" if episode.is_open else f"closed {format_date(episode.end_date)}"
    return f"{episode.title} — {episode.chronicity.value}, {status}"


class EpisodePanel(QWidget):
    episode_selected = Signal(object)  # the EpisodeView shown, or None

    def __init__(self, shortcuts: dict[str, str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("episodePanel")
        self.care: PatientCare | None = None
        keys = shortcuts or {}
        heading = QLabel("Episodes of care")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        self.chooser = QComboBox()
        self.chooser.setObjectName("episodeChooser")
        self.chooser.setAccessibleName("Episode")
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("episodeEmpty")
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setWordWrap(True)
        self._new_key = keys.get("new", "")

        self.reconsider = MessageBanner(self)
        self.reconsider.setObjectName("reconsiderNotice")
        self.reassess = MessageBanner(self)
        self.reassess.setObjectName("reassessNotice")
        self.overtraining = MessageBanner(self)
        self.overtraining.setObjectName("overtrainingNotice")
        self.summary = _label("episodeSummary")
        self.next_visit = _label("episodeNextVisit")
        self.diagnoses = _label("episodeDiagnoses")
        self.measures = _label("episodeMeasures")
        self.outcome_plot = PlotView("No outcome measure recorded in this episode yet.")
        self.outcome_plot.setObjectName("outcomePlot")
        self.recovery_plot = PlotView("No recovery markers (HRV, resting HR, sleep) recorded yet.")
        self.recovery_plot.setObjectName("recoveryPlot")
        self.calendar_plot = PlotView("No races or visits to show.")
        self.calendar_plot.setObjectName("calendarPlot")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("episodeTabs")
        self.tabs.addTab(self.outcome_plot, "&Outcomes")
        self.tabs.addTab(self.recovery_plot, "&Recovery")
        self.tabs.addTab(self.calendar_plot, "Race &calendar")
        self.tabs.currentChanged.connect(lambda _i: self._draw_current_tab())

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() // 2
        layout.setContentsMargins(margin, margin, margin, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        for banner in (self.reconsider, self.reassess, self.overtraining):
            layout.addWidget(banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.next_visit)
        layout.addWidget(self.diagnoses)
        layout.addWidget(self.measures)
        layout.addWidget(self.tabs, 1)
        self.show_care(None)

    # --- showing -------------------------------------------------------------------------

    @property
    def episode(self) -> EpisodeView | None:
        if self.care is None or not 0 <= self.chooser.currentIndex() < len(self.care.episodes):
            return None
        return self.care.episodes[self.chooser.currentIndex()]

    def show_care(self, care: PatientCare | None, *, select: int | None = None) -> None:
        """Show a patient's care (None: no patient open); ``select`` keeps an episode chosen."""
        shown = self.episode.id if self.episode else None
        if care is not None and care == self.care and select in (None, shown):
            # Saving a draft refreshes the chart; redrawing the same plot would stall the
            # window for tens of milliseconds on every autosave.
            return
        self.care = care
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for episode in care.episodes if care else ():
            self.chooser.addItem(episode_choice_text(episode), episode.id)
        index = self.chooser.findData(select) if select is not None else 0
        self.chooser.setCurrentIndex(max(index, 0) if self.chooser.count() else -1)
        self.chooser.blockSignals(False)
        self.chooser.setVisible(bool(care and care.episodes))
        if care is None:
            self.empty_label.setText("Open a patient to see their episodes of care.")
        elif not care.episodes:
            key = f" ({self._new_key})" if self._new_key else ""
            self.empty_label.setText(f"No episode of care yet: Episode ▸ New Episode{key}.")
        self.empty_label.setVisible(not (care and care.episodes))
        if care is not None and care.overtraining:
            self.overtraining.show_problem(f"Overtraining signs. {care.overtraining}")
        else:
            self.overtraining.clear()
        self._chosen()

    def _chosen(self, _index: int = -1) -> None:
        episode = self.episode
        for widget in (self.summary, self.next_visit, self.diagnoses, self.measures):
            widget.setVisible(episode is not None)
        self.tabs.setVisible(self.care is not None and bool(self.care.episodes or self.care.races))
        if episode is None:
            self.reconsider.clear()
            self.reassess.clear()
        else:
            self._show_episode(episode)
        self._draw_current_tab()
        self.episode_selected.emit(episode)

    def _show_episode(self, episode: EpisodeView) -> None:
        if episode.progress.reconsider and episode.is_open:
            self.reconsider.show_problem(episode.progress.message)
        else:
            self.reconsider.clear()
        if episode.reassess:
            self.reassess.show_info(episode.reassess)
        else:
            self.reassess.clear()
        band = episode.chronicity.value.capitalize()
        onset = f"onset {format_date(episode.onset_date)}" if episode.onset_date else "no onset"
        parts = [f"<b>{band}</b>", onset, f"<b>{escape(episode.session_text)}</b>"]
        if episode.is_open:
            parts.append(escape(episode.plan.advice))
        else:
            reason = (
                DischargeReason(episode.discharge_reason).label
                if episode.discharge_reason
                else "closed"
            )
            parts.append(f"discharged {format_date(episode.end_date)}: {escape(reason)}")
        self.summary.setText(" · ".join(parts))
        if episode.next_visit:
            self.next_visit.setText(
                f"Next suggested visit: <b>{format_long_date(episode.next_visit.on)}</b>"
                f" — {escape(episode.next_visit.reason)}"
            )
        self.next_visit.setVisible(episode.next_visit is not None)
        rows = [
            f"{'<b>' if i == 0 else ''}{escape(code)} {escape(text)}{'</b>' if i == 0 else ''}"
            for i, (code, text) in enumerate(episode.diagnoses)
        ]
        self.diagnoses.setText(
            "Diagnoses: " + ("; ".join(rows) if rows else "<i>none yet — edit the episode</i>")
        )
        changes = []
        for change in episode.progress.changes:
            label = escape(INSTRUMENTS[change.instrument].label)
            if change.trend is Trend.MISSING:
                changes.append(f"{label} {TREND_MARKS[change.trend]}")
            else:
                changes.append(
                    f"{label} {change.first:g} → {change.latest:g} {TREND_MARKS[change.trend]}"
                )
        self.measures.setText(
            "Measures: " + (" · ".join(changes) if changes else "<i>none recorded</i>")
        )

    def _draw_current_tab(self) -> None:
        """Plots are drawn when their tab is shown: matplotlib loads on first need only."""
        if self.care is None or self.tabs.isHidden():
            return
        care, episode = self.care, self.episode
        current = self.tabs.currentWidget()
        from sportacu_desktop.reports.outcome_figure import RaceMark, outcome_figure

        races = [RaceMark(r.race_date, r.name, r.priority) for r in care.races]
        if current is self.outcome_plot:
            model = (
                outcome_figure(episode.title, episode.scores, episode.visit_dates, races)
                if episode
                else None
            )
            self.outcome_plot.show_figure(model)
        elif current is self.recovery_plot:
            self.recovery_plot.show_figure(
                outcome_figure(
                    "Recovery markers", care.markers, care.visit_dates, races, recovery=True
                )
            )
        else:
            from sportacu_desktop.reports.race_calendar_figure import (
                calendar_figure,
                draw_calendar,
            )

            model = calendar_figure(
                care.today,
                care.training_phase,
                care.visit_dates,
                [Race(r.name, r.race_date, r.priority) for r in care.races],
                care.next_visit.on if care.next_visit else None,
            )
            self.calendar_plot.show_figure(model, draw_calendar)

    def shown_text(self) -> str:
        """What a reader sees in the panel's text (for tests and accessibility checks)."""
        parts = [self.chooser.currentText()] if self.chooser.isVisible() else []
        parts += [b.text() for b in (self.reconsider, self.reassess, self.overtraining)]
        for label in (
            self.empty_label,
            self.summary,
            self.next_visit,
            self.diagnoses,
            self.measures,
        ):
            if label.isVisibleTo(self):
                parts.append(label.text())
        return "\n".join(p for p in parts if p)
