"""Changes to a patient's lists waiting for Save: races, flags, consents, care team.

The form keeps them as small frozen objects rather than writing at once, so Cancel
really cancels and a new patient can get a race before it has a chart number. Each
becomes one change of the registration the form saves as a whole. No Qt here.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date

from sportacu_desktop.domain.patients import PatientRecord
from sportacu_desktop.services import registration as r

_tokens = itertools.count(1)


def _token() -> int:
    return next(_tokens)


@dataclass(frozen=True)
class AddRace:
    name: str
    race_date: date
    distance: str
    priority: str
    token: int = field(default_factory=_token)

    def change(self) -> r.AddRace:
        return r.AddRace(self.name, self.race_date.isoformat(), self.distance, self.priority)


@dataclass(frozen=True)
class RemoveRace:
    race_id: int

    def change(self) -> r.RemoveRace:
        return r.RemoveRace(self.race_id)


@dataclass(frozen=True)
class AddFlag:
    kind: str
    detail: str
    token: int = field(default_factory=_token)

    def change(self) -> r.AddFlag:
        return r.AddFlag(self.kind, self.detail)


@dataclass(frozen=True)
class RemoveFlag:
    flag_id: int

    def change(self) -> r.RemoveFlag:
        return r.RemoveFlag(self.flag_id)


@dataclass(frozen=True)
class AddConsent:
    modality: str
    signed_on: date
    form_version: str
    token: int = field(default_factory=_token)

    def change(self) -> r.AddConsent:
        return r.AddConsent(self.modality, self.signed_on.isoformat(), self.form_version)


@dataclass(frozen=True)
class LinkContact:
    contact_id: int
    is_referring: bool

    def change(self) -> r.LinkContact:
        return r.LinkContact(self.contact_id, self.is_referring)


@dataclass(frozen=True)
class UnlinkContact:
    contact_id: int

    def change(self) -> r.UnlinkContact:
        return r.UnlinkContact(self.contact_id)


def still_applicable(op, record: PatientRecord) -> bool:
    """False for a removal whose target is already gone from ``record``."""
    if isinstance(op, RemoveRace):
        return any(race.id == op.race_id for race in record.races)
    if isinstance(op, RemoveFlag):
        return any(flag.id == op.flag_id for flag in record.flags)
    if isinstance(op, UnlinkContact):
        return any(contact.id == op.contact_id for contact in record.care_team)
    return True
