"""The patient's PTs, physicians and surgeons: picked from the clinic's contacts or added."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.patients import ContactView, PatientRecord
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.care_contacts import ContactInput
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.patients.form_tab import FormTab, line_edit
from sportacu_desktop.ui.patients.labels import ROLE_LABELS, fill_combo, role_label
from sportacu_desktop.ui.patients.pending import LinkContact, UnlinkContact, still_applicable
from sportacu_desktop.ui.widgets.field_form import FieldForm, read_value
from sportacu_desktop.ui.widgets.record_table import RecordTable

ContactId = Qt.ItemDataRole.UserRole + 3
SEARCH_DELAY_MS = 150


def _describe(contact: ContactView) -> str:
    parts = [contact.name, role_label(contact.role)]
    if contact.practice_name:
        parts.append(contact.practice_name)
    return " · ".join(parts)


class CareTeamTab(FormTab):
    title = "&Care team"

    def __init__(self, contacts, parent: QWidget | None = None):
        """``contacts``: the CareContacts service (search and create)."""
        super().__init__(parent)
        self._contacts = contacts

        team_box = QGroupBox("This patient's care team")
        self.team = RecordTable(
            ("Name", "Role", "Practice", "Phone", "Fax", "NPI", "Referring"),
            stretch=0,  # the name takes the spare width; the practice only what it needs
            wrap=True,
            visible_rows=3,
            empty_text="No PT, physician or surgeon linked yet: search below or add a new one.",
        )
        self.team.setAccessibleName("Care team")
        self.referring = QCheckBox("Re&ferred this patient to the clinic")
        self.referring.toggled.connect(self._set_referring)
        self.remove_button = QPushButton("&Remove from care team")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.team.itemSelectionChanged.connect(self._update_selection)
        row = QHBoxLayout()
        row.addWidget(self.referring)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(self.team, 1)
        team_layout.addLayout(row)

        pick_box = QGroupBox("Add a contact the clinic already knows")
        self.search = line_edit(100, "Search by name, practice or role")
        self.search.setAccessibleName("Search clinic contacts")
        self.results = QListWidget()
        self.results.setAccessibleName("Clinic contacts")
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.itemActivated.connect(lambda _item: self.add_selected())
        self.add_button = QPushButton("&Add to care team")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_selected)
        self.results.currentItemChanged.connect(lambda *_: self._update_selection())
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        pick_layout = QGridLayout(pick_box)
        pick_layout.addWidget(search_label, 0, 0)
        pick_layout.addWidget(self.search, 0, 1)
        pick_layout.addWidget(self.results, 1, 0, 1, 2)
        pick_layout.addWidget(self.add_button, 2, 1, Qt.AlignmentFlag.AlignRight)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._search_now_and_add)

        new_box = QGroupBox("New clinic contact")
        self.new_form = FieldForm()
        self.new_form.add_field("name", "&Name", line_edit(200, "Dr. Maya Chen, DPT"))
        role = fill_combo(QComboBox(), ROLE_LABELS.items())
        self.new_form.add_field("role", "R&ole", role)
        self.new_form.add_field("practice_name", "&Practice", line_edit(200))
        self.new_form.add_field("npi", "NP&I", line_edit(10, "10 digits"))
        self.new_form.add_field("phone", "P&hone", line_edit(30))
        self.new_form.add_field("fax", "Fa&x", line_edit(30))
        self.new_form.add_field("email", "&Email", line_edit(200))
        self.create_button = QPushButton("Create and a&dd")
        self.create_button.setAutoDefault(False)
        self.create_button.clicked.connect(self.create_contact)
        self.new_form.addRow("", self.create_button)
        new_layout = QVBoxLayout(new_box)
        hint = QLabel("Kept once for the whole clinic, then linked to any patient.")
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        new_layout.addWidget(hint)
        new_layout.addLayout(self.new_form)
        new_layout.addStretch(1)

        layout = QGridLayout(self)
        layout.addWidget(team_box, 0, 0, 1, 2)
        layout.addWidget(pick_box, 1, 0)
        layout.addWidget(new_box, 1, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(0, 1)
        layout.setRowStretch(1, 2)

        self._base: dict[int, ContactView] = {}
        self._team: dict[int, ContactView] = {}
        self._referring: dict[int, bool] = {}
        self._known: dict[int, ContactView] = {}
        self._show_team()

    # --- record --------------------------------------------------------------------------

    def load(self, record: PatientRecord | None) -> None:
        self._base = {c.id: c for c in record.care_team} if record else {}
        self._team = dict(self._base)
        self._referring = {cid: c.is_referring for cid, c in self._base.items()}
        self._show_team()
        self.run_search()

    def rebase(self, record: PatientRecord) -> None:
        remaining = [op for op in self.pending() if still_applicable(op, record)]
        self.load(record)
        for op in remaining:
            if isinstance(op, UnlinkContact):
                self._team.pop(op.contact_id, None)
            else:
                contact = self._known.get(op.contact_id) or self._base.get(op.contact_id)
                if contact is not None:
                    self._team[op.contact_id] = contact
                    self._referring[op.contact_id] = op.is_referring
        self._show_team()

    def pending(self) -> list[LinkContact | UnlinkContact]:
        ops: list[LinkContact | UnlinkContact] = [
            UnlinkContact(cid) for cid in self._base if cid not in self._team
        ]
        for cid in self._team:
            referring = self._referring.get(cid, False)
            base = self._base.get(cid)
            if base is None or base.is_referring != referring:
                ops.append(LinkContact(cid, referring))
        return ops

    # --- picking -------------------------------------------------------------------------

    def run_search(self) -> None:
        self._debounce.stop()
        try:
            found = self._contacts.search(self.search.text())
        except Exception as exc:  # a search failing must not take the form with it
            self.results.clear()
            self.results.addItem(describe_error(exc))
            return
        self.results.clear()
        for contact in found:
            self._known[contact.id] = contact
            item = QListWidgetItem(_describe(contact))
            item.setData(ContactId, contact.id)
            if contact.id in self._team:
                item.setText("✓ " + item.text())
                item.setToolTip("Already on this patient's care team")
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._update_selection()

    def _search_now_and_add(self) -> None:
        if self._debounce.isActive():
            self.run_search()
        self.add_selected()

    def add_selected(self) -> None:
        item = self.results.currentItem()
        contact_id = item.data(ContactId) if item is not None else None
        if contact_id is None:
            return
        self._add(self._known[contact_id])

    def _add(self, contact: ContactView) -> None:
        self._team[contact.id] = contact
        self._referring.setdefault(contact.id, False)
        self._show_team()
        self.team.selectRow(self.team.row_keys().index(contact.id))
        self.run_search()

    def remove_selected(self) -> None:
        contact_id = self.team.current_key()
        if contact_id is not None:
            self._team.pop(contact_id, None)
            self._show_team()
            self.run_search()

    def _set_referring(self, checked: bool) -> None:
        contact_id = self.team.current_key()
        if contact_id is not None and self._referring.get(contact_id) != checked:
            self._referring[contact_id] = checked
            self._show_team()

    def create_contact(self) -> None:
        values = {name: read_value(widget) for name, widget in self.new_form.inputs.items()}
        try:
            contact = self._contacts.create(ContactInput(**values))
        except FieldErrors as errors:
            shown = self.new_form.show_errors(errors.errors)
            if shown:
                self.new_form.inputs[shown[0]].setFocus()
            return
        except Exception as exc:
            self.new_form.show_errors({"name": describe_error(exc)})
            return
        self.new_form.clear_errors()
        for name, widget in self.new_form.inputs.items():
            if name != "role":
                widget.clear()
        self._known[contact.id] = contact
        self._add(contact)

    # --- showing -------------------------------------------------------------------------

    def _show_team(self) -> None:
        rows = []
        for contact in sorted(self._team.values(), key=lambda c: c.name.casefold()):
            referring = "Yes" if self._referring.get(contact.id) else ""
            rows.append(
                (
                    contact.id,
                    [
                        contact.name,
                        role_label(contact.role),
                        contact.practice_name,
                        contact.phone,
                        contact.fax,
                        contact.npi,
                        referring,
                    ],
                )
            )
        new = [cid for cid in self._team if cid not in self._base]
        self.team.set_rows(rows, italic=new)
        self._update_selection()

    def _update_selection(self) -> None:
        contact_id = self.team.current_key()
        self.remove_button.setEnabled(contact_id is not None)
        self.referring.setEnabled(contact_id is not None)
        self.referring.blockSignals(True)
        self.referring.setChecked(bool(contact_id and self._referring.get(contact_id)))
        self.referring.blockSignals(False)
        item = self.results.currentItem()
        self.add_button.setEnabled(item is not None and item.data(ContactId) is not None)

    def team_names(self) -> list[str]:
        return [self._team[cid].name for cid in self.team.row_keys()]

    def focus_chain(self) -> list[QWidget]:
        return [
            self.team,
            self.referring,
            self.remove_button,
            self.search,
            self.results,
            self.add_button,
            *self.new_form.inputs.values(),
            self.create_button,
        ]
