"""The registration services the patient screens use, built once for the signed-in user."""

from dataclasses import dataclass

from sportacu_desktop.domain.enums import Modality, Role
from sportacu_desktop.services.care_contacts import CareContacts
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.intake import Intakes
from sportacu_desktop.services.patient_details import CLINICAL_ROLES, PatientDetails
from sportacu_desktop.services.patient_records import REGISTRATION_ROLES, PatientRecords
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

    def _any(self, roles) -> bool:
        return any(self.actor.has(role) for role in roles)

    # What the screens offer; the services check again whatever the screen shows.
    @property
    def may_register(self) -> bool:
        return self._any(REGISTRATION_ROLES)

    @property
    def may_record_flags(self) -> bool:
        return self._any(CLINICAL_ROLES)

    @property
    def may_record_consents(self) -> bool:
        return self._any(REGISTRATION_ROLES)

    @property
    def may_take_intakes(self) -> bool:
        return self.actor.has(Role.PRACTITIONER)
