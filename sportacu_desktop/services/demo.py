"""A realistic synthetic clinic, the same for the same seed, written in one transaction."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlalchemy import func, select

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.billing import DEFAULT_FEES_CENTS
from sportacu_desktop.domain.errors import Conflict, InvalidInput
from sportacu_desktop.domain.passwords import DEMO_PASSWORD as DEMO_PASSWORD  # published
from sportacu_desktop.domain.settings import (
    CUPPING_CODE,
    DRY_NEEDLING_WITH_ACUPUNCTURE,
    RETENTION_YEARS,
)
from sportacu_desktop.services import audit, demo_people
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.demo_athletes import consent_versions
from sportacu_desktop.services.demo_patients import DemoPatients
from sportacu_desktop.services.demo_visits import VisitWriter
from sportacu_desktop.services.users import hash_demo_password
from sportacu_desktop.storage import models as m

MAX_PATIENTS = 20000
CLINIC_YEARS = 10


@cache
def demo_password_hash() -> str:
    return hash_demo_password()


class DemoCancelled(Exception):
    pass


class ClinicNotEmpty(Conflict, ValueError):
    pass


@dataclass(frozen=True)
class DemoSummary:
    patients: int
    visits: int
    contacts: int


Progress = Callable[[int, int], bool]


def create_demo_clinic(
    clinic: Clinic,
    actor: Actor,
    *,
    patients: int = 200,
    seed: int = 7,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    if not 1 <= patients <= MAX_PATIENTS:
        raise InvalidInput(f"The number of patients must be between 1 and {MAX_PATIENTS}.")
    today = today or date.today()
    with clinic.session_factory.begin() as session:
        existing = session.scalar(select(func.count(m.Patient.id)))
        practices = session.scalar(select(func.count(m.Practice.id)))
        if existing or practices:
            raise ClinicNotEmpty(
                f"This database already holds a clinic ({existing} patients); "
                "create the demo in a new database with --db."
            )
        builder = _DemoBuilder(session, actor, random.Random(seed), today)
        builder.write_practice()
        for done in range(patients):
            builder.write_patient(done)
            if builder.pending_rows() > 40000:
                builder.flush()
            report = done % 25 == 24 or done == patients - 1
            if report and progress is not None and progress(done + 1, patients) is False:
                raise DemoCancelled("Demo clinic creation was cancelled; nothing was saved.")
        builder.flush()
        builder.write_history()
        builder.fix_sequences()
        audit.record(
            session,
            actor,
            "demo",
            detail=f"demo clinic: {patients} patients, {builder.visits.count} visits, seed {seed}",
        )
        return DemoSummary(patients, builder.visits.count, len(builder.contact_ids))


class _DemoBuilder(DemoPatients):
    def __init__(self, session, actor: Actor, rng: random.Random, today: date):
        super().__init__(session)
        self.actor = actor
        self.rng = rng
        self.today = today
        self.opened = today - timedelta(days=365 * CLINIC_YEARS)
        self.consent_versions = consent_versions(self.opened)
        self.contact_ids: list[int] = []
        self.provider_ids: list[int] = []
        self.usernames: dict[int, str] = {}
        # (patient, day) whose initial acupuncture code is billed: the rest are add-ons.
        self.initial_billed: set[tuple[int, date]] = set()
        self.visits = VisitWriter(self, rng)

    # -- the clinic ----------------------------------------------------------------------
    def write_practice(self) -> None:
        rng, opened = self.rng, self.opened
        # The owner set the clinic up early on its first day.
        setup = datetime.combine(opened, time(7), tzinfo=UTC)
        owner = "dwhitcomb"
        self.add_tracked(
            m.Practice,
            setup,
            by=owner,
            name="Harborview Sports Acupuncture",
            address_line1="118 Danforth St",
            address_line2="Suite 2",
            city="Portland",
            state="ME",
            postal_code="04101",
            phone="(207) 555-0142",
            ein=f"01-{rng.randrange(1000000, 9999999)}",
            npi=demo_people.make_npi(rng, 2),
            taxonomy="171100000X",
            place_of_service="11",
        )
        self.event(setup, owner, "create", entity="practice", detail="clinic 'Harborview'")
        staff = [
            ("dwhitcomb", "Dana Whitcomb", "M.S., L.Ac.", "admin,practitioner"),
            ("rokafor", "Ruth Okafor", "DACM, L.Ac.", "practitioner"),
            ("frontdesk", "Jamie Pelletier", "", "front_desk"),
        ]
        for username, name, credentials, roles in staff:
            is_practitioner = "practitioner" in roles
            user_id = self.add_tracked(
                m.User,
                setup,
                by=owner,
                username=username,
                display_name=name,
                credentials=credentials,
                roles=roles,
                password_hash=demo_password_hash(),
                npi=demo_people.make_npi(rng, 1) if is_practitioner else "",
                license_number=f"AC{rng.randrange(1000, 9999)}" if is_practitioner else "",
                license_state="ME" if is_practitioner else "",
                taxonomy="171100000X" if is_practitioner else "",
                active=True,
                failed_logins=0,
                locked_until=None,
            )
            self.usernames[user_id] = username
            self.event(setup, owner, "create", entity="user", entity_id=user_id, detail=roles)
            if is_practitioner:
                self.provider_ids.append(user_id)
        for code, cents in DEFAULT_FEES_CENTS.items():
            label = catalog.cpt_codes().get(code)
            self.add_tracked(
                m.FeeScheduleItem,
                opened,
                code=code,
                label=label.label if label else "Office visit",
                charge_cents=cents,
            )
        for declaration in (CUPPING_CODE, DRY_NEEDLING_WITH_ACUPUNCTURE, RETENTION_YEARS):
            self.add(m.Setting, key=declaration.key, value=declaration.default)
        for contact in demo_people.care_contacts(rng, 40):
            self.contact_ids.append(
                self.add_tracked(m.CareContact, opened, notes="", archived=False, **contact)
            )
