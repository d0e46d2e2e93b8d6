"""Subjective: pain today, how the last treatment went, training since, the patient's words."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.ui.charting.rows import error_label, show_error
from sportacu_desktop.ui.charting.section import Errors, Section, note_box

NOT_RECORDED = -1


class PainSpinBox(QSpinBox):
    """Selects its text however focus arrives, so typing a digit always replaces it.

    The selection is made as focus arrives, not later: a digit typed straight after the
    window opens must replace the "–", never be refused for landing next to it. A click
    places the cursor after focus arrived, so the release selects again. A digit typed
    while no score is recorded replaces the "–" even before focus has arrived (keys typed
    while the window was still opening are handed to the box).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._select_on_release = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()
        self._select_on_release = event.reason() == Qt.FocusReason.MouseFocusReason

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.value() == NOT_RECORDED and event.text().isdigit():
            self.selectAll()
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._select_on_release:
            self._select_on_release = False
            self.selectAll()


class SubjectiveSection(Section):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        super().__init__("Subjective", shortcut, parent)
        self.pain = PainSpinBox()
        self.pain.setObjectName("pain_nrs")
        self.pain.setAccessibleName("Pain NRS")
        self.pain.setRange(NOT_RECORDED, 10)
        self.pain.setSpecialValueText("–")
        self.pain.setValue(NOT_RECORDED)
        self.pain.setSuffix(" / 10")
        self.pain.setToolTip("Pain on the 0–10 numeric rating scale; – means not asked")
        self.pain.setFixedWidth(self.fontMetrics().averageCharWidth() * 12 + 24)
        self.pain_error = error_label()
        self.response = QLineEdit()
        self.response.setObjectName("response_to_last")
        self.response.setAccessibleName("Response to last treatment")
        self.response.setPlaceholderText("e.g. less tight for 3 days, then back to 4/10")
        self.training = QLineEdit()
        self.training.setObjectName("training_since")
        self.training.setAccessibleName("Training since last visit")
        self.training.setPlaceholderText("e.g. 42 km, long run 18 km easy, no speed work")
        self.notes = note_box("subjective", "What the patient reports", lines=2)
        self.errors = {name: error_label() for name in ("response_to_last", "training_since")}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label("&Pain (NRS)", self.pain), self.pain)
        form.addRow("", self.pain_error)
        form.addRow(self._label("Response to last treatment", self.response), self.response)
        form.addRow("", self.errors["response_to_last"])
        form.addRow(self._label("Training since last visit", self.training), self.training)
        form.addRow("", self.errors["training_since"])
        form.addRow(self._label("Notes", self.notes), self.notes)
        self.body.addLayout(form)

        self.pain.valueChanged.connect(self.changed)
        for edit in (self.response, self.training):
            edit.textChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def load_content(self, content: VisitContent) -> None:
        self.pain.setValue(NOT_RECORDED if content.pain_nrs is None else content.pain_nrs)
        self.response.setText(content.response_to_last)
        self.training.setText(content.training_since)
        self.notes.setPlainText(content.subjective)

    def read(self, values: dict, errors: Errors) -> None:
        pain = self.pain.value()
        values["pain_nrs"] = None if pain == NOT_RECORDED else pain
        values["response_to_last"] = self.response.text()
        values["training_since"] = self.training.text()
        values["subjective"] = self.notes.toPlainText()

    def raw(self) -> dict:
        return {
            "pain": self.pain.cleanText(),
            "response_to_last": self.response.text(),
            "training_since": self.training.text(),
            "subjective": self.notes.toPlainText(),
        }

    def load_raw(self, raw: dict) -> None:
        pain = str(raw.get("pain", "")).strip()
        self.pain.setValue(int(pain) if pain.isdigit() else NOT_RECORDED)
        self.response.setText(raw.get("response_to_last", ""))
        self.training.setText(raw.get("training_since", ""))
        self.notes.setPlainText(raw.get("subjective", ""))

    def show_errors(self, errors: Errors) -> None:
        show_error(self.pain_error, errors.get("pain_nrs"))
        for name, label in self.errors.items():
            show_error(label, errors.get(name))

    def focus_chain(self) -> list[QWidget]:
        return [self.pain, self.response, self.training, self.notes]
