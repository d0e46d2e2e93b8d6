"""The one permission table: which role may do what, and what emergency access allows.

Services refuse an action the table does not allow (``services.context.require``); screens
show or hide the same actions from the same table. A role set written anywhere else is a
second copy of this table waiting to disagree with it.

Emergency ("break-glass") access never makes anyone a practitioner: it lets a signed-in
user read and print a record for continuity of care, and nothing more. Only actions marked
``emergency=True`` here are opened by it, and every use is recorded in the audit trail.
"""

from dataclasses import dataclass
from enum import Enum, auto

from sportacu_desktop.domain.enums import Role

ADMIN = frozenset({Role.ADMIN})
PRACTITIONER = frozenset({Role.PRACTITIONER})
FRONT_DESK = frozenset({Role.FRONT_DESK})
EVERY_ROLE = frozenset(Role)
ROLE_NAMES = {
    Role.ADMIN: "administrator",
    Role.PRACTITIONER: "practitioner",
    Role.FRONT_DESK: "front desk",
}


@dataclass(frozen=True)
class Permission:
    what: str  # "sign visit notes": completes "Only practitioners may …"
    roles: frozenset[Role]
    # Emergency access opens it to any signed-in user: reading and printing only.
    emergency: bool = False


class Action(Enum):
    # Registration: the front desk's work, open to everyone on staff.
    VIEW_PATIENT = auto()
    REGISTER_PATIENT = auto()
    RECORD_CONSENT = auto()
    EDIT_CARE_TEAM = auto()
    # Clinical record: practitioners chart; emergency access may read and print.
    READ_VISIT_NOTES = auto()
    PRINT_VISIT_NOTE = auto()
    CHART_VISIT = auto()
    SIGN_NOTE = auto()
    ADD_ADDENDUM = auto()
    READ_EPISODES = auto()
    MANAGE_EPISODES = auto()
    RECORD_MEASURES = auto()
    SEE_NEXT_VISIT = auto()
    READ_INTAKES = auto()
    TAKE_INTAKE = auto()
    RECORD_FLAGS = auto()
    SAVE_TEMPLATE = auto()
    WRITE_SUMMARIES = auto()
    PRINT_HOMECARE_SHEET = auto()
    # Disclosures: what left the clinic, to whom and why.
    VIEW_DISCLOSURES = auto()
    # Billing: the front desk's daily work; it sees billable facts, never the note.
    READ_BILLING = auto()
    BILL_VISITS = auto()
    TAKE_PAYMENTS = auto()
    ISSUE_SUPERBILLS = auto()
    # Administration.
    MANAGE_CLINIC = auto()
    MANAGE_USERS = auto()
    VIEW_AUDIT_TRAIL = auto()
    CHANGE_SETTINGS = auto()
    MANAGE_RETENTION = auto()
    BACK_UP = auto()
    RESTORE_BACKUP = auto()
    MANAGE_ENCRYPTION = auto()
    # Data leaving the clinic in open formats, and a clinic rebuilt from its export.
    EXPORT_CLINIC = auto()
    RELEASE_PATIENT_RECORD = auto()
    IMPORT_CLINIC = auto()

    @property
    def permission(self) -> Permission:
        return TABLE[self]


TABLE: dict[Action, Permission] = {
    # Registration: the front desk's work, open to everyone on staff.
    Action.VIEW_PATIENT: Permission("open a patient's registration", EVERY_ROLE, emergency=True),
    Action.REGISTER_PATIENT: Permission("register and edit patients", EVERY_ROLE),
    Action.RECORD_CONSENT: Permission("record consent forms", EVERY_ROLE),
    Action.EDIT_CARE_TEAM: Permission("edit care teams and contacts", EVERY_ROLE),
    # Clinical record: practitioners chart; emergency access may read and print.
    Action.READ_VISIT_NOTES: Permission("read visit notes", PRACTITIONER, emergency=True),
    Action.PRINT_VISIT_NOTE: Permission("print visit notes", PRACTITIONER, emergency=True),
    Action.CHART_VISIT: Permission("start or edit visit notes", PRACTITIONER),
    Action.SIGN_NOTE: Permission("sign visit notes", PRACTITIONER),
    Action.ADD_ADDENDUM: Permission("add addenda to signed notes", PRACTITIONER),
    Action.READ_EPISODES: Permission("read episodes of care", PRACTITIONER, emergency=True),
    Action.MANAGE_EPISODES: Permission("open, change or close episodes of care", PRACTITIONER),
    Action.RECORD_MEASURES: Permission("record outcome measures", PRACTITIONER),
    # The date and its reason only (the front desk books it), never the clinical detail.
    Action.SEE_NEXT_VISIT: Permission("see the next suggested visit", EVERY_ROLE),
    Action.READ_INTAKES: Permission("read intakes", PRACTITIONER, emergency=True),
    Action.TAKE_INTAKE: Permission("take intakes", PRACTITIONER),
    Action.RECORD_FLAGS: Permission("record flags and contraindications", PRACTITIONER),
    Action.SAVE_TEMPLATE: Permission("save treatment templates", PRACTITIONER | ADMIN),
    # A letter quoting the notes to a PT or physician: written and signed by a clinician.
    Action.WRITE_SUMMARIES: Permission("write and issue treatment summaries", PRACTITIONER),
    Action.PRINT_HOMECARE_SHEET: Permission("print home-care sheets", PRACTITIONER),
    # Disclosures: the accounting a patient may ask any member of staff for; it names
    # documents and recipients, never clinical content.
    Action.VIEW_DISCLOSURES: Permission(
        "see and export the disclosure log", EVERY_ROLE, emergency=False
    ),
    # Billing: the front desk's daily work; it sees billable facts, never the note.
    Action.READ_BILLING: Permission(
        "see billing lines and balances", FRONT_DESK | ADMIN | PRACTITIONER
    ),
    Action.BILL_VISITS: Permission("change billing lines", FRONT_DESK | ADMIN),
    Action.TAKE_PAYMENTS: Permission("record payments", FRONT_DESK | ADMIN),
    Action.ISSUE_SUPERBILLS: Permission("issue or reopen superbills", FRONT_DESK | ADMIN),
    # Administration.
    Action.MANAGE_CLINIC: Permission(
        "change the clinic's, providers' and fee schedule's details", ADMIN
    ),
    Action.MANAGE_USERS: Permission("manage user accounts", ADMIN),
    Action.VIEW_AUDIT_TRAIL: Permission("read the audit trail", ADMIN),
    Action.CHANGE_SETTINGS: Permission("change clinic settings", ADMIN),
    Action.MANAGE_RETENTION: Permission("manage records retention", ADMIN),
    Action.BACK_UP: Permission("make backups or choose where they go", ADMIN),
    Action.RESTORE_BACKUP: Permission("restore a backup", ADMIN),
    Action.MANAGE_ENCRYPTION: Permission("encrypt, decrypt or change the passphrase", ADMIN),
    # Data leaving the clinic in open formats: the whole clinic is the owner's to move;
    # a patient's own record (right of access) holds note text, so not the front desk's.
    Action.EXPORT_CLINIC: Permission("export the whole clinic's data", ADMIN),
    Action.RELEASE_PATIENT_RECORD: Permission(
        "release a patient's record on request", PRACTITIONER | ADMIN
    ),
    Action.IMPORT_CLINIC: Permission("rebuild a clinic from its CSV export", ADMIN),
}


def allows(action: Action, roles: frozenset[Role], *, emergency: bool = False) -> bool:
    """May someone holding ``roles`` (under emergency access or not) do ``action``?"""
    permission = action.permission
    return bool(roles & permission.roles) or (emergency and permission.emergency)


def refusal(action: Action, who: str) -> str:
    """The refusal in plain words: “Only practitioners may sign visit notes (Sam is not).”"""
    names = [ROLE_NAMES[role] for role in Role if role in action.permission.roles]
    plural = [name + "s" if name != "front desk" else "front desk staff" for name in names]
    allowed = " or ".join(plural)
    return f"Only {allowed} may {action.permission.what} ({who} is not)."


def role_names(roles) -> str:
    """“administrator, practitioner”, in a fixed order."""
    return ", ".join(ROLE_NAMES[role] for role in Role if role in roles)
