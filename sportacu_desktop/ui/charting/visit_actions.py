"""Actions of the visit window, declared once with their texts and keys.

They use the application's ``ActionSpec`` so shortcuts follow the same rules (standard key
sequences first, a fallback where the platform has none).
"""

from enum import Enum, auto

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence

from sportacu_desktop.ui.actions import ActionSpec, key_sequences


class VisitAction(Enum):
    SAVE = auto()
    SIGN = auto()
    PRINT = auto()
    ADD_ADDENDUM = auto()
    APPLY_TEMPLATE = auto()
    SAVE_TEMPLATE = auto()
    CLOSE = auto()
    GO_NEEDLES = auto()
    SET_DIAGNOSES = auto()
    RECORD_MEASURES = auto()
    HOMECARE = auto()


SPECS: dict[VisitAction, ActionSpec] = {
    VisitAction.SAVE: ActionSpec(
        "&Save Note",
        "Store the note as charted (it stays editable until signed)",
        (QKeySequence.StandardKey.Save,),
        fallback=("Ctrl+S",),
        icon=QIcon.ThemeIcon.DocumentSave,
    ),
    VisitAction.SIGN: ActionSpec(
        "Si&gn Note…",
        "Sign and lock the note; corrections afterwards are addenda",
        ("Ctrl+Return", "Ctrl+Enter"),
    ),
    VisitAction.PRINT: ActionSpec(
        "&Print…",
        "Print the signed note, or save it as PDF",
        (QKeySequence.StandardKey.Print,),
        fallback=("Ctrl+P",),
        icon=QIcon.ThemeIcon.DocumentPrint,
    ),
    VisitAction.ADD_ADDENDUM: ActionSpec(
        "Add &Addendum…",
        "Add a dated correction or addition under the signed note",
        ("Ctrl+Shift+A",),
    ),
    VisitAction.APPLY_TEMPLATE: ActionSpec(
        "Apply &Template…",
        "Pre-fill tests, points, muscles and EA from a protocol template",
        ("Ctrl+T",),
    ),
    VisitAction.SAVE_TEMPLATE: ActionSpec(
        "Save as Te&mplate…",
        "Keep this note's treatment as a template of the clinic",
    ),
    VisitAction.CLOSE: ActionSpec(
        "&Close",
        "Close the note (what was typed is kept)",
        (QKeySequence.StandardKey.Close,),
        fallback=("Ctrl+W",),
        icon=QIcon.ThemeIcon.WindowClose,
    ),
    VisitAction.GO_NEEDLES: ActionSpec(
        "&Needle Count",
        "Go to needles in and out",
        ("Ctrl+9",),
    ),
    VisitAction.SET_DIAGNOSES: ActionSpec(
        "Set Suggested &Diagnoses on the Episode",
        "Put the applied template's diagnoses on this visit's episode",
        ("Ctrl+Shift+D",),
    ),
    VisitAction.RECORD_MEASURES: ActionSpec(
        "Record &Measures…",
        "Pain, PSFS, LEFS, FAAM, VISA and recovery markers, recorded with this visit",
        ("Ctrl+Shift+M",),
    ),
    VisitAction.HOMECARE: ActionSpec(
        "&Home-care Sheet…",
        "The patient's plain-language sheet for home: edit, preview, print or save",
        ("Ctrl+Shift+H",),
    ),
}


def make_actions(parent: QObject) -> dict[VisitAction, QAction]:
    actions = {}
    for action_id, spec in SPECS.items():
        action = QAction(spec.text, parent)
        action.setObjectName(f"visit_{action_id.name.lower()}")
        action.setStatusTip(spec.status_tip)
        action.setShortcuts(key_sequences(spec))
        action.setShortcutContext(spec.context)
        if spec.icon is not None:
            action.setIcon(QIcon.fromTheme(spec.icon))
        actions[action_id] = action
    return actions
