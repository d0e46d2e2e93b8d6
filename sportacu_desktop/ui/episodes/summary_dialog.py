"""Episode ▸ Treatment Summary…: choose the reader, the episode or period and the sections,
add a personal paragraph, preview the letter, then issue it.

Preview and Issue run off the UI thread (the figure takes a moment to draw). A refused
preview or issue says why in the banner and leaves every choice and every typed word as
it was. Issuing numbers, stores and logs the letter; then it is printed or saved from
the stored bytes, exactly what was issued.
"""

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.reports.summary_content import Section
from sportacu_desktop.services.documents import IssuedDocument
from sportacu_desktop.services.summaries import (
    IssuedSummary,
    Summaries,
    SummaryChoices,
    SummaryRequest,
)
from sportacu_desktop.ui.operations import BackgroundOp, TaskRunner, describe_error
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit
from sportacu_desktop.ui.widgets.message_banner import MessageBanner

ROLE_WORDS = {"PT": "PT", "physician": "Physician", "surgeon": "Surgeon", "other": "Other"}
NOT_ADDRESSED = "Not addressed (printed for the patient to take)"


def contact_text(contact) -> str:
    role = ROLE_WORDS.get(contact.role, contact.role)
    where = f", {contact.practice_name}" if contact.practice_name else ""
    fax = f" · fax {contact.fax}" if contact.fax else ""
    return f"{contact.name} ({role}{where}){fax}"


class SummaryDialog(QDialog):
    issued_summary = Signal(object)  # IssuedSummary, once stored

    def __init__(
        self,
        summaries: Summaries,
        patient_id: int,
        choices: SummaryChoices,
        episode_id: int | None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("summaryDialog")
        self.setWindowTitle(f"Treatment Summary — {choices.patient_name} ({choices.chart_number})")
        self.summaries = summaries
        self.patient_id = patient_id
        self.runner = runner
        self.preview_pdf: bytes | None = None
        self.issued: IssuedSummary | None = None
        self.shown = None  # the print preview or saved path, for tests
        self.busy = False

        self.banner = MessageBanner(self)
        self.recipient = QComboBox()
        self.recipient.setObjectName("summaryRecipient")
        for contact in choices.recipients:
            self.recipient.addItem(contact_text(contact), contact.id)
        self.recipient.addItem(NOT_ADDRESSED, None)
        default = self.recipient.findData(choices.default_recipient_id)
        self.recipient.setCurrentIndex(max(default, 0))

        self.by_episode = QRadioButton("&Episode")
        self.by_period = QRadioButton("P&eriod from")
        scope = QButtonGroup(self)
        scope.addButton(self.by_episode)
        scope.addButton(self.by_period)
        self.episode = QComboBox()
        self.episode.setObjectName("summaryEpisode")
        for choice in choices.episodes:
            self.episode.addItem(choice.label, choice.id)
        chosen = self.episode.findData(episode_id)
        self.episode.setCurrentIndex(max(chosen, 0))
        self.episode.currentIndexChanged.connect(self._show_available)
        self.start = DateLineEdit()
        self.start.setAccessibleName("Period start")
        self.end = DateLineEdit()
        self.end.setAccessibleName("Period end")
        self.by_episode.setChecked(bool(choices.episodes))
        self.by_period.setChecked(not choices.episodes)
        self.by_episode.setEnabled(bool(choices.episodes))
        for widget in (self.by_episode, self.by_period):
            widget.toggled.connect(self._scope_changed)

        self.sections: dict[Section, QCheckBox] = {}
        boxes = QGroupBox("Include")
        grid = QGridLayout(boxes)
        for index, section in enumerate(Section):
            box = QCheckBox(section.label)
            box.setChecked(True)
            box.setObjectName(f"section_{section.value}")
            self.sections[section] = box
            grid.addWidget(box, index // 2, index % 2)
        note_hint = QLabel("Sections with nothing recorded are left out of the letter.")
        note_hint.setWordWrap(True)
        grid.addWidget(note_hint, (len(Section) + 1) // 2, 0, 1, 2)

        self.note = QPlainTextEdit()
        self.note.setObjectName("summaryNote")
        self.note.setAccessibleName("Personal paragraph")
        self.note.setPlaceholderText(
            "A personal paragraph for the reader, printed under the subject line (optional)"
        )
        self.note.setTabChangesFocus(True)

        top = QGridLayout()
        to_label = QLabel("&To:", buddy=self.recipient)
        top.addWidget(to_label, 0, 0)
        top.addWidget(self.recipient, 0, 1, 1, 4)
        top.addWidget(QLabel("Covering:"), 1, 0)
        top.addWidget(self.by_episode, 1, 1)
        top.addWidget(self.episode, 1, 2, 1, 3)
        top.addWidget(self.by_period, 2, 1)
        top.addWidget(self.start, 2, 2)
        top.addWidget(QLabel("to"), 2, 3)
        top.addWidget(self.end, 2, 4, Qt.AlignmentFlag.AlignLeft)
        top.setColumnStretch(4, 1)

        self.preview_button = QPushButton("Pre&view")
        self.preview_button.setToolTip("See the letter as it will print; nothing is stored")
        # Enter previews; issuing is always a deliberate click or Alt+I.
        self.preview_button.setDefault(True)
        self.issue_button = QPushButton("&Issue")
        self.issue_button.setAutoDefault(False)
        self.issue_button.setToolTip(
            "Number and store the letter as sent, log it as a disclosure, then print it"
        )
        self.print_button = QPushButton("&Print…")
        self.save_button = QPushButton("&Save PDF…")
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
            button.setAutoDefault(False)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.issue_button, self.print_button):
            buttons.addWidget(button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.preview_button.clicked.connect(self.preview)
        self.issue_button.clicked.connect(self.issue)
        self.print_button.clicked.connect(self.print_issued)
        self.save_button.clicked.connect(self.save_issued)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(boxes)
        layout.addWidget(QLabel("&Personal paragraph:", buddy=self.note))
        layout.addWidget(self.note, 1)
        layout.addLayout(buttons)
        self._scope_changed()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)

    # --- choices -------------------------------------------------------------------------

    def _scope_changed(self, _checked: bool = False) -> None:
        by_episode = self.by_episode.isChecked()
        self.episode.setEnabled(by_episode)
        self.start.setEnabled(not by_episode)
        self.end.setEnabled(not by_episode)
        self._show_available()

    def _show_available(self, _index: int = -1) -> None:
        """Grey out the sections the chosen episode has nothing for (they would be left out
        anyway); the ticks stay as the practitioner set them."""
        available = frozenset(Section)
        if self.by_episode.isChecked() and self.episode.currentData() is not None:
            try:
                request = SummaryRequest(self.patient_id, self.episode.currentData())
                available = self.summaries.content(request).available
            except Exception:  # noqa: BLE001 - Preview says what is wrong, in words
                available = frozenset(Section)
        for section, box in self.sections.items():
            box.setEnabled(section in available)
            box.setToolTip("" if section in available else "Nothing recorded for this episode")

    def request(self) -> SummaryRequest:
        """What the letter covers, as chosen; InvalidInput names a field to fix."""
        sections = frozenset(s for s, box in self.sections.items() if box.isChecked())
        common = {
            "recipient_id": self.recipient.currentData(),
            "sections": sections,
            "personal_note": self.note.toPlainText(),
        }
        if self.by_episode.isChecked():
            return SummaryRequest(self.patient_id, self.episode.currentData(), **common)
        start, end = self.start.typed_date(), self.end.typed_date()
        if start is None or end is None:
            raise InvalidInput("Type the period's first and last dates as MM/DD/YYYY.")
        return SummaryRequest(self.patient_id, None, start, end, **common)

    # --- preview and issue ---------------------------------------------------------------

    def preview(self) -> None:
        self._run(self.summaries.preview, self._previewed, "Preparing the preview…")

    def issue(self) -> None:
        self._run(self.summaries.issue, self._issued, "Issuing the treatment summary…")

    def _run(self, call, done, label: str) -> None:
        if self.busy:
            return
        try:
            request = self.request()
        except InvalidInput as exc:
            self.banner.show_problem(str(exc))
            return
        self.busy = True
        self._set_buttons()
        op = BackgroundOp(self, lambda _progress: call(request), done, runner=self.runner)
        op.failure(self._failed)
        op.with_progress(label, cancellable=False)
        op.run_in_background()

    def _previewed(self, pdf: bytes) -> None:
        self.busy = False
        self._set_buttons()
        self.preview_pdf = pdf
        self.banner.show_info("Preview shown: nothing was stored. Issue it when it reads right.")
        document = IssuedDocument("Preview", "summary", datetime.now(UTC), pdf)
        self.shown = self._show(document)

    def _issued(self, issued: IssuedSummary) -> None:
        self.busy = False
        self.issued = issued
        self._set_buttons()
        self.banner.show_info(
            f"Issued {issued.number} to {issued.recipient}; logged as a disclosure. "
            "Print it or save the PDF."
        )
        self.issued_summary.emit(issued)
        self.shown = self._show(self._document())

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._set_buttons()
        self.banner.show_problem(describe_error(exc, failed="the letter was not prepared"))

    def _set_buttons(self) -> None:
        self.preview_button.setEnabled(not self.busy)
        # One letter per dialog: issuing twice would send two numbered letters.
        self.issue_button.setEnabled(not self.busy and self.issued is None)
        for button in (self.print_button, self.save_button):
            button.setEnabled(not self.busy and self.issued is not None)

    # --- print and save ------------------------------------------------------------------

    def _document(self) -> IssuedDocument:
        assert self.issued is not None
        return IssuedDocument(
            self.issued.number, "summary", self.issued.issued_at, self.issued.content
        )

    def _show(self, document: IssuedDocument):
        from sportacu_desktop.ui.charting.printing import print_document

        return print_document(self, document, self._file_name(document.number))

    def _file_name(self, number: str) -> str:
        chart = self.windowTitle().rsplit("(", 1)[-1].rstrip(")")
        return f"{chart} treatment summary {number}.pdf"

    def print_issued(self):
        if self.issued is not None:
            self.shown = self._show(self._document())
        return self.shown

    def save_issued(self) -> Path | None:
        from sportacu_desktop.ui.charting.printing import save_pdf

        if self.issued is None:
            return None
        name = self._file_name(self.issued.number)
        saved = save_pdf(self, self._document(), name, title="Save Treatment Summary as PDF")
        if saved is not None:
            self.banner.show_info(f"{self.issued.number} saved to {saved}.")
        self.shown = saved
        return saved
