"""The accounting of disclosures for one patient, as the PDF or CSV handed to them."""

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from sportacu_desktop.domain.disclosures import ACCOUNTING_YEARS
from sportacu_desktop.domain.documents import PatientLine
from sportacu_desktop.domain.errors import InvalidInput, NotFound
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.reports.disclosure_accounting import (
    AccountingDocument,
    AccountingEntry,
    accounting_csv,
    render_accounting_pdf,
)
from sportacu_desktop.services import audit
from sportacu_desktop.services.context import Actor, require
from sportacu_desktop.services.disclosures import rows_for
from sportacu_desktop.services.documents import practice_header
from sportacu_desktop.storage import models as m


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class DisclosureAccounting:
    def __init__(self, session_factory: sessionmaker[Session], actor: Actor):
        self._sessions = session_factory
        self._actor = actor

    def document(
        self,
        patient_id: int,
        start: date | None = None,
        end: date | None = None,
        *,
        today: date | None = None,
    ) -> AccountingDocument:
        """The patient's disclosures from ``start`` (default: six years back) to ``end``."""
        require(self._actor, Action.VIEW_DISCLOSURES)
        today = today or date.today()
        end = end or today
        start = start or years_before(end, ACCOUNTING_YEARS)
        if start > end:
            raise InvalidInput("The period must start before it ends.")
        with self._sessions.begin() as session:
            patient = session.get(m.Patient, patient_id)
            if patient is None:
                raise NotFound("This patient is not in the clinic's records.")
            rows = rows_for(session, patient_id, start, end)
            audit.record(
                session,
                self._actor,
                "export",
                patient_id=patient_id,
                entity="disclosure_accounting",
                detail=f"{start.isoformat()} to {end.isoformat()}: {len(rows)} disclosures",
            )
            return AccountingDocument(
                practice=practice_header(session),
                patient=PatientLine(
                    f"{patient.first_name} {patient.last_name}",
                    patient.date_of_birth,
                    patient.chart_number,
                    patient.sex,
                ),
                period_start=start,
                period_end=end,
                prepared_on=today,
                prepared_by=self._actor.display_name,
                entries=tuple(
                    AccountingEntry(
                        r.disclosed_at, r.description, r.recipient, r.purpose, r.disclosed_by_name
                    )
                    for r in rows
                ),
            )

    def pdf(self, patient_id: int, start: date | None = None, end: date | None = None) -> bytes:
        return render_accounting_pdf(self.document(patient_id, start, end))

    def csv(self, patient_id: int, start: date | None = None, end: date | None = None) -> bytes:
        return accounting_csv(self.document(patient_id, start, end))
