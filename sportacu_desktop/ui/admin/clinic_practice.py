"""Admin ▸ Clinic ▸ Practice: name, address, phone, fax, EIN, NPI, place of service, logo."""

from dataclasses import fields, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.domain.clinic import PLACES_OF_SERVICE, PracticeDetails
from sportacu_desktop.domain.validation import FieldErrors
from sportacu_desktop.services.clinic_setup import ClinicSetup
from sportacu_desktop.ui.operations import describe_error
from sportacu_desktop.ui.session.forms import MessageLine
from sportacu_desktop.ui.widgets.field_form import FieldForm, read_value, write_value

TEXT_FIELDS = (
    ("name", "Practice &name"),
    ("address_line1", "&Street address"),
    ("address_line2", "Suite / unit"),
    ("city", "&City"),
    ("state", "S&tate"),
    ("postal_code", "&ZIP code"),
    ("phone", "&Phone"),
    ("fax", "&Fax"),
    ("ein", "&EIN (tax ID)"),
    ("npi", "Practice NPI (type 2)"),
    ("taxonomy", "Ta&xonomy code"),
)


class PracticeForm(QWidget):
    saved = Signal(object)

    def __init__(self, setup: ClinicSetup, parent: QWidget | None = None):
        super().__init__(parent)
        self._setup = setup
        self._logo: bytes | None = None
        self.form = FieldForm()
        for name, caption in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            self.form.add_field(name, caption, edit)
        self.form.inputs["npi"].setPlaceholderText("Optional: a solo practice bills under yours")
        self.form.inputs["ein"].setPlaceholderText("NN-NNNNNNN")
        place = QComboBox()
        place.setObjectName("place_of_service")
        for code, text in PLACES_OF_SERVICE.items():
            place.addItem(f"{code} — {text}", code)
        self.form.add_field("place_of_service", "Place of ser&vice", place)
        self.logo_preview = QLabel("No logo")
        self.logo_button = QPushButton("Choose &Logo…")
        self.logo_button.clicked.connect(self.choose_logo)
        clear = QPushButton("No Logo")
        clear.clicked.connect(lambda: self.set_logo(None))
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.logo_preview, 1)
        row.addWidget(self.logo_button)
        row.addWidget(clear)
        self.form.add_field("logo_png", "Logo", self.logo_button, row_widget=logo_row)
        self.message = MessageLine(grow_dialog=False)
        self.save_button = QPushButton("&Save Practice")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        self.load(setup.practice())

    def load(self, details: PracticeDetails) -> None:
        for name, _caption in TEXT_FIELDS:
            write_value(self.form.inputs[name], getattr(details, name))
        write_value(self.form.inputs["place_of_service"], details.place_of_service)
        self.set_logo(details.logo_png)

    def set_logo(self, data: bytes | None) -> None:
        self._logo = data
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            height = self.fontMetrics().height() * 3
            self.logo_preview.setPixmap(
                pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.logo_preview.setText("No logo")

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Practice Logo", "", "PNG images (*.png)")
        if path:
            with open(path, "rb") as file:
                self.set_logo(file.read())

    def details(self) -> PracticeDetails:
        values = {name: read_value(self.form.inputs[name]) for name, _ in TEXT_FIELDS}
        values["place_of_service"] = read_value(self.form.inputs["place_of_service"])
        names = {f.name for f in fields(PracticeDetails)}
        return replace(
            PracticeDetails(name=""),
            logo_png=self._logo,
            **{k: v for k, v in values.items() if k in names},
        )

    def save(self) -> None:
        self.form.clear_errors()
        try:
            saved = self._setup.save_practice(self.details())
        except FieldErrors as errors:
            shown = self.form.show_errors(errors.errors)
            if shown:
                self.form.inputs[shown[0]].setFocus()
            self.message.say(f"Not saved: {len(errors.errors)} field(s) to fix.", problem=True)
            return
        except Exception as exc:  # a refusal or a storage problem, said in plain words
            self.message.say(describe_error(exc), problem=True)
            return
        self.load(saved)
        self.message.say("Practice details saved.")
        self.saved.emit(saved)
