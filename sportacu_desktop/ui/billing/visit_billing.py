"""One visit's billing: its billable facts (never the note), lines to adjust, payments.

Enter on the day sheet opens it. Every change goes through the billing service, which
checks and audits it; a problem is shown in plain words and nothing typed is lost.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.billing import (
    PAYMENT_METHODS,
    code_label,
    format_money,
    parse_list,
    parse_money,
)
from sportacu_desktop.domain.disclosures import DisclosedTo
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.services.billing import Billing, LineInput, VisitBilling
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.services.private_files import write_private
from sportacu_desktop.services.superbills import SuperbillRefused, Superbills
from sportacu_desktop.ui.billing.payment_dialog import PaymentDialog
from sportacu_desktop.ui.disclosures.to_whom_dialog import ToWhomDialog
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine

LINE_COLUMNS = ("CPT", "Modifiers", "Dx pointers", "Units", "Charge ($)", "Service")


class VisitBillingDialog(QDialog):
    changed = Signal()

    def __init__(
        self,
        billing: Billing,
        superbills: Superbills,
        visit_id: int,
        parent: QWidget | None = None,
        *,
        disclosures: Disclosures | None = None,
    ):
        super().__init__(parent)
        self._billing, self._superbills = billing, superbills
        self._disclosures = disclosures
        self.to_whom: ToWhomDialog | None = None
        self.visit_id = visit_id
        self.view: VisitBilling | None = None
        self.facts = QLabel()
        self.facts.setObjectName("billableFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.lines = QTableWidget(0, len(LINE_COLUMNS))
        self.lines.setObjectName("billingLines")
        self.lines.setHorizontalHeaderLabels(LINE_COLUMNS)
        self.lines.verticalHeader().hide()
        self.lines.horizontalHeader().setSectionResizeMode(
            len(LINE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.totals = QLabel()
        self.payments = QLabel()
        self.payments.setWordWrap(True)
        self.message = MessageLine(grow_dialog=False)
        self.add_button = QPushButton("&Add Line")
        self.remove_button = QPushButton("&Remove Line")
        self.propose_button = QPushButton("Pro&pose Again")
        self.save_button = QPushButton("&Save Lines")
        self.pay_button = QPushButton("Record Pa&yment…")
        self.issue_button = QPushButton("&Issue Superbill…")
        self.add_button.clicked.connect(lambda: self._add_row("", "", "A", 1, 0, ""))
        self.remove_button.clicked.connect(self._remove_row)
        self.propose_button.clicked.connect(self.propose_again)
        self.save_button.clicked.connect(self.save_lines)
        self.pay_button.clicked.connect(self.record_payment)
        self.issue_button.clicked.connect(self.ask_to_whom)
        self.save_button.setDefault(True)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.propose_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.pay_button)
        bottom.addStretch(1)
        bottom.addWidget(self.issue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.warnings)
        layout.addWidget(self.lines, 1)
        layout.addLayout(row)
        layout.addWidget(self.totals)
        layout.addWidget(self.payments)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 30)
        self.reload()

    # -- showing ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.show_view(self._billing.visit(self.visit_id))

    def show_view(self, view: VisitBilling) -> None:
        self.view = view
        self.setWindowTitle(f"Billing — {view.patient_name}, {view.visit_date:%m/%d/%Y}")
        dx = "<br>".join(f"{d.letter}: {d.code} {d.description}" for d in view.diagnoses)
        facts = [
            f"<b>{view.patient_name}</b> ({view.chart_number}) · {view.visit_date:%m/%d/%Y} · "
            f"{view.practitioner}" + ("" if view.signed else " · <b>note not signed</b>"),
            f"Contact {view.contact_minutes} min · e-stim in the first 15 min: "
            f"{'yes' if view.estim_first_block else 'no'} · re-insertions: "
            f"{view.reinsertions or 'none'} · muscles dry-needled: {view.muscles_dry_needled}"
            f" · cupping/gua sha: {'yes' if view.cupping_or_gua_sha else 'no'}"
            f" · separate evaluation: {'yes' if view.separate_evaluation else 'no'}",
            "<b>Diagnoses</b><br>" + (dx or "none — add one to the episode of care"),
        ]
        if view.locked:
            facts.append(f"<b>On superbill {view.superbill}</b>: reopen it to change the lines.")
        self.facts.setText("<br>".join(facts))
        self.warnings.setText("\n".join(view.warnings))
        self.warnings.setVisible(bool(view.warnings))
        self.lines.setRowCount(0)
        for line in view.lines:
            self._add_row(
                line.code,
                " ".join(line.modifiers),
                ",".join(line.pointers),
                line.units,
                line.charge_cents,
                line.description or code_label(line.code),
            )
        for widget in (self.add_button, self.remove_button, self.propose_button, self.save_button):
            widget.setEnabled(not view.locked)
        self.lines.setEnabled(not view.locked)
        self.totals.setText(
            f"Billed {format_money(view.billed_cents)} · paid {format_money(view.paid_cents)}"
            f" · <b>balance {format_money(view.balance_cents)}</b>"
        )
        self.payments.setText(
            "Payments: "
            + (
                "; ".join(
                    f"{p.received_on:%m/%d/%Y} {PAYMENT_METHODS.get(p.method, p.method)} "
                    f"{format_money(p.amount_cents)}"
                    for p in view.payments
                )
                or "none yet"
            )
        )

    def _add_row(self, code, modifiers, pointers, units, cents, description) -> None:
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        values = (code, modifiers, pointers, str(units), format_money(cents)[1:], description)
        for column, value in enumerate(values):
            self.lines.setItem(row, column, QTableWidgetItem(value))

    def _remove_row(self) -> None:
        row = self.lines.currentRow()
        if row >= 0:
            self.lines.removeRow(row)

    def typed_lines(self) -> list[LineInput]:
        """The table as typed; ValueError says which cell cannot be read."""
        lines = []
        for row in range(self.lines.rowCount()):
            cell = [
                (self.lines.item(row, c).text() if self.lines.item(row, c) else "")
                for c in range(len(LINE_COLUMNS))
            ]
            code = cell[0].strip().upper()
            try:
                units = int(cell[3])
            except ValueError:
                raise ValueError(f"Line {row + 1}: units must be a whole number.") from None
            try:
                cents = parse_money(cell[4])
            except ValueError as exc:
                raise ValueError(f"Line {row + 1}: {exc}") from None
            lines.append(
                LineInput(
                    code,
                    units,
                    parse_list(cell[1]),
                    parse_list(cell[2]),
                    cents,
                    cell[5].strip() or code_label(code),
                )
            )
        return lines

    # -- actions ---------------------------------------------------------------------------
    def _run(self, action, done: str) -> bool:
        try:
            view = action()
        except (UserError, ValueError) as exc:
            self.message.say(str(exc), problem=True)
            return False
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return False
        if view is not None:
            self.show_view(view)
        self.message.say(done)
        self.changed.emit()
        return True

    def save_lines(self) -> bool:
        return self._run(
            lambda: self._billing.save_lines(self.visit_id, self.typed_lines()), "Lines saved."
        )

    def propose_again(self) -> bool:
        return self._run(
            lambda: self._billing.propose_again(self.visit_id), "Lines proposed from the chart."
        )

    def record_payment(self) -> PaymentDialog:
        view = self.view
        dialog = PaymentDialog(
            self._billing, view.patient_id, view.visit_id, view.balance_cents, self
        )
        dialog.accepted.connect(
            lambda: self._run(lambda: None, "Payment recorded.") and self.reload()
        )
        dialog.open()
        return dialog

    def ask_to_whom(self) -> ToWhomDialog:
        """Who receives the superbill and why (the patient, for reimbursement, by default)."""
        suggestions = (
            self._disclosures.suggested_recipients(self.view.patient_id)
            if self._disclosures is not None
            else []
        )
        dialog = ToWhomDialog("superbill", suggestions, self)
        dialog.chosen.connect(lambda to: self.issue_superbill(disclosed_to=to))
        dialog.finished.connect(dialog.deleteLater)
        self.to_whom = dialog
        dialog.open()
        return dialog

    def issue_superbill(
        self, path: Path | None = None, disclosed_to: DisclosedTo | None = None
    ) -> str:
        """Issue (or reprint) this visit's superbill and save it; returns its number.
        It is logged as disclosed to ``disclosed_to`` (by default the patient)."""
        view = self.view
        try:
            issued = self._superbills.issue(
                view.patient_id, visit_id=view.visit_id, disclosed_to=disclosed_to
            )
        except SuperbillRefused as refused:
            self.message.say(
                "No superbill: " + " ".join(f"• {item}" for item in refused.missing), problem=True
            )
            return ""
        except Exception as exc:
            self.message.say(
                str(exc) if isinstance(exc, UserError) else describe_error(exc), problem=True
            )
            return ""
        if path is None:
            name = f"{view.visit_date.isoformat()}_{view.chart_number}_{issued.number}.pdf"
            chosen, _ = QFileDialog.getSaveFileName(self, "Save Superbill", name, "PDF (*.pdf)")
            if not chosen:
                self.reload()
                return issued.number
            path = Path(chosen)
        write_private(path, issued.content)
        self.reload()
        verb = "Reprinted" if issued.reprint else "Issued"
        self.message.say(f"{verb} superbill {issued.number}: saved to {path.name}.")
        self.changed.emit()
        return issued.number
