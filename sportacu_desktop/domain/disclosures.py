"""What counts as a disclosure, in words for the log, the screens and the accounting.

A disclosure is a record handed to someone outside the clinic. Each kind has the
recipient and purpose most often true for it, offered as defaults where the user decides.
"""

from dataclasses import dataclass

from sportacu_desktop.domain.errors import InvalidInput

# HIPAA: a patient may ask for the disclosures of the six years before the request.
ACCOUNTING_YEARS = 6
RECIPIENT_MAX = 300
PURPOSE_MAX = 300

PATIENT = "Patient"


@dataclass(frozen=True)
class DisclosureKind:
    code: str
    label: str
    default_recipient: str
    default_purpose: str


KINDS: dict[str, DisclosureKind] = {
    kind.code: kind
    for kind in (
        DisclosureKind("visit_note", "Visit note", PATIENT, "At the patient's request"),
        DisclosureKind("superbill", "Superbill", PATIENT, "For insurance reimbursement"),
        DisclosureKind("summary", "Treatment summary", "", "Continuity of care"),
        DisclosureKind("homecare", "Home-care sheet", PATIENT, "Home-care instructions"),
        DisclosureKind("export", "Data export", "", "At the patient's request"),
        DisclosureKind("record_request", "Copy of the record", PATIENT, "At the patient's request"),
    )
}


def kind_label(code: str) -> str:
    kind = KINDS.get(code)
    return kind.label if kind else code.replace("_", " ").capitalize()


def checked_entry(what: str, recipient: str, purpose: str) -> tuple[str, str, str]:
    """The entry as it will be logged, or InvalidInput saying what to fill in."""
    problems = {}
    if what not in KINDS:
        problems["what"] = f"“{what}” is not a kind of document the log knows."
    recipient = " ".join(recipient.split())
    purpose = " ".join(purpose.split())
    if not recipient:
        problems["recipient"] = "Say who receives it (for example “Patient”)."
    elif len(recipient) > RECIPIENT_MAX:
        problems["recipient"] = f"Keep the recipient under {RECIPIENT_MAX} characters."
    if not purpose:
        problems["purpose"] = "Say why it is given (for example “Continuity of care”)."
    elif len(purpose) > PURPOSE_MAX:
        problems["purpose"] = f"Keep the purpose under {PURPOSE_MAX} characters."
    if problems:
        raise InvalidInput(" ".join(problems.values()), problems)
    return what, recipient, purpose


@dataclass(frozen=True)
class DisclosedTo:
    """Who a document is given to and why, as the user confirmed it."""

    recipient: str
    purpose: str


def default_for(code: str) -> DisclosedTo:
    kind = KINDS[code]
    return DisclosedTo(kind.default_recipient, kind.default_purpose)
