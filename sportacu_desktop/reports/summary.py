"""The treatment summary PDF: a letter to the patient's PT or physician, one or two pages.

Letterhead, recipient and patient, diagnoses, findings initial vs latest, what was done,
outcome measures as a figure and a table, response, recommendations, signature. Every
table names the embedded font for all its cells (reportlab would otherwise name
Helvetica, which is not embedded).
"""

import io

from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from sportacu_desktop.reports.common import (
    BAND,
    FONT,
    INK,
    MARGIN,
    PAGE,
    RULE,
    emergency_band,
    numbered_pages,
    para,
)
from sportacu_desktop.reports.summary_content import (
    Findings,
    MeasureRow,
    Section,
    SummaryContent,
    long_date,
    short_date,
)

WIDTH = PAGE[0] - 2 * MARGIN
ROLE_WORDS = {"PT": "Physical therapist", "physician": "Physician", "surgeon": "Surgeon"}
FIGURE_PANEL_IN = 0.75  # height of one measure's panel in the figure
SEX_WORDS = {"F": "female", "M": "male"}


def _heading(text: str):
    """A section title that never ends a page alone."""
    heading = para(text, "h2")
    heading.keepWithNext = True
    return heading


def _plain(commands: list | None = None, *, padding: float = 0) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            *(commands or []),
        ]
    )


def _ruled(rows: list[list], weights: list[float]) -> Table:
    """A table with a header band; every cell a paragraph so long text wraps."""
    cells = [[para(c, "label") for c in rows[0]]]
    cells += [[para(c) for c in row] for row in rows[1:]]
    total = sum(weights)
    table = Table(cells, colWidths=[WIDTH * w / total for w in weights], repeatRows=1)
    table.setStyle(
        _plain(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ],
            padding=4,
        )
    )
    return table


def _labelled(rows: list[tuple[str, str]], label_width: float = 0.22) -> Table:
    cells = [[para(label, "label"), para(value)] for label, value in rows if value]
    table = Table(cells, colWidths=[WIDTH * label_width, WIDTH * (1 - label_width)])
    table.setStyle(_plain([("BOTTOMPADDING", (0, 0), (-1, -1), 3)], padding=0))
    return table


def _header(c: SummaryContent) -> list:
    p = c.practice
    contact = "  ·  ".join(
        x for x in (p.phone and f"Phone {p.phone}", c.practice_fax and f"Fax {c.practice_fax}") if x
    )
    left = [para(p.name, "title"), *[para(line, "small") for line in p.address_lines]]
    if contact:
        left.append(para(contact, "small"))
    right = [
        para("TREATMENT SUMMARY", "h2"),
        para(f"No. {c.number}" if c.number else "Preview — not issued", "small"),
        para(long_date(c.issued_on), "small"),
    ]
    top = Table([[left, right]], colWidths=[WIDTH * 0.64, WIDTH * 0.36])
    top.setStyle(
        _plain(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [top, Spacer(1, 8)]


def _addressees(c: SummaryContent) -> Table:
    if c.recipient is not None:
        r = c.recipient
        role = ROLE_WORDS.get(r.role, r.role.capitalize())
        to = [
            para("To", "label"),
            para(r.name),
            para(" · ".join(x for x in (role, r.practice) if x)),
        ]
        to += [
            para(x, "small")
            for x in (r.phone and f"Phone {r.phone}", r.fax and f"Fax {r.fax}")
            if x
        ]
    else:
        to = [para("To", "label"), para("The treating clinician")]
    patient = c.patient
    sex = SEX_WORDS.get(patient.sex, "")
    about = [
        para("Patient", "label"),
        para(patient.full_name),
        para(
            f"Date of birth {short_date(patient.date_of_birth)}" + (f", {sex}" if sex else ""),
            "small",
        ),
        para(f"Chart no. {patient.chart_number}", "small"),
        para(
            f"Care {short_date(c.period[0])} – {short_date(c.period[1])}, "
            f"{c.visit_count} visit{'s' if c.visit_count != 1 else ''}",
            "small",
        ),
    ]
    table = Table([[to, about]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(_plain([("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def _diagnoses(c: SummaryContent) -> list:
    story: list = [_heading(f"Re: {c.subject}")]
    if c.recipient is not None:
        # "Aisha Osei, DPT" is greeted by name; the credentials are in the address block.
        story.append(para(f"Dear {c.recipient.name.split(',')[0].strip()},"))
        story.append(Spacer(1, 3))
    first, last = c.period
    visits = f"{c.visit_count} visit{'s' if c.visit_count != 1 else ''}"
    clinic = c.practice.name or "our clinic"
    story.append(
        para(
            f"This is a summary of {c.patient.full_name}'s care at {clinic} "
            f"from {long_date(first)} to {long_date(last)} ({visits})."
        )
    )
    if c.personal_note:
        story.append(para(c.personal_note))
    story.append(Spacer(1, 5))
    if c.diagnoses:
        story.append(
            _ruled(
                [["ICD-10-CM", "Diagnosis"], *[[code, text] for code, text in c.diagnoses]],
                [0.16, 0.84],
            )
        )
    onset = f"Onset {long_date(c.onset)}" if c.onset else ""
    line = " · ".join(x for x in (onset, c.chronicity) if x)
    if line:
        story += [Spacer(1, 3), para(line, "small")]
    return story


def _findings(f: Findings) -> list:
    story: list = [_heading(Section.FINDINGS.label)]
    if f.latest_on is None:
        headers = ["Finding", f"Examined {short_date(f.initial_on)}"]
        weights = [0.6, 0.4]
    else:
        headers = [
            "Finding",
            f"Initial ({short_date(f.initial_on)})",
            f"Latest ({short_date(f.latest_on)})",
        ]
        weights = [0.5, 0.25, 0.25]
    for title, rows in (
        ("Special tests", f.tests),
        ("Range of motion", f.rom),
        ("Manual muscle testing", f.muscle_tests),
    ):
        if not rows:
            continue
        cells = [[title, *headers[1:]]]
        for row in rows:
            values = (
                [row.initial] if f.latest_on is None else [row.initial or "—", row.latest or "—"]
            )
            cells.append([row.finding, *values])
        story += [_ruled(cells, weights), Spacer(1, 4)]
    return story


def _treatment(c: SummaryContent) -> list:
    rows = [("Visits", f"{c.visit_count}: {c.visit_dates}"), *c.treatment]
    return [_heading(Section.TREATMENT.label), _labelled(rows)]


def _measure_table(rows: tuple[MeasureRow, ...], first_title: str) -> Table:
    with_verdict = any(r.verdict for r in rows)
    header = [first_title, "First", "Latest", "Change"] + (
        ["Against the MCID"] if with_verdict else []
    )
    weights = [0.2, 0.22, 0.22, 0.09] + ([0.27] if with_verdict else [])
    body = [
        [r.label, r.first, r.latest or "—", r.change or "—"]
        + ([r.verdict or "—"] if with_verdict else [])
        for r in rows
    ]
    return _ruled([header, *body], weights)


def _outcomes(c: SummaryContent) -> list:
    heading = _heading(Section.OUTCOMES.label)
    table = _measure_table(c.measures, "Measure")
    if c.figure is None or c.figure.empty:
        return [KeepTogether([heading, table])]
    from sportacu_desktop.reports.outcome_drawing import pdf_drawing

    drawing = pdf_drawing(c.figure, 6.6, 0.45 + FIGURE_PANEL_IN * len(c.figure.series))
    drawing.hAlign = "CENTER"
    legend = para("Shaded: within the MCID of the first score. Grey lines: visits.", "small")
    # The heading never ends a page alone; the table may run on.
    return [KeepTogether([heading, drawing, legend]), Spacer(1, 4), table]


def _recommendations(c: SummaryContent) -> list:
    rows = [
        ("Training and rehab", c.recommendations),
        ("Plan", c.plan),
        ("Next reassessment", c.next_reassessment),
        ("Discharged", c.discharged),
    ]
    return [_heading(Section.RECOMMENDATIONS.label), _labelled(rows)]


def _signature(c: SummaryContent) -> list:
    block: list = [Spacer(1, 8), para("Sincerely,"), Spacer(1, 20)]
    s = c.signer
    if s is None:
        block.append(para(c.practice.name))
    else:
        rule = Table([[""]], colWidths=[WIDTH * 0.45], rowHeights=[2], hAlign="LEFT")
        rule.setStyle(_plain([("LINEABOVE", (0, 0), (0, 0), 0.8, INK)]))
        block += [rule, para(s.signature_name or s.name)]
        details = " · ".join(
            x for x in (s.license and f"License {s.license}", s.npi and f"NPI {s.npi}") if x
        )
        if details:
            block.append(para(details, "small"))
        block.append(para(c.practice.name, "small"))
    block += [
        Spacer(1, 8),
        para(
            "Confidential: this letter holds protected health information shared for the "
            "patient's continuing care. If it reached you in error, please tell the clinic "
            "and destroy it.",
            "small",
        ),
    ]
    return [KeepTogether(block)]


def story_of(c: SummaryContent) -> list:
    story = [*_header(c), _addressees(c), *_diagnoses(c)]
    if c.shows(Section.FINDINGS) and c.findings is not None:
        story += _findings(c.findings)
    if c.shows(Section.TREATMENT):
        story += _treatment(c)
    if c.shows(Section.ADVERSE_EVENTS):
        story += [
            _heading(Section.ADVERSE_EVENTS.label),
            *[para(f"• {e}") for e in c.adverse_events],
        ]
    if c.shows(Section.OUTCOMES):
        story += _outcomes(c)
    if c.shows(Section.RECOVERY):
        story += [_heading(Section.RECOVERY.label), _measure_table(c.recovery, "Marker")]
    if c.shows(Section.RESPONSE):
        story += [_heading(Section.RESPONSE.label), *[para(line) for line in c.response]]
    if c.shows(Section.RECOMMENDATIONS):
        story += _recommendations(c)
    return story + _signature(c)


def render_summary(c: SummaryContent) -> bytes:
    buffer = io.BytesIO()
    top = 0.6 * inch + (0.6 * inch if c.emergency_mark else 0)
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=0.75 * inch,
        title=f"Treatment summary {c.number}".strip(),
        author=c.practice.name,
        subject=f"{c.patient.full_name} — {c.subject}",
        invariant=1,
        initialFontName=FONT,
    )
    label = (
        f"{c.patient.full_name} · {c.patient.chart_number} · Treatment summary {c.number}".strip()
    )
    band = emergency_band(c.emergency_mark)
    template.build(
        story_of(c), onFirstPage=band, onLaterPages=band, canvasmaker=numbered_pages(label)
    )
    return buffer.getvalue()
