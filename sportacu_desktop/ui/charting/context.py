"""The services the charting windows work through, built once per main window."""

from dataclasses import dataclass

from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.charting import Charting
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.disclosures import Disclosures
from sportacu_desktop.services.documents import Documents
from sportacu_desktop.services.episodes import Episodes
from sportacu_desktop.services.homecare import Homecare
from sportacu_desktop.services.measures import Measures
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.protocols import Protocols
from sportacu_desktop.ui.app_context import AppContext


@dataclass(frozen=True)
class ChartingServices:
    charting: Charting
    protocols: Protocols
    documents: Documents
    patients: PatientDirectory
    actor: Actor
    episodes: Episodes
    measures: Measures
    disclosures: Disclosures
    homecare: Homecare

    @classmethod
    def create(cls, context: AppContext) -> "ChartingServices":
        sessions, actor = context.clinic.session_factory, context.actor
        return cls(
            Charting(sessions, actor),
            Protocols(sessions, actor),
            Documents(sessions, actor),
            context.patients,
            actor,
            Episodes(sessions, actor),
            Measures(sessions, actor),
            Disclosures(sessions, actor),
            Homecare(sessions, actor),
        )

    def may(self, action: Action) -> bool:
        return self.actor.may(action)
