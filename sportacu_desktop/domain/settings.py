"""Clinic settings, each declared once: key, type, default, allowed values, who may change it
(an action of the one permission table).

The values live in the database (``setting`` table) so every workstation follows them;
``services/settings.py`` reads and writes them through these declarations only. A stored
value that no longer fits its declaration (edited by hand, written by an older release)
reads as the default rather than breaking the screen that needs it.
"""

import copy
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.domain.needling import GAUGES, TECHNIQUES, NeedleDetails
from sportacu_desktop.domain.permissions import Action

T = TypeVar("T")


class SettingRefused(InvalidInput):
    """A value the setting does not allow; the message says what it allows."""


@dataclass(frozen=True)
class SettingDeclaration(Generic[T]):
    key: str
    label: str
    kind: type[T]
    default: T
    # Who may change it, through the permission table; anyone signed in may read it.
    action: Action
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[T, ...] = ()
    unit: str = ""
    # What the setting's "default" looks like to a reader of the audit trail.
    default_text: str = field(default="", compare=False)

    @property
    def allowed_range(self) -> tuple[int, int]:
        if self.minimum is None or self.maximum is None:
            raise TypeError(f"{self.key} has no numeric range")
        return self.minimum, self.maximum

    def validate(self, value: object) -> T:
        """The value as stored, or SettingRefused in words for the person changing it."""
        # bool is an int in Python: a tick box is not a number of minutes.
        if isinstance(value, bool) != (self.kind is bool) or not isinstance(value, self.kind):
            raise SettingRefused(f"{self.label} must be {_KIND_WORDS[self.kind]}.")
        if self.minimum is not None and value < self.minimum:  # type: ignore[operator]
            raise SettingRefused(self._range_words())
        if self.maximum is not None and value > self.maximum:  # type: ignore[operator]
            raise SettingRefused(self._range_words())
        if self.choices and value not in self.choices:
            allowed = ", ".join(str(c) for c in self.choices)
            raise SettingRefused(f"{self.label} must be one of {allowed}.")
        return value

    def read(self, stored: object) -> T:
        """The stored value if it still fits the declaration, else the default."""
        try:
            return self.validate(stored)
        except SettingRefused:
            # A copy, so a caller extending a list default never changes the declaration.
            return copy.copy(self.default)

    def describe(self, value: T) -> str:
        """One line for the audit trail: which setting, what it now is."""
        if value == self.default and self.default_text:
            shown = self.default_text
        elif isinstance(value, list):
            shown = f"{len(value)} entries"
        else:
            shown = f"{value} {self.unit}".strip()
        return f"{self.label}: {shown}"

    def _range_words(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.label} is between {self.minimum} and {self.maximum}{unit}."


_KIND_WORDS: dict[type, str] = {
    int: "a whole number",
    str: "text",
    bool: "yes or no",
    list: "a list",
}

IDLE_LOCK_MINUTES = SettingDeclaration(
    "session.idle_lock_minutes",
    "Automatic lock",
    int,
    10,
    Action.CHANGE_SETTINGS,
    minimum=1,
    maximum=120,
    unit="minutes",
)
RETENTION_YEARS = SettingDeclaration(
    "records.retention_years",
    "Record retention",
    int,
    7,
    Action.MANAGE_RETENTION,
    minimum=1,
    maximum=100,
    unit="years",
)
# Empty means the ``backups`` folder beside the database file.
BACKUP_FOLDER = SettingDeclaration(
    "backup.folder",
    "Backup folder",
    str,
    "",
    Action.BACK_UP,
    default_text="beside the database",
)
# The clinic's own protocol templates, as saved from a note.
CUSTOM_PROTOCOLS: SettingDeclaration[list[Any]] = SettingDeclaration(
    "protocols.custom",
    "Clinic protocol templates",
    list,
    [],
    Action.SAVE_TEMPLATE,
)
# Cupping and gua sha have no CPT code of their own: the clinic picks one (reference/).
CUPPING_CODE = SettingDeclaration(
    "billing.cupping_code",
    "Code for cupping and gua sha",
    str,
    "97039",
    Action.CHANGE_SETTINGS,
    choices=("97039", "97139", "97140", "97799"),
)
DRY_NEEDLING_WITH_ACUPUNCTURE = SettingDeclaration(
    "billing.dry_needling_with_acupuncture",
    "Bill dry needling alongside timed acupuncture",
    bool,
    True,
    Action.CHANGE_SETTINGS,
)
# What a new acupuncture point is needled with unless a template says otherwise.
_NEEDLE = NeedleDetails()
NEEDLE_TECHNIQUE = SettingDeclaration(
    "charting.needle_technique",
    "Technique for new points",
    str,
    _NEEDLE.technique,
    Action.CHANGE_SETTINGS,
    choices=TECHNIQUES,
)
NEEDLE_GAUGE = SettingDeclaration(
    "charting.needle_gauge",
    "Needle gauge for new points",
    str,
    _NEEDLE.gauge,
    Action.CHANGE_SETTINGS,
    choices=GAUGES,
    unit="mm",
)
NEEDLE_LENGTH_MM = SettingDeclaration(
    "charting.needle_length_mm",
    "Needle length for new points",
    int,
    _NEEDLE.length_mm or 40,
    Action.CHANGE_SETTINGS,
    minimum=5,
    maximum=150,
    unit="mm",
)
NEEDLE_RETENTION_MINUTES = SettingDeclaration(
    "charting.needle_retention_minutes",
    "Retention for new points",
    int,
    _NEEDLE.retention_minutes or 20,
    Action.CHANGE_SETTINGS,
    minimum=0,
    maximum=120,
    unit="minutes",
)
# In the order of NeedleDetails' fields.
NEEDLE_DEFAULTS = (NEEDLE_TECHNIQUE, NEEDLE_GAUGE, NEEDLE_LENGTH_MM, NEEDLE_RETENTION_MINUTES)

DECLARED: tuple[SettingDeclaration[Any], ...] = (
    IDLE_LOCK_MINUTES,
    RETENTION_YEARS,
    BACKUP_FOLDER,
    CUSTOM_PROTOCOLS,
    CUPPING_CODE,
    DRY_NEEDLING_WITH_ACUPUNCTURE,
    *NEEDLE_DEFAULTS,
)
BY_KEY = {declaration.key: declaration for declaration in DECLARED}
