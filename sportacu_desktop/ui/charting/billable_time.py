"""The visit's billable facts beside the note: e-stim, needle re-insertions, evaluation.

Units of the timed acupuncture codes follow contact time and re-insertions, never needle
retention, so the practitioner charts each re-insertion as it happens: ``E`` when it is
followed by electrical stimulation, ``M`` when it is not (``E M E``).
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.ui.charting.rows import error_label, show_error
from sportacu_desktop.ui.charting.section import Errors

LETTERS = {"E": True, "M": False}


def parse_reinsertions(text: str) -> tuple[tuple[bool, ...], str | None]:
    letters = [c for c in text.upper() if not c.isspace() and c != ","]
    wrong = sorted({c for c in letters if c not in LETTERS})
    if wrong:
        return (), (f"Re-insertions are E (with e-stim) or M (without), not {', '.join(wrong)}.")
    return tuple(LETTERS[c] for c in letters), None


def reinsertions_display(reinsertions: tuple[bool, ...]) -> str:
    return " ".join("E" if e else "M" for e in reinsertions)


class BillableTimeBox(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Billable time", parent)
        self.estim_first = QCheckBox("E-stim in the first 15 minutes")
        self.estim_first.setObjectName("estim_first_block")
        self.reinsertions = QLineEdit()
        self.reinsertions.setObjectName("reinsertions")
        self.reinsertions.setAccessibleName("Needle re-insertions")
        self.reinsertions.setPlaceholderText("E = with e-stim, M = without: E M")
        self.summary = QLabel()
        self.summary.setObjectName("reinsertionSummary")
        self.summary.setWordWrap(True)
        self.evaluation = QCheckBox("Separately identifiable evaluation")
        self.evaluation.setObjectName("separate_evaluation")
        self.evaluation.setToolTip(
            "An evaluation beyond the usual pre-treatment check: billed as an office visit "
            "with modifier 25."
        )
        self.errors = {"reinsertions": error_label()}
        form = QFormLayout(self)
        form.addRow(self.estim_first)
        label = QLabel("&Re-insertions")
        label.setBuddy(self.reinsertions)
        form.addRow(label, self.reinsertions)
        form.addRow("", self.errors["reinsertions"])
        form.addRow(self.summary)
        form.addRow(self.evaluation)
        self.estim_first.toggled.connect(self.changed)
        self.evaluation.toggled.connect(self.changed)
        self.reinsertions.textChanged.connect(self.changed)
        self.reinsertions.textChanged.connect(self._update_summary)
        self._update_summary()

    def _update_summary(self) -> None:
        parsed, problem = parse_reinsertions(self.reinsertions.text())
        if problem or not parsed:
            self.summary.setText("")
            return
        with_estim = sum(parsed)
        self.summary.setText(
            f"{len(parsed)} re-insertion{'s' if len(parsed) != 1 else ''}: "
            f"{with_estim} with e-stim, {len(parsed) - with_estim} without"
        )

    def load_content(self, content: VisitContent) -> None:
        self.estim_first.setChecked(content.estim_first_block)
        self.reinsertions.setText(reinsertions_display(content.reinsertions))
        self.evaluation.setChecked(content.separate_evaluation)

    def read(self, values: dict, errors: Errors) -> None:
        parsed, problem = parse_reinsertions(self.reinsertions.text())
        if problem:
            errors["reinsertions"] = problem
        values["estim_first_block"] = self.estim_first.isChecked()
        values["reinsertions"] = parsed
        values["separate_evaluation"] = self.evaluation.isChecked()

    def raw(self) -> dict:
        return {
            "estim_first_block": self.estim_first.isChecked(),
            "reinsertions": self.reinsertions.text(),
            "separate_evaluation": self.evaluation.isChecked(),
        }

    def load_raw(self, raw: dict) -> None:
        self.estim_first.setChecked(bool(raw.get("estim_first_block", False)))
        self.reinsertions.setText(str(raw.get("reinsertions", "")))
        self.evaluation.setChecked(bool(raw.get("separate_evaluation", False)))

    def show_errors(self, errors: Errors) -> None:
        for name, label in self.errors.items():
            show_error(label, errors.get(name))

    def focus_chain(self) -> list[QWidget]:
        return [self.estim_first, self.reinsertions, self.evaluation]
