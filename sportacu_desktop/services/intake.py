"""Athlete intake: dated entries, so a later intake never erases an earlier one."""

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage.patients import Intake, Patient

TEXT_FIELDS = (
    "chief_complaint",
    "injury_history",
    "training_load",
    "biomechanics",
    "gut",
    "stress",
)


@dataclass(frozen=True)
class IntakeInput:
    """As typed; numbers are text until validated."""

    taken_on: str = ""
    chief_complaint: str = ""
    injury_history: str = ""
    training_load: str = ""
    biomechanics: str = ""
    sleep_hours: str = ""
    sleep_quality: str = ""
    hrv_ms: str = ""
    resting_hr: str = ""
    gut: str = ""
    stress: str = ""


@dataclass(frozen=True)
class IntakeEntry:
    id: int
    taken_on: date
    chief_complaint: str
    injury_history: str
    training_load: str
    biomechanics: str
    sleep_hours: float | None
    sleep_quality: int | None
    hrv_ms: int | None
    resting_hr: int | None
    gut: str
    stress: str
    recorded_by: str


def _number(
    text: str,
    field: str,
    low: float,
    high: float,
    what: str,
    errors: v.FieldErrors,
    *,
    whole: bool = True,
):
    if not text.strip():
        return None
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        errors.add(field, f"The {what} must be a {'whole ' if whole else ''}number.")
        return None
    if not low <= value <= high:
        errors.add(field, f"The {what} must be between {low:g} and {high:g}.")
        return None
    return value


def clean_intake(data: IntakeInput, today: date) -> dict:
    errors = v.FieldErrors()
    taken = today
    if data.taken_on.strip():
        try:
            taken = v.parse_date(data.taken_on)
        except ValueError as exc:
            errors.add("taken_on", str(exc))
        else:
            if taken > today:
                errors.add("taken_on", "An intake cannot be dated in the future.")
    errors.add("chief_complaint", v.required(data.chief_complaint, "chief complaint"))
    values = {name: getattr(data, name).strip() for name in TEXT_FIELDS}
    v.text_problems(values, errors, multiline=frozenset(TEXT_FIELDS))
    for name, text in values.items():
        errors.add(name, v.length_problem(text, 20000, name.replace("_", " ")))
    values.update(
        taken_on=taken,
        sleep_hours=_number(
            data.sleep_hours, "sleep_hours", 0, 24, "sleep hours", errors, whole=False
        ),
        sleep_quality=_number(
            data.sleep_quality,
            "sleep_quality",
            1,
            5,
            "sleep quality (1 poor – 5 excellent)",
            errors,
        ),
        hrv_ms=_number(data.hrv_ms, "hrv_ms", 1, 300, "HRV in ms", errors),
        resting_hr=_number(data.resting_hr, "resting_hr", 20, 150, "resting heart rate", errors),
    )
    errors.raise_if_any()
    return values


class Intakes:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def add(self, patient_id: int, data: IntakeInput, *, today: date | None = None) -> IntakeEntry:
        require(self._actor, Action.TAKE_INTAKE)
        values = clean_intake(data, today or date.today())
        with self._sessions.begin() as session:
            if session.get(Patient, patient_id) is None:
                raise LookupError(f"Patient {patient_id} does not exist.")
            intake = Intake(
                patient_id=patient_id,
                created_by=self._actor.username,
                updated_by=self._actor.username,
                **values,
            )
            session.add(intake)
            session.flush()
            audit.record(
                session,
                self._actor,
                "create",
                patient_id=patient_id,
                entity="intake",
                entity_id=intake.id,
                detail=f"intake of {values['taken_on']}",
            )
            return _entry(intake)

    def history(self, patient_id: int) -> list[IntakeEntry]:
        """Newest first."""
        require(self._actor, Action.READ_INTAKES)
        with self._sessions.begin() as session:
            rows = session.scalars(
                select(Intake)
                .where(Intake.patient_id == patient_id)
                .order_by(Intake.taken_on.desc(), Intake.id.desc())
            ).all()
            audit.record(
                session,
                self._actor,
                "view",
                patient_id=patient_id,
                entity="intake",
                detail=f"{len(rows)} intakes",
            )
            return [_entry(row) for row in rows]


def _entry(row: Intake) -> IntakeEntry:
    return IntakeEntry(
        row.id,
        row.taken_on,
        row.chief_complaint,
        row.injury_history,
        row.training_load,
        row.biomechanics,
        row.sleep_hours,
        row.sleep_quality,
        row.hrv_ms,
        row.resting_hr,
        row.gut,
        row.stress,
        row.created_by,
    )


def as_input(entry: IntakeEntry) -> IntakeInput:
    """An earlier intake as a starting point for a new one (the date is left for today)."""
    values = asdict(entry)
    return IntakeInput(
        **{
            name: "" if values.get(name) is None else str(values[name])
            for name in IntakeInput.__dataclass_fields__
            if name != "taken_on"
        }
    )
