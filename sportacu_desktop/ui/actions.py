"""Every user action declared once: its id, text, shortcuts and icon.

Menus, the toolbar and tests all look actions up by ``ActionId``, so a shortcut or a label
changes in one place. Standard key sequences are used wherever the platform defines one,
with a fallback for platforms where it is empty (Windows has no standard Quit).
"""

from dataclasses import dataclass, field
from enum import Enum, auto

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence

from sportacu_desktop.domain.permissions import Action

Shortcut = QKeySequence.StandardKey | str | Qt.Key


class ActionId(Enum):
    QUIT = auto()
    LOCK = auto()
    SIGN_OUT = auto()
    AUDIT_TRAIL = auto()
    MANAGE_USERS = auto()
    CLINIC_SETUP = auto()
    RECORD_RETENTION = auto()
    BACKUPS = auto()
    ENCRYPT_DATABASE = auto()
    DECRYPT_DATABASE = auto()
    CHANGE_PASSPHRASE = auto()
    FIND_PATIENT = auto()
    OPEN_PATIENT = auto()
    NEW_PATIENT = auto()
    EDIT_PATIENT = auto()
    ARCHIVE_PATIENT = auto()
    IMPORT_PATIENTS = auto()
    EXPORT_CSV = auto()
    EXPORT_FHIR = auto()
    RECORD_ON_REQUEST = auto()
    NEW_VISIT = auto()
    NEW_VISIT_FROM_LAST = auto()
    SHOW_VISITS = auto()
    DISCLOSURES = auto()
    HOMECARE_SHEET = auto()
    DAY_SHEET = auto()
    NEW_EPISODE = auto()
    EDIT_EPISODE = auto()
    DISCHARGE_EPISODE = auto()
    RECORD_MEASURES = auto()
    TREATMENT_SUMMARY = auto()
    USER_GUIDE = auto()
    KEYBOARD_SHORTCUTS = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str
    status_tip: str
    shortcuts: tuple[Shortcut, ...] = ()
    fallback: tuple[str, ...] = field(default=())
    icon: QIcon.ThemeIcon | None = None
    role: QAction.MenuRole = QAction.MenuRole.NoRole
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut
    # What it does in the permission table; None means anyone signed in. Whoever the table
    # refuses never sees it (and the services refuse anyway).
    permission: Action | None = None


ACTIONS: dict[ActionId, ActionSpec] = {
    ActionId.QUIT: ActionSpec(
        "&Quit",
        "Close SportAcu Desktop",
        (QKeySequence.StandardKey.Quit,),
        fallback=("Ctrl+Q",),
        icon=QIcon.ThemeIcon.ApplicationExit,
        role=QAction.MenuRole.QuitRole,
    ),
    ActionId.LOCK: ActionSpec(
        "&Lock Screen",
        "Hide all patient information until your password is entered",
        ("Ctrl+L",),
        icon=QIcon.ThemeIcon.SystemLockScreen,
    ),
    ActionId.SIGN_OUT: ActionSpec(
        "Sign &Out",
        "End your session and let someone else sign in; open notes are kept as drafts",
        icon=QIcon.ThemeIcon.SystemLogOut,
    ),
    ActionId.AUDIT_TRAIL: ActionSpec(
        "&Audit Trail…",
        "Who viewed, changed, printed or exported what, and when",
        permission=Action.VIEW_AUDIT_TRAIL,
    ),
    ActionId.MANAGE_USERS: ActionSpec(
        "&Users…",
        "Add accounts, reset passwords, deactivate people who left",
        permission=Action.MANAGE_USERS,
    ),
    ActionId.CLINIC_SETUP: ActionSpec(
        "&Clinic…",
        "Practice address, EIN and NPI; providers' credentials, licenses and NPIs",
        permission=Action.MANAGE_CLINIC,
    ),
    ActionId.RECORD_RETENTION: ActionSpec(
        "Records &Retention…",
        "How long charts are kept, and the charts past that period",
        permission=Action.MANAGE_RETENTION,
    ),
    ActionId.BACKUPS: ActionSpec(
        "&Backups…",
        "Where backups are saved, the backups there; back up now or restore one",
        permission=Action.BACK_UP,
    ),
    ActionId.ENCRYPT_DATABASE: ActionSpec(
        "&Encrypt Database…",
        "Protect the clinic database with a passphrase asked at every start",
        permission=Action.MANAGE_ENCRYPTION,
    ),
    ActionId.DECRYPT_DATABASE: ActionSpec(
        "&Decrypt Database…",
        "Store the clinic database without encryption",
        permission=Action.MANAGE_ENCRYPTION,
    ),
    ActionId.CHANGE_PASSPHRASE: ActionSpec(
        "Change &Passphrase…",
        "Re-encrypt the clinic database with a new passphrase",
        permission=Action.MANAGE_ENCRYPTION,
    ),
    ActionId.FIND_PATIENT: ActionSpec(
        "&Find Patient…",
        "Search patients by name, chart number, date of birth or phone",
        (QKeySequence.StandardKey.Find,),
        fallback=("Ctrl+F",),
        icon=QIcon.ThemeIcon.EditFind,
    ),
    ActionId.OPEN_PATIENT: ActionSpec(
        "&Open Selected Patient",
        "Open the chart of the patient selected in the list",
        (Qt.Key.Key_Enter, Qt.Key.Key_Return),
        icon=QIcon.ThemeIcon.DocumentOpen,
        # Enter means "open" only in the patient list; elsewhere it belongs to the form.
        context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
    ),
    ActionId.NEW_PATIENT: ActionSpec(
        "&New Patient…",
        "Register a new patient",
        (QKeySequence.StandardKey.New,),
        fallback=("Ctrl+N",),
        icon=QIcon.ThemeIcon.ContactNew,
        permission=Action.REGISTER_PATIENT,
    ),
    ActionId.EDIT_PATIENT: ActionSpec(
        "&Edit Patient…",
        "Edit the open patient's registration, insurance, athlete profile, flags and intake",
        ("Ctrl+E",),
        icon=QIcon.ThemeIcon.DocumentProperties,
        permission=Action.VIEW_PATIENT,
    ),
    ActionId.ARCHIVE_PATIENT: ActionSpec(
        "&Archive Patient…",
        "Take the open patient out of the list; nothing is deleted",
        permission=Action.REGISTER_PATIENT,
    ),
    ActionId.IMPORT_PATIENTS: ActionSpec(
        "&Import Patients…",
        "Import patients from another system's CSV file, with a preview first",
        icon=QIcon.ThemeIcon.DocumentOpen,
        permission=Action.REGISTER_PATIENT,
    ),
    ActionId.EXPORT_CSV: ActionSpec(
        "&CSV…",
        "Every record of the clinic as CSV files in a new folder, to keep or to move elsewhere",
        permission=Action.EXPORT_CLINIC,
    ),
    ActionId.EXPORT_FHIR: ActionSpec(
        "&FHIR…",
        "Every patient's record as one FHIR R4 file another system can read",
        icon=QIcon.ThemeIcon.DocumentSaveAs,
        permission=Action.EXPORT_CLINIC,
    ),
    ActionId.RECORD_ON_REQUEST: ActionSpec(
        "Patient's &Record on Request…",
        "A copy of the open patient's complete record in a new folder, logged as a disclosure",
        permission=Action.RELEASE_PATIENT_RECORD,
    ),
    ActionId.NEW_VISIT: ActionSpec(
        "&New Visit",
        "Start today's visit note for the open patient",
        ("Ctrl+Shift+N",),
        permission=Action.CHART_VISIT,
    ),
    ActionId.NEW_VISIT_FROM_LAST: ActionSpec(
        "New Visit from &Last Visit",
        "Start today's note with the last visit's treatments and plan",
        ("Ctrl+Shift+L",),
        permission=Action.CHART_VISIT,
    ),
    ActionId.SHOW_VISITS: ActionSpec(
        "&Visits of the Patient",
        "Go to the open patient's visits; Enter opens one",
        ("Ctrl+Shift+V",),
        permission=Action.READ_VISIT_NOTES,
    ),
    ActionId.DISCLOSURES: ActionSpec(
        "&Disclosures…",
        "What was given from the open chart to whom, when and why; the accounting export",
        ("Ctrl+Shift+I",),
        permission=Action.VIEW_DISCLOSURES,
    ),
    ActionId.HOMECARE_SHEET: ActionSpec(
        "&Home-care Sheet…",
        "The patient's plain-language sheet for home, from the visit selected in Visits",
        ("Ctrl+Shift+H",),
        permission=Action.PRINT_HOMECARE_SHEET,
    ),
    ActionId.DAY_SHEET: ActionSpec(
        "&Day Sheet…",
        "The visits of a day: billing, payments, balances and the day's superbills",
        ("Ctrl+Shift+B",),
        permission=Action.BILL_VISITS,
    ),
    ActionId.NEW_EPISODE: ActionSpec(
        "&New Episode…",
        "Open an episode of care: onset, diagnoses, recurring or maintenance",
        ("Ctrl+Shift+E",),
        permission=Action.MANAGE_EPISODES,
    ),
    ActionId.EDIT_EPISODE: ActionSpec(
        "&Edit Episode…",
        "Change the chosen episode's title, onset or diagnoses",
        ("Ctrl+Alt+E",),
        permission=Action.MANAGE_EPISODES,
    ),
    ActionId.DISCHARGE_EPISODE: ActionSpec(
        "&Discharge Episode…",
        "End the chosen episode: goals met, referred out, stopped or moved to maintenance",
        ("Ctrl+Shift+D",),
        permission=Action.MANAGE_EPISODES,
    ),
    ActionId.RECORD_MEASURES: ActionSpec(
        "Record &Measures…",
        "Pain, PSFS, LEFS, FAAM, VISA and recovery markers for the chosen episode",
        ("Ctrl+Shift+M",),
        permission=Action.RECORD_MEASURES,
    ),
    ActionId.TREATMENT_SUMMARY: ActionSpec(
        "&Treatment Summary…",
        "A letter for the patient's PT or physician: preview it, then issue, print or save",
        ("Ctrl+Shift+T",),
        permission=Action.WRITE_SUMMARIES,
    ),
    ActionId.USER_GUIDE: ActionSpec(
        "&User Guide",
        "How to use the app: patients, charting, administration, the command line",
        (QKeySequence.StandardKey.HelpContents,),
        fallback=("F1",),
        icon=QIcon.ThemeIcon.HelpFaq,
    ),
    ActionId.KEYBOARD_SHORTCUTS: ActionSpec(
        "&Keyboard Shortcuts",
        "Every keyboard shortcut of the main window and the visit note",
        ("Ctrl+/",),
    ),
    ActionId.ABOUT: ActionSpec(
        "&About SportAcu Desktop",
        "Version and database location",
        icon=QIcon.ThemeIcon.HelpAbout,
        role=QAction.MenuRole.AboutRole,
    ),
}


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    sequences: list[QKeySequence] = []
    for shortcut in spec.shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            sequences.extend(QKeySequence.keyBindings(shortcut))
        else:
            sequences.append(QKeySequence(shortcut))
    if not sequences:
        sequences = [QKeySequence(text) for text in spec.fallback]
    return sequences


class ActionRegistry:
    """Creates one QAction per id, owned by ``parent``; ``registry[ActionId.X]`` gets it."""

    def __init__(self, parent: QObject):
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in ACTIONS.items():
            action = QAction(spec.text, parent)
            action.setObjectName(action_id.name.lower())
            action.setStatusTip(spec.status_tip)
            action.setShortcuts(key_sequences(spec))
            action.setShortcutContext(spec.context)
            action.setMenuRole(spec.role)
            if spec.icon is not None:
                action.setIcon(QIcon.fromTheme(spec.icon))
            self._actions[action_id] = action

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def __iter__(self):
        return iter(self._actions.items())
