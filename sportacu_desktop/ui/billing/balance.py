"""The open patient's balance in the chart header, for those who may see billing."""

from PySide6.QtWidgets import QLabel

from sportacu_desktop.domain.billing import format_money
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.billing import Billing


def show_balance(label: QLabel, context, patient_id: int) -> None:
    if not context.actor.may(Action.READ_BILLING):
        label.hide()
        return
    cents = Billing(context.clinic.session_factory, context.actor).patient_balance_cents(patient_id)
    if cents > 0:
        label.setText(f"Balance due: {format_money(cents)}")
    elif cents < 0:
        label.setText(f"Credit: {format_money(-cents)}")
    else:
        label.setText("Balance: paid in full")
    label.show()
