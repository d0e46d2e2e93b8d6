"""The registration services the patient screens use, built once for the signed-in user."""

from dataclasses import dataclass

from sportacu_desktop.domain.enums import Modality
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.care_contacts import CareContacts
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.intake import Intakes
from sportacu_desktop.services.patient_details import PatientDetails
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.services.patients import PatientDirectory

# The treatments that need a signed consent before the first session.
CONSENTED_MODALITIES = tuple(Modality)


@dataclass(frozen=True)
class PatientServices:
    clinic: Clinic
    actor: Actor
    directory: PatientDirectory
    records: PatientRecords
    details: PatientDetails
    contacts: CareContacts
    intakes: Intakes

    @classmethod
    def create(cls, clinic: Clinic, actor: Actor) -> "PatientServices":
        factory = clinic.session_factory
        return cls(
            clinic,
            actor,
            PatientDirectory(factory, actor),
            PatientRecords(factory, actor),
            PatientDetails(factory, actor),
            CareContacts(factory, actor),
            Intakes(factory, actor),
        )

    # What the screens offer, from the permission table; the services check again.
    @property
    def may_register(self) -> bool:
        return self.actor.may(Action.REGISTER_PATIENT)

    @property
    def may_record_flags(self) -> bool:
        return self.actor.may(Action.RECORD_FLAGS)

    @property
    def may_record_consents(self) -> bool:
        return self.actor.may(Action.RECORD_CONSENT)

    @property
    def may_read_intakes(self) -> bool:
        return self.actor.may(Action.READ_INTAKES)

    @property
    def may_take_intakes(self) -> bool:
        return self.actor.may(Action.TAKE_INTAKE)
