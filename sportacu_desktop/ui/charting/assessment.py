"""Assessment and plan: what the practitioner concludes and what the athlete does next."""

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.ui.charting.rows import error_label, show_error
from sportacu_desktop.ui.charting.section import Errors, Section, note_box

FIELDS = (
    ("assessment", "Assessment", "Working diagnosis, progress since last visit", 3),
    ("plan", "Plan", "Frequency, next visit, what to reassess", 2),
    (
        "recommendations",
        "Recommendations",
        "Training load, rehab exercises, recovery (sleep, fuelling)",
        3,
    ),
)


class AssessmentSection(Section):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        super().__init__("Assessment and plan", shortcut, parent)
        self.boxes = {}
        self.errors = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, caption, placeholder, lines in FIELDS:
            box = note_box(name, placeholder, lines)
            box.textChanged.connect(self.changed)
            label = QLabel(caption)
            label.setBuddy(box)
            self.boxes[name] = box
            self.errors[name] = error_label()
            form.addRow(label, box)
            form.addRow("", self.errors[name])
        self.body.addLayout(form)

    def load_content(self, content: VisitContent) -> None:
        for name, box in self.boxes.items():
            box.setPlainText(getattr(content, name))

    def fill_if_empty(self, name: str, text: str) -> None:
        box = self.boxes[name]
        if not box.toPlainText().strip() and text:
            box.setPlainText(text)

    def read(self, values: dict, errors: Errors) -> None:
        for name, box in self.boxes.items():
            values[name] = box.toPlainText()

    def raw(self) -> dict:
        return {name: box.toPlainText() for name, box in self.boxes.items()}

    def load_raw(self, raw: dict) -> None:
        for name, box in self.boxes.items():
            box.setPlainText(raw.get(name, ""))

    def show_errors(self, errors: Errors) -> None:
        for name, label in self.errors.items():
            show_error(label, errors.get(name))

    def focus_chain(self) -> list[QWidget]:
        return list(self.boxes.values())
