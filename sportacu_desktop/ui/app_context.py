"""What every window needs: the open clinic, who is acting, and the services for them."""

from dataclasses import dataclass

from sportacu_desktop.services.context import Actor, Clinic, command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.services.setup import practice_name


def current_actor() -> Actor:
    """Who acts before anyone can sign in: the first-run setup of an empty database.

    Once the clinic has accounts every window gets the signed-in user's Actor instead
    (``ui/session/manager.py`` builds the AppContext for it).
    """
    return command_line_actor()


@dataclass
class AppContext:
    clinic: Clinic
    actor: Actor
    patients: PatientDirectory

    @classmethod
    def create(cls, clinic: Clinic, actor: Actor | None = None) -> "AppContext":
        actor = actor or current_actor()
        return cls(clinic, actor, PatientDirectory(clinic.session_factory, actor))

    def practice_name(self) -> str:
        return practice_name(self.clinic) or "Unnamed clinic"
