"""Admin ▸ Clinic ▸ Fees: the fee schedule and how cupping and dry needling are billed."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.billing import (
    BillingPolicy,
    code_label,
    format_money,
    parse_money,
)
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.settings import CUPPING_CODE
from sportacu_desktop.services.fee_schedule import FeeSchedule
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine

DN_BILLED = (
    "Dry needling is billed with timed acupuncture. Some payers accept only 97810–97814 "
    "when both are done at one visit; the billing screen warns on each such visit."
)
DN_LEFT_OFF = (
    "Dry needling is left off when timed acupuncture is billed at the same visit; the "
    "billing screen says so on each such visit, so the front desk can add it back."
)


class FeesForm(QWidget):
    def __init__(self, fees: FeeSchedule, parent: QWidget | None = None):
        super().__init__(parent)
        self._fees = fees
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("fees")
        self.table.setHorizontalHeaderLabels(("Code", "Label", "Fee"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(self._pick)
        self.code, self.label, self.price = QLineEdit(), QLineEdit(), QLineEdit()
        self.code.setAccessibleName("Code")
        self.label.setAccessibleName("Label")
        self.price.setAccessibleName("Fee in dollars")
        self.code.setMaximumWidth(self.fontMetrics().averageCharWidth() * 10)
        self.price.setMaximumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.price.setPlaceholderText("85.00")
        self.code.editingFinished.connect(self._suggest_label)
        self.save_button = QPushButton("&Save Fee")
        self.save_button.clicked.connect(self.save_fee)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove_fee)
        edit_row = QHBoxLayout()
        for text, widget in (("Co&de", self.code), ("&Label", self.label), ("&Fee $", self.price)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            edit_row.addWidget(caption)
            edit_row.addWidget(widget, 1 if widget is self.label else 0)
        edit_row.addWidget(self.save_button)
        edit_row.addWidget(self.remove_button)

        rules = QGroupBox("Billing rules")
        self.cupping = QComboBox()
        self.cupping.setObjectName("cuppingCode")
        for code in CUPPING_CODE.choices:
            self.cupping.addItem(f"{code} — {code_label(code)}", code)
        self.dry_needling = QCheckBox("Bill dry needling at a visit with timed acupuncture")
        self.rule_note = QLabel()
        self.rule_note.setWordWrap(True)
        self.dry_needling.toggled.connect(self._explain)
        self.rules_button = QPushButton("Save &Rules")
        self.rules_button.clicked.connect(self.save_rules)
        form = QFormLayout(rules)
        form.addRow("Cupping and gua sha:", self.cupping)
        form.addRow(self.dry_needling)
        form.addRow(self.rule_note)
        form.addRow("", self.rules_button)
        self.message = MessageLine(grow_dialog=False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addWidget(rules)
        layout.addWidget(self.message)
        self.reload()
        policy = fees.policy()
        self.cupping.setCurrentIndex(max(0, self.cupping.findData(policy.cupping_code)))
        self.dry_needling.setChecked(policy.dry_needling_with_acupuncture)
        self._explain()

    def reload(self) -> None:
        fees = self._fees.fees()
        self.table.setRowCount(len(fees))
        for row, fee in enumerate(fees):
            for column, value in enumerate((fee.code, fee.label, format_money(fee.charge_cents))):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)

    def _pick(self, row: int, *_rest) -> None:
        if row < 0 or self.table.item(row, 0) is None:
            return
        self.code.setText(self.table.item(row, 0).text())
        self.label.setText(self.table.item(row, 1).text())
        self.price.setText(self.table.item(row, 2).text().replace("$", "").replace(",", ""))

    def _suggest_label(self) -> None:
        if not self.label.text().strip():
            self.label.setText(code_label(self.code.text().strip().upper()))

    def _explain(self) -> None:
        self.rule_note.setText(DN_BILLED if self.dry_needling.isChecked() else DN_LEFT_OFF)

    def save_fee(self) -> None:
        try:
            cents = parse_money(self.price.text())
            fee = self._fees.set_fee(self.code.text(), self.label.text(), cents)
        except (UserError, ValueError) as exc:
            self.message.say(str(exc), problem=True)
            return
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.reload()
        self.message.say(f"{fee.code} is now {format_money(fee.charge_cents)}.")

    def remove_fee(self) -> None:
        code = self.code.text().strip().upper()
        try:
            self._fees.remove_fee(code)
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.reload()
        self.message.say(f"{code} removed from the fee schedule.")

    def save_rules(self) -> None:
        policy = BillingPolicy(self.cupping.currentData(), self.dry_needling.isChecked())
        try:
            self._fees.set_policy(policy)
        except Exception as exc:
            self.message.say(
                str(exc) if isinstance(exc, UserError) else describe_error(exc), problem=True
            )
            return
        self.message.say("Billing rules saved; they apply to notes signed from now on.")
