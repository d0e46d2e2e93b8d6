"""A date typed the way the front desk types it: MM/DD/YYYY or YYYY-MM-DD.

A plain line edit, so a half-typed or mistyped date stays exactly as typed until the
form explains the problem. A date that reads correctly is tidied to MM/DD/YYYY when the
cursor leaves the field.
"""

import datetime as dt

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

from sportacu_desktop.domain.validation import parse_date
from sportacu_desktop.ui.formatting import format_date

PLACEHOLDER = "MM/DD/YYYY"


class DateLineEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(PLACEHOLDER)
        self.setToolTip("Type the date as MM/DD/YYYY (or YYYY-MM-DD)")
        self.setMaxLength(20)
        # As wide as a date, not as wide as the form: a short field reads as a date.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.editingFinished.connect(self.tidy)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance("00/00/00000") + 2 * self.textMargins().left()
        return QSize(max(width + self.fontMetrics().averageCharWidth() * 3, 0), hint.height())

    def typed_date(self) -> dt.date | None:
        """The date typed, or None when the field is empty or does not read as a date."""
        try:
            return parse_date(self.text()) if self.text().strip() else None
        except ValueError:
            return None

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def tidy(self) -> None:
        value = self.typed_date()
        if value is not None and self.text() != format_date(value):
            self.setText(format_date(value))
