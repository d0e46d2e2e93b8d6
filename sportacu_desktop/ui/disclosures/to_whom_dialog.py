"""Asked once, where a document is about to leave the clinic: to whom, and why.

The kind's usual recipient and purpose are filled in (a superbill: the patient, for
insurance reimbursement) so the common case is one Enter. A visit note may also be printed
for the clinic's own files, which is not a disclosure.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.disclosures import KINDS, DisclosedTo, checked_entry, default_for
from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.ui.session.forms import MessageLine

PURPOSES = (
    "At the patient's request",
    "For insurance reimbursement",
    "Continuity of care",
    "Home-care instructions",
    "Referral",
)


class ToWhomDialog(QDialog):
    """``chosen`` carries a DisclosedTo, or None when the document stays in the clinic."""

    chosen = Signal(object)

    def __init__(
        self,
        what: str,
        suggestions: list[str],
        parent: QWidget | None = None,
        *,
        may_keep: bool = False,
    ):
        super().__init__(parent)
        self.what = what
        self._answered = False
        label = KINDS[what].label
        self.setWindowTitle(f"{label}: To Whom?")
        default = default_for(what)
        self.recipient = QComboBox()
        self.recipient.setObjectName("recipient")
        self.recipient.setEditable(True)
        self.recipient.addItems(suggestions or [default.recipient])
        self.recipient.setEditText(default.recipient or (suggestions or [""])[0])
        self.purpose = QComboBox()
        self.purpose.setObjectName("purpose")
        self.purpose.setEditable(True)
        self.purpose.addItems(list(dict.fromkeys((default.purpose, *PURPOSES))))
        self.purpose.setEditText(default.purpose)
        self.kept = QCheckBox("For the clinic's own files (not given to anyone)")
        self.kept.setObjectName("kept")
        self.kept.setVisible(may_keep)
        self.kept.toggled.connect(self._kept_toggled)
        intro = QLabel(
            f"The {label.lower()} is recorded in the patient's disclosure log: "
            "who receives it and why."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Given to:", self.recipient)
        form.addRow("&Purpose:", self.purpose)
        self.message = MessageLine()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Continue")
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.kept)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # Enter in either box is Continue (an editable combo box would keep the key).
        for box in (self.recipient, self.purpose):
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            box.lineEdit().returnPressed.connect(self.confirm)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.recipient.lineEdit().selectAll()

    def _kept_toggled(self, kept: bool) -> None:
        self.recipient.setEnabled(not kept)
        self.purpose.setEnabled(not kept)

    def confirm(self) -> None:
        if self._answered:  # one answer per question: never a second document or entry
            return
        if self.kept.isVisible() and self.kept.isChecked():
            self._answered = True
            self.chosen.emit(None)
            self.accept()
            return
        try:
            _what, recipient, purpose = checked_entry(
                self.what, self.recipient.currentText(), self.purpose.currentText()
            )
        except InvalidInput as exc:
            self.message.say(str(exc), problem=True)
            return
        self._answered = True
        self.chosen.emit(DisclosedTo(recipient, purpose))
        self.accept()
