"""A progress dialog that stays hidden for quick work and offers a Cancel that works."""

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)


class DelayedProgressDialog(QDialog):
    """Shown only if the work is still running after ``delay_ms``, so quick work never flashes.

    It never runs an event loop of its own: updates arrive as queued signals from the
    worker, and Cancel only raises a flag the worker sees on its next progress report.
    """

    DEFAULT_DELAY_MS = 600

    cancel_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        *,
        cancellable: bool = True,
        delay_ms: int = DEFAULT_DELAY_MS,
    ):
        super().__init__(parent)
        self.setWindowTitle("SportAcu Desktop")
        self.setWindowModality(Qt.WindowModal)
        self._cancellable = cancellable
        self._label = QLabel(label)
        self._label.setWordWrap(True)
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)  # busy indicator until the first report gives a total
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._buttons.rejected.connect(self.reject)
        self._buttons.setVisible(cancellable)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.open)
        self._cancelling = False

    @property
    def cancel_button(self):
        return self._buttons.button(QDialogButtonBox.StandardButton.Cancel)

    @property
    def label_text(self) -> str:
        return self._label.text()

    @property
    def progress(self) -> tuple[int, int]:
        """What the bar shows: (done, total); the total is 0 while the work is uncounted."""
        return self._bar.value(), self._bar.maximum()

    def start(self) -> None:
        self._timer.start()

    @Slot(int, int)
    def set_progress(self, done: int, total: int) -> None:
        if self._cancelling:
            return
        self._bar.setRange(0, max(total, 0))
        self._bar.setValue(min(done, total))

    def reject(self) -> None:
        # Esc, the close button and Cancel all land here; the dialog stays up, saying it is
        # stopping, until the worker has actually stopped (finish() closes it).
        if not self._cancellable or self._cancelling:
            return
        self._cancelling = True
        self._label.setText("Cancelling…")
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()

    def finish(self) -> None:
        self._timer.stop()
        self.hide()
        # Handed back to Python, it goes with its last reference, normally the operation's.
        self.setParent(None)
