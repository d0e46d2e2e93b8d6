"""The outcome figure on screen: matplotlib's Qt canvas drawing ``reports.outcome_figure``.

matplotlib is imported the first time a plot is shown, never at start-up.
"""

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlotView(QWidget):
    def __init__(self, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = None
        self.figure = None
        self.model = None
        self._draw: Callable | None = None
        self.placeholder = QLabel(empty_text)
        self.placeholder.setEnabled(False)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.placeholder)

    def show_figure(self, model, draw: Callable | None = None) -> None:
        """Draw ``model`` with ``draw`` (the outcome figure's by default)."""
        if self._shows(model, draw):
            # The chart is refreshed after every save of a note: drawing the same figure
            # again would hold the UI thread for a visible moment, for nothing.
            return
        self.model = model
        self._draw = draw
        if model is None or getattr(model, "empty", False):
            self.placeholder.show()
            if self.canvas is not None:
                self.canvas.hide()
            return
        self._ensure_canvas()
        if draw is None:
            from sportacu_desktop.reports.outcome_figure import draw
        draw(model, self.figure)
        self.placeholder.hide()
        self.canvas.show()
        self.canvas.draw_idle()

    def _shows(self, model, draw: Callable | None) -> bool:
        return (
            self.canvas is not None
            and not self.canvas.isHidden()
            and model is not None
            and model == self.model
            and draw == self._draw
        )

    def _ensure_canvas(self) -> None:
        if self.canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from sportacu_desktop.reports.outcome_figure import new_figure

        self.figure = new_figure(6, 4)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("plotCanvas")
        self.canvas.setMinimumHeight(self.fontMetrics().height() * 14)
        self._layout.addWidget(self.canvas, 1)

    def series_values(self, label: str) -> list[float]:
        """The values drawn for one measure (what the line on screen holds)."""
        if self.figure is None:
            return []
        for axes in self.figure.axes:
            for line in axes.lines:
                if line.get_label() == label:
                    return [float(v) for v in line.get_ydata()]
        return []
