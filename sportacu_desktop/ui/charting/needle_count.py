"""Needles in and out against what the charted points and dry needling imply."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from sportacu_desktop.domain.safety import needle_count_problem
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.ui.charting.rows import ERROR_RED, error_label, show_error, to_int
from sportacu_desktop.ui.charting.section import Errors

FIELDS = ("needles_in", "needles_out", "needle_count_exception", "contact_minutes")


class NeedleCountBox(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Needle count", parent)
        self._placed = 0
        self.placed = QLabel()
        self.placed.setObjectName("needlesPlaced")
        self.needles_in = self._number("needles_in", "Needles in")
        self.needles_out = self._number("needles_out", "Needles out")
        self.exception = QLineEdit()
        self.exception.setObjectName("needle_count_exception")
        self.exception.setAccessibleName("Why the counts differ")
        self.exception.setPlaceholderText("Only if in ≠ out: what happened")
        self.minutes = self._number("contact_minutes", "Contact minutes")
        self.status = QLabel()
        self.status.setObjectName("needleStatus")
        self.status.setWordWrap(True)
        self.errors = {name: error_label() for name in FIELDS}

        form = QFormLayout(self)
        form.addRow("Placed:", self.placed)
        form.addRow(self._label("Needles &in", self.needles_in), self.needles_in)
        form.addRow("", self.errors["needles_in"])
        form.addRow(self._label("Needles &out", self.needles_out), self.needles_out)
        form.addRow("", self.errors["needles_out"])
        form.addRow(self._label("Exception", self.exception), self.exception)
        form.addRow("", self.errors["needle_count_exception"])
        form.addRow(self.status)
        form.addRow(self._label("Contact min", self.minutes), self.minutes)
        form.addRow("", self.errors["contact_minutes"])
        for edit in (self.needles_in, self.needles_out, self.exception, self.minutes):
            edit.textChanged.connect(self.changed)
        self.needles_in.textChanged.connect(self._update_status)
        self.needles_out.textChanged.connect(self._update_status)
        self.exception.textChanged.connect(self._update_status)
        self.set_placed(0)

    def _number(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaximumWidth(self.fontMetrics().averageCharWidth() * 8 + 16)
        return edit

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def set_placed(self, count: int) -> None:
        self.placed.setText(f"<b>{count}</b> by the points, EA leads and dry needling charted")
        self._placed = count
        self._update_status()

    def problem(self) -> str | None:
        """Why the count stops signing, or None (only complete numbers are judged)."""
        problems: list[str] = []
        needles_in = to_int(self.needles_in.text(), "needles in", problems)
        needles_out = to_int(self.needles_out.text(), "needles out", problems)
        if problems:
            return "Needle counts must be whole numbers."
        return needle_count_problem(needles_in or 0, needles_out or 0, self.exception.text())

    def uncounted(self) -> str | None:
        """Needles were charted but neither count typed (0 = 0 would otherwise pass)."""
        typed = self.needles_in.text().strip() and self.needles_out.text().strip()
        if self._placed and not typed:
            return "Count the needles: enter needles in and needles out."
        return None

    def _update_status(self) -> None:
        problem = self.problem()
        typed_in = self.needles_in.text().strip()
        if problem:
            self.status.setText(problem)
            self.status.setStyleSheet(f"color: {ERROR_RED};")
        elif typed_in and typed_in != str(self._placed) and not self.exception.text().strip():
            self.status.setText(
                f"Counts match; the chart implies {self._placed} needles — check the rows."
            )
            self.status.setStyleSheet("color: #8a5a00;")
        elif typed_in:
            self.status.setText("Counts match.")
            self.status.setStyleSheet("color: palette(placeholder-text);")
        else:
            self.status.setText("")

    def load_content(self, content: VisitContent) -> None:
        for edit, value in (
            (self.needles_in, content.needles_in),
            (self.needles_out, content.needles_out),
        ):
            edit.setText(str(value) if value else "")
        self.exception.setText(content.needle_count_exception)
        self.minutes.setText(str(content.contact_minutes) if content.contact_minutes else "")

    def read(self, values: dict, errors: Errors) -> None:
        for name, edit, what in (
            ("needles_in", self.needles_in, "needles in"),
            ("needles_out", self.needles_out, "needles out"),
            ("contact_minutes", self.minutes, "contact minutes"),
        ):
            problems: list[str] = []
            number = to_int(edit.text(), what, problems)
            if problems:
                errors[name] = problems[0][:1].upper() + problems[0][1:] + "."
            values[name] = number or 0
        values["needle_count_exception"] = self.exception.text()

    def raw(self) -> dict:
        return {
            "needles_in": self.needles_in.text(),
            "needles_out": self.needles_out.text(),
            "needle_count_exception": self.exception.text(),
            "contact_minutes": self.minutes.text(),
        }

    def load_raw(self, raw: dict) -> None:
        self.needles_in.setText(raw.get("needles_in", ""))
        self.needles_out.setText(raw.get("needles_out", ""))
        self.exception.setText(raw.get("needle_count_exception", ""))
        self.minutes.setText(raw.get("contact_minutes", ""))

    def show_errors(self, errors: Errors) -> None:
        for name, label in self.errors.items():
            show_error(label, errors.get(name))

    def focus_chain(self) -> list[QWidget]:
        return [self.needles_in, self.needles_out, self.exception, self.minutes]
