"""The chart's outcome plot is drawn again only when what it shows has changed."""

from datetime import date, timedelta

from sportacu_desktop.domain.outcomes import Score
from sportacu_desktop.reports.outcome_figure import outcome_figure
from sportacu_desktop.ui.episodes.plot_view import PlotView

START = date(2026, 3, 2)
VISITS = [START + timedelta(weeks=n) for n in range(3)]


def pain(*values: float) -> list[Score]:
    return [Score("NPRS", START + timedelta(weeks=n), v) for n, v in enumerate(values)]


def test_the_same_figure_is_not_drawn_again_a_changed_one_is(qtbot):
    view = PlotView("No measures yet.")
    qtbot.addWidget(view)
    view.show()
    view.show_figure(outcome_figure("Achilles right", pain(7, 6), VISITS, []))
    drawn = view.figure.axes[0]

    # A note was saved: the chart refreshes with the same measures.
    view.show_figure(outcome_figure("Achilles right", pain(7, 6), VISITS, []))
    assert view.figure.axes[0] is drawn

    view.show_figure(outcome_figure("Achilles right", pain(7, 6, 4), VISITS, []))
    assert view.figure.axes[0] is not drawn
    assert view.series_values("Pain (NPRS)") == [7, 6, 4]
