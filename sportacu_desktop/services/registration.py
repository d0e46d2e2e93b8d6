"""A patient's registration as one input: what to change, checked whole, applied whole.

``Registration`` carries every part the patient form (or an import, or the command line)
may change at once: demographics, primary and secondary insurance, athlete profile, races,
flags, consents, care team and a new intake. ``check_registration`` reports every field
problem of every part in one ``FieldErrors``; ``apply_parts`` writes the parts inside the
caller's unit of work (``PatientRecords.save_registration``), so they are stored together
or not at all.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.enums import FlagKind, Modality, RacePriority, TrainingPhase
from sportacu_desktop.domain.patient_rules import clean_insurance, clean_patient
from sportacu_desktop.domain.patients import InsuranceInput, PatientInput
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.intake import IntakeInput, clean_intake
from sportacu_desktop.storage.patients import (
    AthleteProfile,
    CareTeamLink,
    Consent,
    Insurance,
    Intake,
    PatientFlag,
    Race,
)
from sportacu_desktop.storage.practice import CareContact


@dataclass(frozen=True)
class ProfileInput:
    sports: str = ""
    weekly_volume: str = ""
    training_phase: str = "base"
    notes: str = ""


@dataclass(frozen=True)
class AddRace:
    name: str
    race_date: str
    distance: str
    priority: str


@dataclass(frozen=True)
class RemoveRace:
    race_id: int


@dataclass(frozen=True)
class AddFlag:
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class RemoveFlag:
    flag_id: int


@dataclass(frozen=True)
class AddConsent:
    modality: str
    signed_on: str
    form_version: str


@dataclass(frozen=True)
class LinkContact:
    contact_id: int
    is_referring: bool = False


@dataclass(frozen=True)
class UnlinkContact:
    contact_id: int


ListChange = AddRace | RemoveRace | AddFlag | RemoveFlag | AddConsent | LinkContact | UnlinkContact

# Which part of a registration needs which permission (domain/permissions.py) beyond
# registering patients: flags are clinical safety information the practitioner records;
# consent forms and the care team are paperwork the front desk files too.
PART_ACTIONS: dict[type, Action] = {
    AddFlag: Action.RECORD_FLAGS,
    RemoveFlag: Action.RECORD_FLAGS,
    AddConsent: Action.RECORD_CONSENT,
    LinkContact: Action.EDIT_CARE_TEAM,
    UnlinkContact: Action.EDIT_CARE_TEAM,
}


@dataclass(frozen=True)
class Registration:
    """What to store. ``patient_id`` None registers a new patient (``details`` required);
    otherwise ``expected_version`` is the version the record was read at, and a record
    changed since by anyone, in any part, is refused as a stale edit. A part left None
    (or a rank absent from ``insurance``) is left as it is; an insurance rank given None
    ends that coverage."""

    patient_id: int | None = None
    expected_version: int | None = None
    details: PatientInput | None = None
    insurance: Mapping[int, InsuranceInput | None] = field(default_factory=dict)
    profile: ProfileInput | None = None
    changes: tuple[ListChange, ...] = ()
    intake: IntakeInput | None = None
    allow_duplicate: bool = False

    def actions_needed(self) -> list[Action]:
        """Every permission this registration needs, each once, in a fixed order."""
        needed = [Action.REGISTER_PATIENT]
        needed += [PART_ACTIONS[type(c)] for c in self.changes if type(c) in PART_ACTIONS]
        if self.intake is not None:
            needed.append(Action.TAKE_INTAKE)
        return list(dict.fromkeys(needed))


@dataclass
class CheckedRegistration:
    """The registration's values as they will be stored."""

    details: dict | None = None
    insurance: dict[int, dict | None] = field(default_factory=dict)
    profile: dict | None = None
    changes: list[tuple[ListChange, dict]] = field(default_factory=list)
    intake: dict | None = None


def _collect(errors: v.FieldErrors, prefix: str, check):
    try:
        return check()
    except v.FieldErrors as problems:
        for name, message in problems.errors.items():
            errors.add(prefix + name, message)
        return None


def _date(text: str, name: str, errors: v.FieldErrors) -> date | None:
    if not text.strip():
        errors.add(name, "Enter the date.")
        return None
    try:
        return v.parse_date(text)
    except ValueError as exc:
        errors.add(name, str(exc))
        return None


def clean_profile(data: ProfileInput) -> dict:
    errors = v.FieldErrors()
    v.text_problems({"sports": data.sports, "weekly_volume": data.weekly_volume}, errors)
    v.text_problems({"notes": data.notes}, errors, multiline=frozenset({"notes"}))
    if data.training_phase not in {p.value for p in TrainingPhase}:
        errors.add("training_phase", "Choose a training phase from the list.")
    errors.add("sports", v.length_problem(data.sports, 200, "sports"))
    errors.add("weekly_volume", v.length_problem(data.weekly_volume, 60, "weekly volume"))
    errors.raise_if_any()
    return {
        "sports": data.sports.strip(),
        "weekly_volume": data.weekly_volume.strip(),
        "training_phase": data.training_phase,
        "notes": data.notes.strip(),
    }


def clean_change(change: ListChange, today: date) -> dict:
    """The stored values of one list change; FieldErrors keyed like the form's fields."""
    errors = v.FieldErrors()
    values: dict = {}
    if isinstance(change, AddRace):
        v.text_problems({"race_name": change.name, "distance": change.distance}, errors)
        errors.add("race_name", v.required(change.name, "race name"))
        errors.add("race_name", v.length_problem(change.name, 200, "race name"))
        day = _date(change.race_date, "race_date", errors)
        if change.priority.upper() not in {p.value for p in RacePriority}:
            errors.add("priority", "Race priority is A, B or C.")
        values = {
            "name": change.name.strip(),
            "race_date": day,
            "distance": change.distance.strip()[:40],
            "priority": change.priority.upper(),
        }
    elif isinstance(change, AddFlag):
        if change.kind not in {k.value for k in FlagKind}:
            errors.add("flag", "Choose the kind of flag from the list.")
        if change.kind == FlagKind.OTHER and not change.detail.strip():
            errors.add("flag_detail", "Describe the flag.")
        errors.add("flag_detail", v.storable_problem(change.detail, "flag detail"))
        values = {"kind": change.kind, "detail": change.detail.strip()[:300]}
    elif isinstance(change, AddConsent):
        errors.add("form_version", v.storable_problem(change.form_version, "form version"))
        if change.modality not in {m.value for m in Modality}:
            errors.add("modality", "Choose what the consent covers.")
        day = _date(change.signed_on, "signed_on", errors)
        if day and day > today:
            errors.add("signed_on", "A consent cannot be signed in the future.")
        values = {
            "modality": change.modality,
            "signed_on": day,
            "form_version": change.form_version.strip()[:20],
        }
    errors.raise_if_any()
    return values


def check_registration(registration: Registration, today: date) -> CheckedRegistration:
    """Every problem in every part at once, keyed like the patient form's fields."""
    errors = v.FieldErrors()
    checked = CheckedRegistration()
    if registration.details is not None:
        checked.details = _collect(errors, "", lambda: clean_patient(registration.details, today))
    elif registration.patient_id is None:
        errors.add("last_name", "Enter the patient's name and date of birth.")
    for rank, coverage in sorted(registration.insurance.items()):
        if coverage is None:
            checked.insurance[rank] = None
            continue
        cleaned = _collect(errors, f"ins{rank}.", lambda c=coverage: clean_insurance(c, today))
        checked.insurance[rank] = cleaned
    if registration.profile is not None:
        checked.profile = _collect(errors, "profile.", lambda: clean_profile(registration.profile))
    for change in registration.changes:
        values = _collect(errors, "", lambda c=change: clean_change(c, today))
        checked.changes.append((change, values or {}))
    if registration.intake is not None:
        checked.intake = _collect(
            errors, "intake.", lambda: clean_intake(registration.intake, today)
        )
    errors.raise_if_any()
    return checked


# -- writing, inside the caller's unit of work -----------------------------------------


def insurance_columns(values: dict) -> dict:
    return {
        "payer": values["payer"],
        "member_id": values["member_id"],
        "group_number": values["group_number"],
        "subscriber_name": values["subscriber_name"],
        "subscriber_dob": values["subscriber_dob"],
        "subscriber_address": values["subscriber_address"],
        "relationship_to_subscriber": values["relationship"],
    }


class PartWriter:
    """Writes the checked parts of one patient's registration into ``session``."""

    def __init__(self, session: Session, actor: Actor, patient_id: int):
        self.session = session
        self.actor = actor
        self.patient_id = patient_id

    def _stamp(self) -> dict:
        return {"created_by": self.actor.username, "updated_by": self.actor.username}

    def _audit(self, action: str, entity: str, detail: str, entity_id: int | None = None):
        audit.record(
            self.session,
            self.actor,
            action,
            patient_id=self.patient_id,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )

    def write(self, checked: CheckedRegistration, *, new_patient: bool = False) -> None:
        for rank, coverage in checked.insurance.items():
            self.insurance(rank, coverage, replace=not new_patient)
        if checked.profile is not None:
            self.profile(checked.profile)
        for change, values in checked.changes:
            self.change(change, values)
        if checked.intake is not None:
            self.intake(checked.intake)

    def insurance(self, rank: int, coverage: dict | None, *, replace: bool = True) -> None:
        session, pid = self.session, self.patient_id
        if replace:
            for old in session.scalars(
                select(Insurance).where(
                    Insurance.patient_id == pid, Insurance.rank == rank, Insurance.active
                )
            ):
                old.active = False
                old.updated_by = self.actor.username
        if coverage:
            session.add(
                Insurance(patient_id=pid, rank=rank, **insurance_columns(coverage), **self._stamp())
            )
        if replace:
            self._audit(
                "change",
                "insurance",
                f"rank {rank}: " + (coverage["payer"] if coverage else "removed"),
            )

    def profile(self, values: dict) -> None:
        profile = self.session.scalar(
            select(AthleteProfile).where(AthleteProfile.patient_id == self.patient_id)
        )
        if profile is None:
            profile = AthleteProfile(patient_id=self.patient_id, **self._stamp())
            self.session.add(profile)
        for key, value in values.items():
            setattr(profile, key, value)
        profile.updated_by = self.actor.username
        self._audit("change", "athlete_profile", f"phase {values['training_phase']}")

    def intake(self, values: dict) -> None:
        intake = Intake(patient_id=self.patient_id, **self._stamp(), **values)
        self.session.add(intake)
        self.session.flush()
        self._audit("create", "intake", f"intake of {values['taken_on']}", intake.id)

    def change(self, change: ListChange, values: dict) -> None:
        session, pid = self.session, self.patient_id
        if isinstance(change, AddRace):
            session.add(Race(patient_id=pid, **values, **self._stamp()))
            self._audit("create", "race", f"{values['name']} on {values['race_date']}")
        elif isinstance(change, RemoveRace):
            race = session.get(Race, change.race_id)
            if race is None or race.patient_id != pid:
                raise LookupError("That race is not on this patient's calendar.")
            race.archived, race.updated_by = True, self.actor.username
            self._audit("archive", "race", str(change.race_id))
        elif isinstance(change, AddFlag):
            session.add(PatientFlag(patient_id=pid, **values, **self._stamp()))
            self._audit("create", "flag", change.kind)
        elif isinstance(change, RemoveFlag):
            flag = session.get(PatientFlag, change.flag_id)
            if flag is None or flag.patient_id != pid:
                raise LookupError("That flag is not on this patient's record.")
            flag.active, flag.updated_by = False, self.actor.username
            self._audit("archive", "flag", str(change.flag_id))
        elif isinstance(change, AddConsent):
            session.add(Consent(patient_id=pid, **values, **self._stamp()))
            self._audit("create", "consent", f"{values['modality']} signed {values['signed_on']}")
        elif isinstance(change, LinkContact):
            self._link(change)
        elif isinstance(change, UnlinkContact):
            link = self._link_row(change.contact_id)
            if link is not None:
                link.active, link.updated_by = False, self.actor.username
            self._audit("change", "care_team", f"unlinked contact {change.contact_id}")

    def _link_row(self, contact_id: int) -> CareTeamLink | None:
        return self.session.scalar(
            select(CareTeamLink).where(
                CareTeamLink.patient_id == self.patient_id, CareTeamLink.contact_id == contact_id
            )
        )

    def _link(self, change: LinkContact) -> None:
        contact = self.session.get(CareContact, change.contact_id)
        if contact is None or contact.archived:
            raise LookupError(
                "A care-team contact chosen in the form no longer exists; choose it again."
            )
        link = self._link_row(change.contact_id)
        if link is None:
            link = CareTeamLink(
                patient_id=self.patient_id, contact_id=change.contact_id, **self._stamp()
            )
            self.session.add(link)
        link.active, link.is_referring = True, change.is_referring
        link.updated_by = self.actor.username
        self._audit("change", "care_team", f"linked contact {change.contact_id}")


def moved_on(patient, actor: Actor) -> None:
    """Any change to the registration moves the patient's version, so another workstation
    holding the record open gets a stale-edit warning on save."""
    patient.updated_by = actor.username
    patient.updated_at = datetime.now(UTC)
