"""Record a payment: amount in dollars (kept as cents), method, date, reference."""

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.billing import PAYMENT_METHODS, format_money, parse_money
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.validation import parse_date
from sportacu_desktop.services.billing import Billing, PaymentView
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine


class PaymentDialog(QDialog):
    def __init__(
        self,
        billing: Billing,
        patient_id: int,
        visit_id: int | None,
        suggested_cents: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Record Payment")
        self._billing, self._patient_id, self._visit_id = billing, patient_id, visit_id
        self.recorded: PaymentView | None = None
        self.amount = QLineEdit(format_money(max(suggested_cents, 0)).replace("$", ""))
        self.amount.setObjectName("amount")
        self.method = QComboBox()
        for key, text in PAYMENT_METHODS.items():
            self.method.addItem(text, key)
        self.method.setCurrentIndex(self.method.findData("card"))
        self.received = QLineEdit(date.today().isoformat())
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("Check number, last card digits, HSA receipt…")
        form = QFormLayout()
        form.addRow("&Amount ($):", self.amount)
        form.addRow("&Method:", self.method)
        form.addRow("&Received on:", self.received)
        form.addRow("&Reference:", self.reference)
        self.message = MessageLine()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.amount.selectAll()

    def save(self) -> None:
        try:
            cents = parse_money(self.amount.text())
            received = parse_date(self.received.text())
            self.recorded = self._billing.record_payment(
                self._patient_id,
                cents,
                self.method.currentData(),
                visit_id=self._visit_id,
                received_on=received,
                reference=self.reference.text(),
            )
        except (UserError, ValueError) as exc:
            self.message.say(str(exc), problem=True)
            return
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.accept()
