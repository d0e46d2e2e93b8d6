"""Who the patient is and how to reach them: name, birth date, contacts, address."""

from PySide6.QtWidgets import QComboBox, QGridLayout, QWidget

from sportacu_desktop.domain.patient_rules import LIMITS
from sportacu_desktop.ui.patients.form_tab import FormTab, align_labels, group, line_edit, text_box
from sportacu_desktop.ui.patients.labels import SEX_CHOICES, fill_combo
from sportacu_desktop.ui.widgets.date_edit import DateLineEdit


def _edit(name: str, placeholder: str = ""):
    return line_edit(LIMITS[name], placeholder)


class DemographicsTab(FormTab):
    title = "&Demographics"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        patient_box, patient = group("Patient")
        patient.add_field("first_name", "&First name", _edit("first_name", "Required"))
        patient.add_field("last_name", "&Last name", _edit("last_name", "Required"))
        patient.add_field("preferred_name", "Pr&eferred name", _edit("preferred_name"))
        self.birth_date = DateLineEdit()
        self.birth_date.setPlaceholderText("MM/DD/YYYY – required")
        patient.add_field("date_of_birth", "Date of &birth", self.birth_date)
        patient.add_field("sex", "Se&x", fill_combo(QComboBox(), SEX_CHOICES))

        contact_box, contact = group("Contact")
        contact.add_field("phone", "&Phone", _edit("phone", "(207) 555-0142"))
        contact.add_field("email", "E&mail", _edit("email", "name@example.com"))

        address_box, address = group("Address")
        address.add_field("address_line1", "&Street", _edit("address_line1"))
        address.add_field("address_line2", "Apt, s&uite", _edit("address_line2"))
        address.add_field("city", "Cit&y", _edit("city"))
        state = _edit("state", "ME")
        state.setMaximumWidth(state.fontMetrics().horizontalAdvance("MMMM") * 2)
        address.add_field("state", "S&tate", state)
        zip_code = _edit("postal_code", "04101")
        zip_code.setMaximumWidth(zip_code.fontMetrics().horizontalAdvance("00000-00000") * 2)
        address.add_field("postal_code", "&ZIP code", zip_code)

        emergency_box, emergency = group("Emergency contact")
        emergency.add_field("emergency_name", "&Name", _edit("emergency_name"))
        emergency.add_field(
            "emergency_relation", "&Relationship", _edit("emergency_relation", "Spouse, parent…")
        )
        emergency.add_field("emergency_phone", "P&hone", _edit("emergency_phone"))

        # The group box's mnemonic (Alt+O) moves to the box inside it.
        notes_box, notes = group("N&otes")
        notes.add_field(
            "notes",
            "Notes",
            text_box(3, "Anything the front desk should know (parking, preferred times…)"),
            show_caption=False,
        )

        self.forms = [patient, contact, address, emergency, notes]
        align_labels(patient, contact)
        align_labels(address, emergency)
        layout = QGridLayout(self)
        layout.addWidget(patient_box, 0, 0)
        layout.addWidget(contact_box, 1, 0)
        layout.addWidget(address_box, 0, 1)
        layout.addWidget(emergency_box, 1, 1)
        layout.addWidget(notes_box, 2, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(3, 1)
