"""The accounting of disclosures a patient may ask for (HIPAA, 45 CFR 164.528): PDF and CSV.

One content model, two renderings: the letter-size PDF on the clinic's letterhead and a CSV
for a spreadsheet (every cell through ``csv_writer``, so a recipient typed as a formula
stays text).
"""

import io
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from sportacu_desktop.domain.documents import PatientLine, PracticeHeader
from sportacu_desktop.reports.common import (
    FONT,
    MARGIN,
    PAGE,
    RULE,
    embed_table_fonts,
    grid,
    numbered_pages,
    para,
)
from sportacu_desktop.reports.csv_writer import SafeCsvWriter
from sportacu_desktop.reports.note_content import local_time, long_date

WIDTH = PAGE[0] - 2 * MARGIN
CSV_HEADER = ("Date", "Document", "Given to", "Purpose", "Disclosed by")


@dataclass(frozen=True)
class AccountingEntry:
    disclosed_at: datetime
    description: str
    recipient: str
    purpose: str
    disclosed_by: str


@dataclass(frozen=True)
class AccountingDocument:
    practice: PracticeHeader
    patient: PatientLine
    period_start: date
    period_end: date
    prepared_on: date
    prepared_by: str
    entries: tuple[AccountingEntry, ...]


def _header(doc: AccountingDocument) -> list:
    practice, patient = doc.practice, doc.patient
    left = [para(practice.name or "Clinic", "title")] + [
        para(line, "small") for line in (*practice.address_lines, practice.phone) if line
    ]
    right = [
        para("Accounting of disclosures", "h2"),
        para(f"Prepared {long_date(doc.prepared_on)} by {doc.prepared_by}", "small"),
    ]
    top = Table([[left, right]], colWidths=[WIDTH * 0.58, WIDTH * 0.42])
    top.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE)])
    )
    facts = [
        ["Patient", patient.full_name, "Date of birth", f"{patient.date_of_birth:%m/%d/%Y}"],
        [
            "Chart",
            patient.chart_number,
            "Period",
            f"{long_date(doc.period_start)} – {long_date(doc.period_end)}",
        ],
    ]
    table = grid(facts, [WIDTH * 0.13, WIDTH * 0.37, WIDTH * 0.15, WIDTH * 0.35], header=False)
    return [top, Spacer(1, 8), table, Spacer(1, 10)]


def render_accounting_pdf(doc: AccountingDocument, zone: tzinfo | None = None) -> bytes:
    story = _header(doc)
    if doc.entries:
        rows = [list(CSV_HEADER)] + [
            [
                local_time(e.disclosed_at, zone),
                e.description,
                e.recipient,
                e.purpose,
                e.disclosed_by,
            ]
            for e in doc.entries
        ]
        widths = [0.19, 0.25, 0.22, 0.20, 0.14]
        story.append(grid(rows, [WIDTH * w for w in widths]))
    else:
        story.append(para("No records of this patient were disclosed in this period."))
    story += [
        Spacer(1, 12),
        para(
            "This list names every document from the patient's record that the clinic gave "
            "to anyone outside the clinic in the period shown: when, what, to whom, why and "
            "by whom.",
            "small",
        ),
    ]
    embed_table_fonts(story)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=0.6 * inch,
        bottomMargin=0.8 * inch,
        title=f"Accounting of disclosures — {doc.patient.full_name}",
        author=doc.practice.name,
        invariant=1,
        initialFontName=FONT,  # every font in the file embedded, no standard Helvetica
    )
    label = f"{doc.patient.full_name} · {doc.patient.chart_number} · Accounting of disclosures"
    template.build(story, canvasmaker=numbered_pages(label))
    return buffer.getvalue()


def accounting_csv(doc: AccountingDocument, zone: tzinfo | None = None) -> bytes:
    handle = io.StringIO()
    writer = SafeCsvWriter(handle)
    writer.writerow(("Patient", doc.patient.full_name, "Chart", doc.patient.chart_number))
    writer.writerow(("Period", doc.period_start.isoformat(), "to", doc.period_end.isoformat()))
    writer.writerow(())
    writer.writerow(CSV_HEADER)
    for e in doc.entries:
        moment = e.disclosed_at.astimezone(zone)
        writer.writerow(
            (
                moment.isoformat(timespec="minutes"),
                e.description,
                e.recipient,
                e.purpose,
                e.disclosed_by,
            )
        )
    return handle.getvalue().encode("utf-8")
