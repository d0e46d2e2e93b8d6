"""Primary and secondary insurance, with the subscriber when the patient is not the holder."""

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QWidget

from sportacu_desktop.domain.enums import SubscriberRelationship
from sportacu_desktop.ui.patients.form_tab import FormTab, align_labels, line_edit
from sportacu_desktop.ui.patients.labels import RELATIONSHIP_CHOICES, fill_combo
from sportacu_desktop.ui.patients.record_fields import SECONDARY_PRESENT, ins_key
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit
from sportacu_desktop.ui.widgets.field_form import FieldForm

SUBSCRIBER_FIELDS = ("subscriber_name", "subscriber_dob", "subscriber_address")


class CoverageBox(QGroupBox):
    def __init__(self, rank: int, parent: QWidget | None = None):
        title = "Primary insurance" if rank == 1 else "Secondary insurance"
        super().__init__(title, parent)
        self.rank = rank
        self.form = FieldForm(self)
        key = lambda name: ins_key(rank, name)  # noqa: E731 - short alias for readability
        mnemonic = "&" if rank == 1 else ""
        payer_hint = "Insurance company – leave empty for self-pay" if rank == 1 else ""
        self.form.add_field(key("payer"), f"{mnemonic}Payer", line_edit(200, payer_hint))
        self.form.add_field(key("member_id"), f"{mnemonic}Member ID", line_edit(60))
        self.form.add_field(key("group_number"), f"{mnemonic}Group number", line_edit(60))
        self.relationship = fill_combo(QComboBox(), RELATIONSHIP_CHOICES)
        self.relationship.setAccessibleName(f"{title}: relationship to subscriber")
        self.form.add_field(key("relationship"), f"Patient {mnemonic}is", self.relationship)
        self.subscriber_note = self.form.add_note(
            "Subscriber: the person who holds the policy, when it is not the patient."
        )
        self.form.add_field(key("subscriber_name"), f"Su{mnemonic}bscriber name", line_edit(200))
        self.form.add_field(key("subscriber_dob"), f"Subscriber b{mnemonic}orn", DateLineEdit())
        self.form.add_field(
            key("subscriber_address"), f"Subscriber a{mnemonic}ddress", line_edit(300)
        )
        self.relationship.currentIndexChanged.connect(self._update_subscriber)
        self._update_subscriber()

    @property
    def is_self(self) -> bool:
        return self.relationship.currentData() == SubscriberRelationship.SELF.value

    def _update_subscriber(self, *_args) -> None:
        for name in SUBSCRIBER_FIELDS:
            self.form.inputs[ins_key(self.rank, name)].setEnabled(not self.is_self)


class InsuranceTab(FormTab):
    title = "&Insurance"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.primary = CoverageBox(1)
        self.secondary = CoverageBox(2)
        self.secondary.setCheckable(True)
        self.secondary.setChecked(False)
        self.secondary.setAccessibleName("Secondary insurance")
        self.secondary.setToolTip("Tick when the patient has a second insurance")
        # The check box is part of the form: "present" is a field like the others.
        self.secondary.form.inputs[SECONDARY_PRESENT] = self.secondary
        self.secondary.form.captions[SECONDARY_PRESENT] = "Secondary insurance"
        self.forms = [self.primary.form, self.secondary.form]
        align_labels(self.primary.form, self.secondary.form)

        hint = QLabel(
            "The payer, member ID and group number print on the superbill exactly as typed "
            "here: copy them from the insurance card."
        )
        hint.setWordWrap(True)
        layout = QGridLayout(self)
        layout.addWidget(hint, 0, 0, 1, 2)
        layout.addWidget(self.primary, 1, 0)
        layout.addWidget(self.secondary, 1, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(2, 1)

    def values(self) -> dict[str, str]:
        values = super().values()
        # Subscriber details of a "self" policy are not part of it (they stay typed, unsaved).
        for box in (self.primary, self.secondary):
            if box.is_self:
                for name in SUBSCRIBER_FIELDS:
                    values[ins_key(box.rank, name)] = ""
        return values

    def set_values(self, values: Mapping[str, str]) -> None:
        super().set_values(values)
        for box in (self.primary, self.secondary):
            box._update_subscriber()

    def focus_chain(self) -> list[QWidget]:
        chain = [w for w in self.primary.form.inputs.values()]
        chain.append(self.secondary)
        chain += [w for k, w in self.secondary.form.inputs.items() if k != SECONDARY_PRESENT]
        return chain
