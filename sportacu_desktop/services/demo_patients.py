"""A demo patient from registration on: demographics, insurance, athlete profile, races,
flags, consents, then their charted history; and what the front desk recorded for each.

The demo builder (``services/demo.py``) derives from it and supplies the random
generator, ``today``, the day the clinic ``opened``, its providers and contacts.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from sportacu_desktop.domain import catalog
from sportacu_desktop.domain.episodes import Chronicity, chronicity
from sportacu_desktop.domain.identifiers import chart_number
from sportacu_desktop.services import demo_people
from sportacu_desktop.services.demo_athletes import (
    BY_NAME,
    CONSENT_MODALITIES,
    SPORTS,
    Sport,
    consent_version,
    volume_text,
)
from sportacu_desktop.services.demo_care import add_showcase, showcase_sport
from sportacu_desktop.services.demo_rows import RowBuffer
from sportacu_desktop.services.demo_treatments import FRONT_DESK, DemoPatient
from sportacu_desktop.services.demo_visits import VisitWriter
from sportacu_desktop.storage import models as m
from sportacu_desktop.storage.search import patient_search_key

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
# A pregnancy flag still active today belongs to someone first seen this year.
PREGNANCY_RECENT_DAYS = 200
# Dependants are covered on a parent's plan until 26.
DEPENDANT_AGE = 26


def _years(days: int) -> int:
    return days * 10000 // 3652425


class DemoPatients(RowBuffer):
    # Supplied by the demo builder.
    rng: random.Random
    today: date
    opened: date
    consent_versions: tuple[tuple[date, str], ...]
    contact_ids: list[int]
    provider_ids: list[int]
    visits: VisitWriter

    def write_patient(self, index: int) -> None:
        rng, today = self.rng, self.today
        # The first patients are long-standing maintenance athletes, so the clinic has
        # charts with a decade of visits (200 or so) as a real one would.
        veteran = index % 400 == 0
        if veteran:
            first_visit = self.opened + timedelta(days=rng.randrange(0, 60))
        else:
            span = (today - self.opened).days
            first_visit = self.opened + timedelta(days=int(span * rng.random() ** 0.8))
            first_visit = min(first_visit, today - timedelta(days=1))
        first, last, sex = demo_people.person_name(rng)
        # Adults (16 and over) on their first visit, not on the day the demo is made.
        dob = first_visit - timedelta(days=rng.randrange(16 * 365 + 5, 62 * 365))
        booked = max(self.opened, first_visit - timedelta(days=rng.randint(0, 10)))
        registered = datetime.combine(booked, time(7, rng.randrange(0, 30)), UTC)
        chart = chart_number(self.next_id.get(m.Patient, 1))
        phone = demo_people.phone(rng)
        patient_id = self.add_tracked(
            m.Patient,
            registered,
            by=FRONT_DESK,
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
            archived_at=None,
            **demo_people.address(rng),
        )
        patient_row = self.rows[m.Patient][-1]
        self._front_desk(registered, "create", patient_id, "patient", f"registered {chart}")
        self._insurance(patient_id, registered, last, dob)
        for contact_id in rng.sample(self.contact_ids, rng.choice([0, 1, 1, 2])):
            self.add_tracked(
                m.CareTeamLink,
                registered,
                by=FRONT_DESK,
                patient_id=patient_id,
                contact_id=contact_id,
                is_referring=rng.random() < 0.5,
                active=True,
            )
        sport = BY_NAME.get(showcase_sport(index) or "") or rng.choice(SPORTS)
        volume = sport.weekly_volume(rng)
        self.add_tracked(
            m.AthleteProfile,
            registered,
            by=FRONT_DESK,
            patient_id=patient_id,
            sports=sport.name,
            weekly_volume=volume_text(sport, volume),
            training_phase=rng.choice(["base", "build", "peak", "taper", "recovery", "off-season"]),
            notes="",
        )
        self._races(patient_id, registered, sport)
        flags = self._flags(patient_id, registered, sex, dob)
        consents = self._consents(patient_id, first_visit)
        patient = DemoPatient(patient_id, frozenset(flags), consents, sport, volume)
        self.visits.last_visit = None
        self._history(patient, first_visit, veteran)
        add_showcase(self, index, patient)
        self._maybe_archive(patient_row, patient_id, chart)

    def _front_desk(self, at, action: str, patient_id: int, entity: str, detail: str) -> None:
        self.event(at, FRONT_DESK, action, patient_id=patient_id, entity=entity, detail=detail)

    def _insurance(self, patient_id: int, when: datetime, last: str, dob: date) -> None:
        rng = self.rng
        if rng.random() > 0.75:
            return
        relationship = rng.choices(["self", "spouse", "child"], weights=[8, 2, 1])[0]
        if relationship == "child" and _years((when.date() - dob).days) >= DEPENDANT_AGE:
            relationship = "self"
        subscriber_dob = None
        if relationship == "spouse":
            subscriber_dob = dob + timedelta(days=rng.randrange(-6 * 365, 6 * 365))
        elif relationship == "child":
            subscriber_dob = dob - timedelta(days=rng.randrange(22 * 365, 40 * 365))
        subscriber = "" if relationship == "self" else f"{demo_people.person_name(rng)[0]} {last}"
        self.add_tracked(
            m.Insurance,
            when,
            by=FRONT_DESK,
            patient_id=patient_id,
            rank=1,
            payer=rng.choice(demo_people.PAYERS),
            member_id=f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10**8, 10**9)}",
            group_number=f"G{rng.randrange(10000, 99999)}",
            subscriber_name=subscriber,
            subscriber_dob=subscriber_dob,
            subscriber_address="",
            relationship_to_subscriber=relationship,
            active=True,
        )

    def _races(self, patient_id: int, registered: datetime, sport: Sport) -> None:
        """Races of the athlete's own sport, each told to the clinic some weeks before."""
        rng, today = self.rng, self.today
        earliest = max(registered.date() + timedelta(days=14), today - timedelta(days=900))
        latest = today + timedelta(days=150)
        if earliest >= latest:
            return
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            name, distance = rng.choice(sport.races)
            race_day = earliest + timedelta(days=rng.randrange((latest - earliest).days))
            told = race_day - timedelta(days=rng.randint(14, 120))
            told = min(max(told, registered.date()), today - timedelta(days=1))
            told_at = max(registered, datetime.combine(told, time(12, rng.randrange(60)), UTC))
            self.add_tracked(
                m.Race,
                told_at,
                by=FRONT_DESK,
                patient_id=patient_id,
                name=name,
                race_date=race_day,
                distance=distance,
                priority=rng.choice("AABC"),
                archived=False,
            )
            self._front_desk(told_at, "create", patient_id, "race", f"{name} on {race_day}")

    def _flags(self, patient_id: int, when: datetime, sex: str, dob: date) -> set[str]:
        rng = self.rng
        kinds: set[str] = set()
        for kind, rate, _detail in FLAG_RATES:
            if rng.random() < rate:
                kinds.add(kind)
        age = _years((when.date() - dob).days)
        recent = (self.today - when.date()).days < PREGNANCY_RECENT_DAYS
        if sex == "F" and 20 <= age <= 42 and recent and rng.random() < 0.03:
            kinds.add("pregnancy")
        details = {kind: detail for kind, _rate, detail in FLAG_RATES}
        details["pregnancy"] = "Second trimester"
        for kind in sorted(kinds):
            self.add_tracked(
                m.PatientFlag,
                when,
                by=FRONT_DESK,
                patient_id=patient_id,
                kind=kind,
                detail=details[kind],
                active=True,
            )
            self._front_desk(when, "create", patient_id, "flag", kind)
        return kinds

    def _consents(self, patient_id: int, first_visit: date) -> frozenset[str]:
        """Signed on the first visit, on the form version in use that day."""
        rng = self.rng
        signed_at = datetime.combine(first_visit, time(7, 40), UTC)
        version = consent_version(self.consent_versions, first_visit)
        signed = set()
        for modality, rate in CONSENT_MODALITIES:
            if rng.random() < rate:
                signed.add(modality)
                self.add_tracked(
                    m.Consent,
                    signed_at,
                    by=FRONT_DESK,
                    patient_id=patient_id,
                    modality=modality,
                    signed_on=first_visit,
                    form_version=version,
                    revoked_on=None,
                )
                detail = f"{modality} signed {first_visit}"
                self._front_desk(signed_at, "create", patient_id, "consent", detail)
        return frozenset(signed)

    def _history(self, patient: DemoPatient, first_visit: date, veteran: bool) -> None:
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
            start = self.visits.write_episode(patient, provider, protocol, onset, start, planned)
            start += timedelta(days=rng.randrange(30, 500))
        if veteran:
            self.visits.write_maintenance(
                patient, provider, first_visit, every_days=(12, 24), until=today
            )
        elif rng.random() < 0.15:
            self.visits.write_maintenance(
                patient,
                provider,
                start,
                every_days=(14, 42),
                until=start + timedelta(days=rng.randrange(60, 540)),
            )

    def _maybe_archive(self, row: dict, patient_id: int, chart: str) -> None:
        """A few patients moved away: archived some months after their last visit."""
        rng, last = self.rng, self.visits.last_visit
        if rng.random() >= 0.03 or last is None:
            return
        day = last + timedelta(days=rng.randint(60, 400))
        if day >= self.today:
            return
        row["archived_at"] = at = datetime.combine(day, time(10), UTC)
        row["updated_at"], row["updated_by"] = at, FRONT_DESK
        self._front_desk(at, "archive", patient_id, "patient", f"archived {chart}")
