"""Home-care Sheet…: the text the patient takes home, edited, previewed, then printed or saved.

The dialog opens with the drafted text (the template's home advice and the note's
recommendations); Preview shows the page as it would print, without storing anything.
Print and Save PDF issue the sheet (numbered, stored, logged as given to the patient) and
hand the stored PDF to the print preview or the chosen file. A problem (text too long for
one page) is shown in the dialog and the typed text stays.
"""

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.reports.homecare_content import TEXT_MAX
from sportacu_desktop.services.documents import IssuedDocument
from sportacu_desktop.services.exports import save_export
from sportacu_desktop.services.homecare import Homecare, HomecareDraft
from sportacu_desktop.ui.charting import printing
from sportacu_desktop.ui.formatting import format_date
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine


class HomecareDialog(QDialog):
    def __init__(self, homecare: Homecare, draft: HomecareDraft, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("homecareDialog")
        self._homecare, self.draft = homecare, draft
        self.issued: IssuedDocument | None = None
        self.shown = None  # the print preview, or the path saved to, for tests
        self.setWindowTitle(
            f"Home-care Sheet — {draft.patient_name} ({draft.chart_number}), "
            f"{format_date(draft.visit_date)}"
        )
        intro = QLabel(
            "What the patient should do at home, in plain words. What was treated, what to "
            "expect, when to call, the next visit and race are added from the chart."
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(draft.text)
        self.text.setObjectName("homecareText")
        self.text.setTabChangesFocus(True)
        self.text.textChanged.connect(self._count)
        self.count = QLabel()
        self.message = MessageLine(grow_dialog=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.preview_button = QPushButton("Pre&view")
        self.print_button = QPushButton("&Print…")
        self.save_button = QPushButton("&Save PDF…")
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 24)
        self._count()

    def _count(self) -> None:
        used = len(self.text.toPlainText())
        self.count.setText(f"{used} of {TEXT_MAX} characters")

    def _attempt(self, work):
        try:
            return work()
        except UserError as exc:
            self.message.say(str(exc), problem=True)
        except Exception as exc:  # noqa: BLE001 - said in the dialog; the text stays
            self.message.say(describe_error(exc), problem=True)
        return None

    def preview(self):
        content = self._attempt(
            lambda: self._homecare.preview(self.draft.visit_id, self.text.toPlainText())
        )
        if content is None:
            return None
        self.message.say("")
        sheet = IssuedDocument("Home-care preview", "homecare", datetime.now(UTC), content)
        if printing.qtpdf_available():
            self.shown = printing.preview(self, sheet)
        return self.shown

    def _issue(self) -> IssuedDocument | None:
        issued = self._attempt(
            lambda: self._homecare.issue(
                self.draft.visit_id, self.text.toPlainText(), patient_id=self.draft.patient_id
            )
        )
        if issued is not None:
            self.issued = issued
            self.message.say(f"{issued.number} issued and logged as given to the patient.")
        return issued

    def _file_name(self, issued: IssuedDocument) -> str:
        when = self.draft.visit_date.isoformat()
        return f"{self.draft.chart_number} home care {when} {issued.number}.pdf"

    def print_sheet(self):
        issued = self._issue()
        if issued is not None:
            self.shown = printing.print_document(self, issued, self._file_name(issued))
        return self.shown

    def save_pdf(self, path: Path | None = None) -> Path | None:
        issued = self._issue()
        if issued is None:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                "Save Home-care Sheet as PDF",
                printing.suggested_path(self._file_name(issued)),
                "PDF documents (*.pdf)",
            )
            if not chosen:
                return None
            path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        if self._attempt(lambda: save_export(path, issued.content)) is None:
            return None
        self.shown = path
        self.message.say(f"{issued.number} saved to {path}.")
        return path


def open_homecare(parent: QWidget, homecare: Homecare, visit_id: int) -> HomecareDialog | None:
    """Draft the sheet of a signed visit and open its dialog; a refusal is shown instead."""
    from sportacu_desktop.ui.operations import show_error

    try:
        draft = homecare.draft(visit_id)
    except Exception as exc:  # noqa: BLE001
        show_error(parent, exc)
        return None
    dialog = HomecareDialog(homecare, draft, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
