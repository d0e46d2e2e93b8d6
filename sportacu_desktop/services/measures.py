"""Recording a session's outcome measures and recovery markers as typed, all or nothing."""

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain import validation as v
from sportacu_desktop.domain.errors import NotFound
from sportacu_desktop.domain.outcomes import INSTRUMENTS, psfs_score, score_problem
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.storage import models as m


def _number(errors: v.FieldErrors, key: str, text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        errors.add(key, f"{INSTRUMENTS[key].label}: type a number, like 6 or 6.5.")
        return None


class Measures:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def record(
        self,
        episode_id: int,
        values: dict[str, str],
        *,
        psfs: Sequence[tuple[str, str]] = (),
        measured_on: str = "",
        visit_id: int | None = None,
        today: date | None = None,
    ) -> int:
        """Store every filled-in measure of one session; returns how many were stored.

        ``values`` maps an instrument key (NPRS, LEFS, HRV, ...) to the text typed; empty
        ones are skipped. ``psfs`` holds (activity, score) rows. Nothing is stored unless
        everything typed is valid.
        """
        require(self._actor, Action.RECORD_MEASURES)
        errors = v.FieldErrors()
        when = today or date.today()
        if measured_on.strip():
            try:
                when = v.parse_date(measured_on)
            except ValueError as exc:
                errors.add("measured_on", str(exc))
            else:
                if when > (today or date.today()):
                    errors.add("measured_on", "A measure cannot be dated in the future.")
        scores: list[tuple[str, float, str]] = []
        for key, text in values.items():
            if key not in INSTRUMENTS:
                errors.add(key, "Choose an outcome measure from the list.")
                continue
            if not text.strip():
                continue
            number = _number(errors, key, text)
            if number is not None:
                problem = score_problem(key, number)
                errors.add(key, problem)
                if not problem:
                    scores.append((key, number, ""))
        rows = [(name, text) for name, text in psfs if name.strip() or text.strip()]
        if rows:
            activities = []
            for name, text in rows:
                number = _number(errors, "PSFS", text) if text.strip() else None
                if number is None and not text.strip():
                    errors.add("PSFS", f"Score “{name.strip() or '…'}” from 0 to 10.")
                activities.append((name, number if number is not None else -1))
            total, problem = psfs_score(activities)
            errors.add("PSFS", problem)
            if total is not None and not problem:
                detail = json.dumps([[n.strip(), s] for n, s in activities if n.strip()])
                scores.append(("PSFS", total, detail))
        if not scores and not errors.errors:
            errors.add("measures", "Type at least one score.")
        errors.raise_if_any()
        with self._sessions.begin() as session:
            episode = session.get(m.Episode, episode_id)
            if episode is None:
                raise NotFound(f"Episode {episode_id} does not exist.")
            if visit_id is not None:
                visit = session.get(m.Visit, visit_id)
                if visit is None or visit.patient_id != episode.patient_id:
                    raise NotFound(f"Visit {visit_id} is not this patient's.")
                if visit.status == "signed":
                    raise v.FieldErrors({"measures": "This visit is signed: add an addendum."})
            for key, score, detail in scores:
                session.add(
                    m.OutcomeMeasure(
                        patient_id=episode.patient_id,
                        episode_id=episode_id,
                        visit_id=visit_id,
                        instrument=key,
                        measured_on=when,
                        score=score,
                        detail=detail,
                        created_by=self._actor.username,
                        updated_by=self._actor.username,
                    )
                )
            audit.record(
                session,
                self._actor,
                "create",
                patient_id=episode.patient_id,
                entity="outcome_measure",
                detail=", ".join(f"{k} {s:g}" for k, s, _ in scores),
            )
        return len(scores)
