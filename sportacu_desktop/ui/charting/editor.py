"""The visit note form: every section in one scrolling column, needles and safety beside it.

The form knows nothing about the database. It shows a ``VisitContent`` or a draft's raw
state, hands back either on request, and says (``edited``) whenever the user changes
anything. Safety findings come from a function the window passes in; they are refreshed a
moment after typing stops.
"""

import json
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.safety import Finding, Level
from sportacu_desktop.domain.visit_rules import documentation_problems
from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.ui.charting.adverse import AdverseEventsSection
from sportacu_desktop.ui.charting.assessment import AssessmentSection
from sportacu_desktop.ui.charting.billable_time import BillableTimeBox
from sportacu_desktop.ui.charting.cupping import CuppingSection
from sportacu_desktop.ui.charting.electro import ElectroSection
from sportacu_desktop.ui.charting.needle_count import NeedleCountBox
from sportacu_desktop.ui.charting.needling import DryNeedlingSection
from sportacu_desktop.ui.charting.objective import ObjectiveSection
from sportacu_desktop.ui.charting.points import PointsSection
from sportacu_desktop.ui.charting.rows import ERROR_RED
from sportacu_desktop.ui.charting.safety_panel import BLOCK_RED, SafetyPanel
from sportacu_desktop.ui.charting.section import Errors, Section
from sportacu_desktop.ui.charting.subjective import SubjectiveSection

DRAFT_FORMAT = "sportacu-visit-editor"
DRAFT_VERSION = 1
REFRESH_DELAY_MS = 250
# Draft keys of the sections, in form order; stored in drafts, so never renamed.
SECTION_KEYS = (
    "subjective",
    "objective",
    "assessment",
    "points",
    "dry_needling",
    "electro",
    "cupping",
    "adverse_events",
)
SafetyCheck = Callable[[VisitContent], list[Finding]]


def section_keys(index: int) -> str:
    return f"Ctrl+{index}"


class VisitEditor(QWidget):
    edited = Signal()  # the user changed something (never sent while a note is loaded)
    sign_state_changed = Signal()

    def __init__(self, safety: SafetyCheck, parent: QWidget | None = None):
        super().__init__(parent)
        self._safety = safety
        self._loading = False
        self.subjective = SubjectiveSection(section_keys(1))
        self.objective = ObjectiveSection(section_keys(2))
        self.assessment = AssessmentSection(section_keys(3))
        self.points = PointsSection(section_keys(4))
        self.dry_needling = DryNeedlingSection(section_keys(5))
        self.electro = ElectroSection(section_keys(6))
        self.cupping = CuppingSection(section_keys(7))
        self.adverse = AdverseEventsSection(section_keys(8))
        self.sections: list[Section] = [
            self.subjective,
            self.objective,
            self.assessment,
            self.points,
            self.dry_needling,
            self.electro,
            self.cupping,
            self.adverse,
        ]
        self.needles = NeedleCountBox()
        self.billable = BillableTimeBox()
        self.safety_panel = SafetyPanel()
        self.error_banner = QLabel()
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(
            f"QLabel#errorBanner {{ color: {ERROR_RED}; border: 1px solid {ERROR_RED};"
            " border-radius: 4px; padding: 4px 6px; }"
        )
        self.error_banner.hide()

        form = QWidget()
        form.setObjectName("visitForm")
        column = QVBoxLayout(form)
        spacing = self.fontMetrics().height()
        column.addWidget(self.error_banner)
        for section in self.sections:
            column.addWidget(section)
            column.addSpacing(spacing // 2)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            column.addWidget(line)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(form)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.side = QWidget()
        self.side.setObjectName("visitSide")
        self.side_layout = QVBoxLayout(self.side)
        self.side_layout.setContentsMargins(0, 0, 0, 0)
        self.side_layout.addWidget(self.safety_panel)
        self.side_layout.addWidget(self.needles)
        self.side_layout.addWidget(self.billable)
        self.side_layout.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self.refresh_checks)
        for part in [*self.sections, self.needles, self.billable]:
            part.changed.connect(self._on_changed)
        for section in self.sections:
            section.structure_changed.connect(self.refresh_tab_order)
        self.tail: list[QWidget] = []  # focusable widgets the window adds after the form
        self.refresh_tab_order()
        self._align_labels()

    def _align_labels(self) -> None:
        """One label column for every section, so the fields line up down the whole form."""
        labels = []
        for section in self.sections:
            for form in section.findChildren(QFormLayout):
                for row in range(form.rowCount()):
                    item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                    if item is not None and item.widget() is not None:
                        labels.append(item.widget())
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    # --- changes -------------------------------------------------------------------------

    def _on_changed(self) -> None:
        if self._loading:
            return
        self._refresh.start()
        self.edited.emit()

    def refresh_checks(self) -> None:
        """Placed needles and safety findings for what the form holds now."""
        self._refresh.stop()
        content = self.best_effort_content()
        self.needles.set_placed(content.needles_placed)
        findings = self._safety(content)
        self.safety_panel.show_findings(findings)
        blocked_ea = any(
            f.level is Level.BLOCK and "lectroacupuncture" in f.message for f in findings
        )
        self.electro.set_marker("Blocked — see Safety" if blocked_ea else "", BLOCK_RED)
        self.sign_state_changed.emit()

    def sign_blockers(self) -> list[str]:
        """Why the note cannot be signed as it stands (empty when it can)."""
        problem = self.needles.problem() or self.needles.uncounted()
        missing = documentation_problems(self.best_effort_content())
        return missing + self.safety_panel.blocking() + ([problem] if problem else [])

    # --- content -------------------------------------------------------------------------

    def _parts(self) -> list:
        return [*self.sections, self.needles, self.billable]

    def load_content(self, content: VisitContent) -> None:
        self._loading = True
        try:
            for part in self._parts():
                part.load_content(content)
        finally:
            self._loading = False
        self.refresh_tab_order()
        self.refresh_checks()

    def read(self) -> tuple[VisitContent, Errors]:
        """The note as typed, and every problem the form itself can see (unreadable numbers)."""
        values: dict = {}
        errors: Errors = {}
        for part in self._parts():
            part.read(values, errors)
        return VisitContent(**values), errors

    def best_effort_content(self) -> VisitContent:
        """What the form holds, leaving out rows that cannot be read yet."""
        return self.read()[0]

    def add_content(self, before: VisitContent, after: VisitContent) -> None:
        """Add the rows ``after`` has beyond ``before`` (a template applied), keep the rest."""
        for section in (self.dry_needling, self.electro, self.cupping):
            key = section.part.key
            section.add_entries(getattr(after, key)[len(getattr(before, key)) :])
        for part, key in (
            (self.objective.tests, "tests"),
            (self.points.list, "points"),
        ):
            for entry in getattr(after, key)[len(getattr(before, key)) :]:
                part.table.add_row(part.from_entry(entry))
        self.assessment.fill_if_empty("assessment", after.assessment)
        self.assessment.fill_if_empty("recommendations", after.recommendations)
        self.refresh_checks()

    # --- drafts --------------------------------------------------------------------------

    def raw_state(self) -> dict:
        return {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "sections": {
                **{key: s.raw() for key, s in zip(SECTION_KEYS, self.sections, strict=True)},
                "needles": self.needles.raw(),
                "billable": self.billable.raw(),
            },
        }

    def raw_json(self) -> str:
        return json.dumps(self.raw_state(), ensure_ascii=False, separators=(",", ":"))

    def load_raw(self, raw: dict) -> None:
        sections = raw.get("sections", {})
        self._loading = True
        try:
            for key, section in zip(SECTION_KEYS, self.sections, strict=True):
                section.load_raw(sections.get(key, {}))
            self.needles.load_raw(sections.get("needles", {}))
            self.billable.load_raw(sections.get("billable", {}))
        finally:
            self._loading = False
        self.refresh_tab_order()
        self.refresh_checks()

    # --- errors --------------------------------------------------------------------------

    def show_errors(self, errors: Errors) -> None:
        for part in self._parts():
            part.show_errors(errors)
        if errors:
            count = len(errors)
            first = next(iter(errors.values()))
            self.error_banner.setText(
                f"Not saved: {count} problem{'s' if count != 1 else ''} to fix. {first}"
                if count > 1
                else f"Not saved: {first}"
            )
        self.error_banner.setVisible(bool(errors))

    # --- keyboard ------------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for section in self.sections:
            chain.extend(section.focus_chain())
        return chain + self.needles.focus_chain() + self.billable.focus_chain() + self.tail

    def refresh_tab_order(self) -> None:
        chain = self.focus_chain()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def go_to_section(self, index: int) -> None:
        section = self.sections[index]
        target = section.first_focus()
        # Rows added a moment ago have no place in the scroll area until pending layout
        # requests are handled; without this the jump can stop short of the section.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        # The section starts at the top of the view, with as much of it below as fits.
        top = section.mapTo(self.scroll.widget(), QPoint(0, 0)).y()
        self.scroll.verticalScrollBar().setValue(top - self.fontMetrics().height() // 2)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.scroll.ensureWidgetVisible(target)

    def go_to_needles(self) -> None:
        self.needles.needles_in.setFocus(Qt.FocusReason.ShortcutFocusReason)
