"""Someone else saved this patient meanwhile: both versions side by side, the user decides."""

from enum import Enum

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop.ui.patients.labels import PHASE_LABELS, RELATIONSHIP_CHOICES, SEX_CHOICES
from sportacu_desktop.ui.patients.record_fields import all_keys, caption, same
from sportacu_desktop.ui.widgets.record_table import RecordTable

_CODE_LABELS = {
    "sex": dict(SEX_CHOICES),
    "relationship": dict(RELATIONSHIP_CHOICES),
    "training_phase": dict(PHASE_LABELS),
}


class StaleChoice(Enum):
    KEEP_MINE = "merge"  # their version with my changes on top
    USE_THEIRS = "theirs"
    BACK = "back"


def differences(
    base: dict[str, str], mine: dict[str, str], theirs: dict[str, str]
) -> list[tuple[str, str, str, str]]:
    """(key, mine, theirs, who changed it) for every field the two versions disagree on."""
    rows = []
    for key in all_keys():
        if same(key, mine[key], theirs[key]):
            continue
        i_changed = not same(key, mine[key], base[key])
        they_changed = not same(key, theirs[key], base[key])
        who = "Both" if i_changed and they_changed else "You" if i_changed else "They"
        rows.append((key, mine[key], theirs[key], who))
    return rows


def _shown(key: str, value: str) -> str:
    if key.endswith("present"):
        return "Yes" if value else "No"
    name = key.rpartition(".")[2]
    if name in _CODE_LABELS:
        return _CODE_LABELS[name].get(value, value) or "—"
    return value.strip() or "—"


class StaleEditDialog(QDialog):
    def __init__(
        self,
        *,
        who: str,
        base: dict[str, str],
        mine: dict[str, str],
        theirs: dict[str, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Changed on another workstation")
        self.choice = StaleChoice.BACK
        self.rows = differences(base, mine, theirs)
        text = QLabel(
            f"<b>{who or 'Another user'} saved this patient after you opened it.</b><br>"
            "Nothing was overwritten: your changes are still in the form, not saved. "
            "Compare both versions and choose which to keep."
        )
        text.setWordWrap(True)
        self.table = RecordTable(
            ("Field", "Your version", "Their version", "Changed by"), stretch=1, wrap=True
        )
        # Both versions get the same room, side by side.
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Differences between your version and theirs")
        self.table.set_rows(
            [
                (key, [caption(key), _shown(key, mine_value), _shown(key, theirs_value), who_])
                for key, mine_value, theirs_value, who_ in self.rows
            ]
        )
        for row, (_key, _m, _t, who_) in enumerate(self.rows):
            if who_ == "Both":
                for column in (1, 2):
                    item: QTableWidgetItem = self.table.item(row, column)
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
        if not self.rows:
            self.table.hide()
            text.setText(text.text() + "<br><br>Their changes do not touch the fields you changed.")

        buttons = QDialogButtonBox(self)  # parented now, so setDefault reaches the dialog
        self.keep_button = buttons.addButton(
            "&Keep my changes on top of theirs", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setToolTip(
            "Their version is loaded; every field you changed keeps your value. "
            "Review, then press Save."
        )
        self.theirs_button = buttons.addButton(
            "&Use their version", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.theirs_button.setToolTip(
            "The fields listed take their values; your races, flags, consents, care-team and "
            "intake changes stay in the form for saving."
        )
        self.back_button = buttons.addButton(
            "&Back to the form", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(lambda: self._choose(StaleChoice.KEEP_MINE))
        self.theirs_button.clicked.connect(lambda: self._choose(StaleChoice.USE_THEIRS))
        self.back_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 120)

    def _choose(self, choice: StaleChoice) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:
        self.choice = StaleChoice.BACK
        super().reject()
