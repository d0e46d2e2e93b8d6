"""Admin ▸ Clinic ▸ People: a user's name, roles and provider details (license, NPI)."""

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.clinic import ProviderDetails
from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.domain.permissions import ROLE_NAMES
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.clinic_setup import ClinicSetup
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine
from sportacu_desktop.ui.session.permissions import role_names
from sportacu_desktop.ui.widgets.field_form import FieldForm

TEXT_FIELDS = (
    ("display_name", "&Name"),
    ("credentials", "&Credentials"),
    ("license_number", "&License number"),
    ("license_state", "License s&tate"),
    ("npi", "&NPI (type 1)"),
    ("taxonomy", "Ta&xonomy code"),
    ("signature_line", "Si&gnature line"),
)


class ProvidersForm(QWidget):
    saved = Signal(object)

    def __init__(self, setup: ClinicSetup, parent: QWidget | None = None):
        super().__init__(parent)
        self._setup = setup
        self._current: ProviderDetails | None = None
        self.people = QListWidget()
        self.people.setObjectName("people")
        self.people.setAccessibleName("People")
        self.people.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.form = FieldForm()
        for name, caption in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            self.form.add_field(name, caption, edit)
        self.form.inputs["credentials"].setPlaceholderText("e.g. L.Ac., DAOM")
        self.form.inputs["signature_line"].setPlaceholderText("Printed under the signature")
        roles_row = QWidget()
        row = QHBoxLayout(roles_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.role_boxes = {role: QCheckBox(ROLE_NAMES[role].capitalize()) for role in Role}
        for box in self.role_boxes.values():
            row.addWidget(box)
        row.addStretch(1)
        first_box = next(iter(self.role_boxes.values()))
        self.form.add_field("roles", "Roles", first_box, row_widget=roles_row)
        self.message = MessageLine(grow_dialog=False)
        self.save_button = QPushButton("&Save Person")
        self.save_button.clicked.connect(self.save)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.message)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.people, 1)
        layout.addLayout(right, 2)
        self.people.currentItemChanged.connect(self._show_current)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.people.blockSignals(True)
        self.people.clear()
        for person in self._setup.providers():
            item = QListWidgetItem(f"{person.display_name} ({role_names(person.roles)})")
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.people.addItem(item)
            if person.user_id == select_id:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        if self.people.currentItem() is None and self.people.count():
            self.people.setCurrentRow(0)
        self._show_current()

    def _show_current(self, *_args) -> None:
        item = self.people.currentItem()
        self._current = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.form.clear_errors()
        self.message.say("")
        person = self._current
        for name, _caption in TEXT_FIELDS:
            edit = self.form.inputs[name]
            edit.setText(getattr(person, name) if person else "")
            edit.setCursorPosition(0)
        for role, box in self.role_boxes.items():
            box.setChecked(bool(person and role in person.roles))

    def details(self) -> ProviderDetails | None:
        if self._current is None:
            return None
        values = {name: self.form.inputs[name].text() for name, _ in TEXT_FIELDS}
        roles = frozenset(role for role, box in self.role_boxes.items() if box.isChecked())
        return replace(self._current, roles=roles, **values)

    def save(self) -> None:
        details = self.details()
        if details is None:
            return
        self.form.clear_errors()
        try:
            saved = self._setup.save_provider(details)
        except FieldErrors as errors:
            shown = self.form.show_errors(errors.errors)
            if shown:
                self.form.inputs[shown[0]].setFocus()
            self.message.say(f"Not saved: {len(errors.errors)} field(s) to fix.", problem=True)
            return
        except UserError as exc:
            self.message.say(str(exc), problem=True)
            return
        except Exception as exc:
            self.message.say(describe_error(exc), problem=True)
            return
        self.reload(saved.user_id)
        self.message.say(f"{saved.display_name} saved.")
        self.saved.emit(saved)
