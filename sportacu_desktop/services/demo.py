"""A realistic synthetic clinic, the same for the same seed, written in one transaction."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlalchemy import func, select

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.billing import DEFAULT_FEES_CENTS
from sportacu_desktop.domain.episodes import Chronicity, chronicity
from sportacu_desktop.domain.errors import Conflict, InvalidInput
from sportacu_desktop.domain.identifiers import chart_number
from sportacu_desktop.domain.passwords import DEMO_PASSWORD as DEMO_PASSWORD  # published
from sportacu_desktop.domain.settings import (
    CUPPING_CODE,
    DRY_NEEDLING_WITH_ACUPUNCTURE,
    RETENTION_YEARS,
)
from sportacu_desktop.services import audit, demo_people
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.demo_care import add_showcase
from sportacu_desktop.services.demo_rows import RowBuffer
from sportacu_desktop.services.demo_visits import VisitWriter
from sportacu_desktop.services.users import hash_demo_password
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.search import patient_search_key

MAX_PATIENTS = 20000
CLINIC_YEARS = 10
# Flags and how often they occur in a sports clinic's population.
FLAG_RATES = [
    ("anticoagulants", 0.04, "Apixaban 5 mg twice daily"),
    ("pacemaker_icd", 0.01, "Dual-chamber pacemaker"),
    ("metal_implant", 0.03, "Tibial intramedullary nail"),
    ("needle_syncope", 0.04, "Fainted at a blood draw"),
    ("allergy", 0.05, "Nickel"),
    ("epilepsy", 0.01, "Controlled on medication"),
    ("bleeding_disorder", 0.005, "Von Willebrand disease"),
    ("skin_condition", 0.02, "Psoriasis on the lower legs"),
]


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
        builder.fix_sequences()
        audit.record(
            session,
            actor,
            "demo",
            detail=f"demo clinic: {patients} patients, {builder.visits.count} visits, seed {seed}",
        )
        return DemoSummary(patients, builder.visits.count, len(builder.contact_ids))


class _DemoBuilder(RowBuffer):
    def __init__(self, session, actor: Actor, rng: random.Random, today: date):
        super().__init__(session)
        self.actor = actor
        self.rng = rng
        self.today = today
        self.opened = today - timedelta(days=365 * CLINIC_YEARS)
        self.contact_ids: list[int] = []
        self.provider_ids: list[int] = []
        self.visits = VisitWriter(self, rng)

    # -- the clinic ----------------------------------------------------------------------
    def write_practice(self) -> None:
        rng, opened = self.rng, self.opened
        self.add_tracked(
            m.Practice,
            opened,
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
        staff = [
            ("dwhitcomb", "Dana Whitcomb", "M.S., L.Ac.", "admin,practitioner"),
            ("rokafor", "Ruth Okafor", "DACM, L.Ac.", "practitioner"),
            ("frontdesk", "Jamie Pelletier", "", "front_desk"),
        ]
        for username, name, credentials, roles in staff:
            is_practitioner = "practitioner" in roles
            user_id = self.add_tracked(
                m.User,
                opened,
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

    def write_patient(self, index: int) -> None:
        rng, today = self.rng, self.today
        first, last, sex = demo_people.person_name(rng)
        dob = demo_people.birth_date(rng, today)
        # The first patients are long-standing maintenance athletes, so the clinic has
        # charts with a decade of visits (200 or so) as a real one would.
        veteran = index % 400 == 0
        if veteran:
            first_visit = self.opened + timedelta(days=rng.randrange(0, 60))
        else:
            span = (today - self.opened).days
            first_visit = self.opened + timedelta(days=int(span * rng.random() ** 0.8))
            first_visit = min(first_visit, today - timedelta(days=1))
        chart = chart_number(self.next_id.get(m.Patient, 1))
        phone = demo_people.phone(rng)
        patient_id = self.add_tracked(
            m.Patient,
            first_visit,
            chart_number=chart,
            first_name=first,
            last_name=last,
            preferred_name="",
            date_of_birth=dob,
            sex=sex,
            phone=phone,
            email=f"{first[0].lower()}.{index}@example.com",
            emergency_name=f"{rng.choice(demo_people.FIRST_NAMES_F + demo_people.FIRST_NAMES_M)}"
            f" {last}",
            emergency_phone=demo_people.phone(rng),
            emergency_relation=rng.choice(["spouse", "partner", "parent", "sibling", "friend"]),
            notes="",
            search_key=patient_search_key(
                first_name=first,
                last_name=last,
                preferred_name="",
                chart_number=chart,
                date_of_birth=dob,
                phone=phone,
            ),
            archived_at=(
                datetime.combine(today, time(9), tzinfo=UTC) if rng.random() < 0.03 else None
            ),
            **demo_people.address(rng),
        )
        self._insurance(patient_id, first_visit, last)
        for contact_id in rng.sample(self.contact_ids, rng.choice([0, 1, 1, 2])):
            self.add_tracked(
                m.CareTeamLink,
                first_visit,
                patient_id=patient_id,
                contact_id=contact_id,
                is_referring=rng.random() < 0.5,
                active=True,
            )
        self.add_tracked(
            m.AthleteProfile,
            first_visit,
            patient_id=patient_id,
            sports=rng.choice(demo_people.SPORTS),
            weekly_volume=f"{rng.randrange(15, 90)} mi/wk"
            if rng.random() < 0.8
            else f"{rng.randrange(5, 18)} h/wk",
            training_phase=rng.choice(["base", "build", "peak", "taper", "recovery", "off-season"]),
            notes="",
        )
        self._races(patient_id, first_visit)
        flags = self._flags(patient_id, first_visit, sex, dob)
        self._consents(patient_id, first_visit)
        self._history(patient_id, first_visit, veteran, flags)
        add_showcase(self, index, patient_id, flags)

    def _insurance(self, patient_id: int, when: date, last: str) -> None:
        rng = self.rng
        if rng.random() > 0.75:
            return
        relationship = rng.choices(["self", "spouse", "child"], weights=[8, 2, 1])[0]
        subscriber = "" if relationship == "self" else f"{demo_people.person_name(rng)[0]} {last}"
        self.add_tracked(
            m.Insurance,
            when,
            patient_id=patient_id,
            rank=1,
            payer=rng.choice(demo_people.PAYERS),
            member_id=f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10**8, 10**9)}",
            group_number=f"G{rng.randrange(10000, 99999)}",
            subscriber_name=subscriber,
            subscriber_dob=None
            if relationship == "self"
            else demo_people.birth_date(rng, self.today),
            subscriber_address="",
            relationship_to_subscriber=relationship,
            active=True,
        )

    def _races(self, patient_id: int, when: date) -> None:
        rng = self.rng
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            name, distance = rng.choice(demo_people.RACES)
            race_day = self.today + timedelta(days=rng.randrange(-900, 150))
            race_day = max(race_day, when)
            self.add_tracked(
                m.Race,
                when,
                patient_id=patient_id,
                name=name,
                race_date=race_day,
                distance=distance,
                priority=rng.choice("AABC"),
                archived=False,
            )

    def _flags(self, patient_id: int, when: date, sex: str, dob: date) -> set[str]:
        rng = self.rng
        kinds: set[str] = set()
        for kind, rate, detail in FLAG_RATES:
            if rng.random() < rate:
                kinds.add(kind)
                self.add_tracked(
                    m.PatientFlag,
                    when,
                    patient_id=patient_id,
                    kind=kind,
                    detail=detail,
                    active=True,
                )
        age = (self.today - dob).days // 365
        if sex == "F" and 20 <= age <= 42 and rng.random() < 0.03:
            kinds.add("pregnancy")
            self.add_tracked(
                m.PatientFlag,
                when,
                patient_id=patient_id,
                kind="pregnancy",
                detail="Second trimester",
                active=True,
            )
        return kinds

    def _consents(self, patient_id: int, when: date) -> None:
        rng = self.rng
        for modality, rate in (
            ("acupuncture", 1.0),
            ("dry_needling", 0.95),
            ("electroacupuncture", 0.9),
            ("cupping", 0.85),
        ):
            if rng.random() < rate:
                self.add_tracked(
                    m.Consent,
                    when,
                    patient_id=patient_id,
                    modality=modality,
                    signed_on=when,
                    form_version="2024-1",
                    revoked_on=None,
                )

    def _history(self, patient_id: int, first_visit: date, veteran: bool, flags: set[str]) -> None:
        rng, today = self.rng, self.today
        provider = rng.choice(self.provider_ids)
        start = first_visit
        for _ in range(rng.choices([1, 2, 3], weights=[16, 4, 1])[0]):
            if start >= today:
                break
            protocol = rng.choice(catalog.protocols())
            onset = start - timedelta(days=rng.randrange(3, 150))
            band = chronicity(onset, start)
            sessions = {
                Chronicity.ACUTE: (2, 6),
                Chronicity.SUBACUTE: (4, 10),
                Chronicity.CHRONIC: (8, 16),
            }[band]
            planned = rng.randint(*sessions)
            start = self.visits.write_episode(
                patient_id, provider, protocol, onset, start, planned, flags
            )
            start += timedelta(days=rng.randrange(30, 500))
        if veteran:
            self.visits.write_maintenance(
                patient_id, provider, first_visit, flags, every_days=(12, 24), until=today
            )
        elif rng.random() < 0.15:
            self.visits.write_maintenance(
                patient_id,
                provider,
                start,
                flags,
                every_days=(14, 42),
                until=start + timedelta(days=rng.randrange(60, 540)),
            )
