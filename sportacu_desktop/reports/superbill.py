"""The superbill PDF: provider block, patient and insurance, diagnoses, services, totals."""

import io

from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Image,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sportacu_desktop.domain.billing import PAYMENT_METHODS, format_money
from sportacu_desktop.reports.common import (
    BAND,
    BOLD,
    FONT,
    INK,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    embed_table_fonts,
    numbered_pages,
    para,
)
from sportacu_desktop.reports.superbill_content import SuperbillContent

WIDTH = PAGE[0] - 2 * MARGIN
PAYMENTS_BESIDE_TOTALS = 6
RELATIONSHIP = {"self": "Self", "spouse": "Spouse", "child": "Child", "other": "Other"}


def _facts(title: str, rows: list[tuple[str, str]]) -> list:
    """A titled block of label/value lines (empty values left out).

    Plain strings, not paragraphs: a table draws them several times faster, and a
    day of superbills is drawn while the front desk waits.
    """
    cells = [[label, value] for label, value in rows if value]
    table = Table(cells, colWidths=[WIDTH * 0.16, WIDTH * 0.32])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (0, -1), BOLD),
                ("FONTSIZE", (0, 0), (0, -1), 8),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                ("FONTNAME", (1, 0), (1, -1), FONT),
                ("FONTSIZE", (1, 0), (1, -1), 9.5),
                ("LEADING", (0, 0), (-1, -1), 12),
                ("TEXTCOLOR", (1, 0), (1, -1), INK),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    table.fonts_chosen = True
    return [para(title, "h2"), table] if title else [table]


def _table(rows: list[list], widths: list[float], right: tuple[int, ...] = ()) -> Table:
    """A ruled table of plain-string cells with a header band; ``right`` columns align right."""
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("FONTNAME", (0, 1), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), 9),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), BAND),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (col, 0), (col, -1), "RIGHT") for col in right]
    table.setStyle(TableStyle(commands))
    table.fonts_chosen = True
    return table


def _side_by_side(left: list, right: list) -> Table:
    table = Table([[left, right]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _header(c: SuperbillContent) -> list:
    left: list = []
    if c.logo_png:
        image = ImageReader(io.BytesIO(c.logo_png))
        width, height = image.getSize()
        tall = 0.6 * inch
        left.append(Image(io.BytesIO(c.logo_png), width=tall * width / height, height=tall))
    left.append(para(c.practice_name, "title"))
    left += [para(line, "small") for line in c.practice_address]
    contact = "  ·  ".join(
        x
        for x in (f"Phone {c.practice_phone}", f"Fax {c.practice_fax}" if c.practice_fax else "")
        if x
    )
    left.append(para(contact, "small"))
    right = [
        para("SUPERBILL", "title"),
        para(f"No. {c.number}", "body"),
        para(f"Issued {c.issued_on:%m/%d/%Y}", "small"),
    ]
    if c.replaces:
        right += [para("Corrected superbill", "label"), para(f"Replaces {c.replaces}", "small")]
    top = Table([[left, right]], colWidths=[WIDTH * 0.66, WIDTH * 0.34])
    top.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [top, Spacer(1, 4)]


def _providers(c: SuperbillContent) -> Table:
    billing = _facts(
        "Billing provider",
        [
            ("Name", c.practice_name),
            ("NPI", c.billing_npi),
            ("Tax ID (EIN)", c.ein),
            ("Taxonomy", c.billing_taxonomy),
        ],
    )
    rendering: list = [para("Rendering provider", "h2")]
    for provider in c.rendering:
        rendering += _facts(
            "",
            [
                ("Name", provider.name),
                ("NPI", provider.npi),
                ("License", provider.license),
                ("Taxonomy", provider.taxonomy),
            ],
        )
    return _side_by_side(billing, rendering)


def _people(c: SuperbillContent) -> Table:
    patient = _facts(
        "Patient",
        [
            ("Name", c.patient_name),
            ("Date of birth", f"{c.patient_dob:%m/%d/%Y}"),
            ("Sex", {"F": "Female", "M": "Male"}.get(c.patient_sex, "")),
            ("Address", "\n".join(c.patient_address)),
            ("Phone", c.patient_phone),
            ("Account no.", c.account_number),
        ],
    )
    if c.insured is None:
        insurance = _facts("Insurance", [("Insurer", "None on file (self-pay / HSA / FSA)")])
    else:
        i = c.insured
        insurance = _facts(
            "Insurance",
            [
                ("Insurer", i.payer),
                ("Member ID", i.member_id),
                ("Group no.", i.group_number),
                ("Insured", i.insured_name),
                ("Relationship", RELATIONSHIP.get(i.relationship, i.relationship)),
                ("Insured address", i.insured_address),
            ],
        )
    if c.referring:
        insurance += [para("Referring provider", "label"), para(c.referring)]
    return _side_by_side(patient, insurance)


def _services(c: SuperbillContent) -> list:
    header = ["Date", "POS", "CPT", "Service", "Mod.", "Dx", "Units", "Charge"]
    rows: list[list] = [header]
    for line in c.lines:
        rows.append(
            [
                f"{line.service_date:%m/%d/%Y}",
                line.place_of_service,
                line.code,
                para(line.description, "small"),
                " ".join(line.modifiers),
                ",".join(line.pointers),
                str(line.units),
                format_money(line.charge_cents),
            ]
        )
    widths = [0.145, 0.07, 0.09, 0.305, 0.09, 0.07, 0.08, 0.15]
    table = _table(rows, [WIDTH * w for w in widths], right=(7,))
    totals = Table(
        [
            ["Total charges", format_money(c.total_cents)],
            ["Amount paid", format_money(c.paid_cents)],
            ["Balance due", format_money(c.balance_cents)],
        ],
        colWidths=[WIDTH * 0.18, WIDTH * 0.14],
        hAlign="RIGHT",
    )
    totals.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                ("TEXTCOLOR", (0, 0), (0, 1), MUTED),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, 2), (-1, 2), 0.8, INK),
                ("BACKGROUND", (0, 2), (-1, 2), BAND),
                ("FONTNAME", (0, 2), (-1, 2), BOLD),
            ]
        )
    )
    totals.fonts_chosen = True
    if len(c.payments) > PAYMENTS_BESIDE_TOTALS:
        # A long list must be able to run onto the next page: below the totals.
        return [para("Services", "h2"), table, Spacer(1, 6), totals, *_payments(c)]
    # Proof of payment beside the totals, as insurers ask for it.
    below = Table([[_payments(c), totals]], colWidths=[WIDTH * 0.64, WIDTH * 0.36])
    below.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [para("Services", "h2"), table, Spacer(1, 6), below]


def _payments(c: SuperbillContent) -> list:
    if not c.payments:
        return [para("No payment received yet.", "small")]
    rows: list[list] = [["Received", "Method", "Reference", "Amount"]]
    for p in c.payments:
        rows.append(
            [
                f"{p.received_on:%m/%d/%Y}",
                PAYMENT_METHODS.get(p.method, p.method),
                p.reference[:24],
                format_money(p.amount_cents),
            ]
        )
    widths = [WIDTH * w for w in (0.15, 0.12, 0.2, 0.13)]
    return [para("Payments received", "label"), _table(rows, widths, right=(3,))]


def _signature(c: SuperbillContent) -> list:
    block: list = [Spacer(1, 6)]
    for provider in c.rendering:
        line = Table(
            [
                ["", "", ""],
                [para(provider.signature_name, "small"), "", para("Date", "small")],
            ],
            colWidths=[WIDTH * 0.55, WIDTH * 0.1, WIDTH * 0.25],
            rowHeights=[0.3 * inch, None],
            hAlign="LEFT",
        )
        line.setStyle(
            TableStyle(
                [
                    # Empty cells would otherwise name Helvetica, a font not embedded.
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LINEBELOW", (0, 0), (0, 0), 0.8, INK),
                    ("LINEBELOW", (2, 0), (2, 0), 0.8, INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        block.append(line)
    block.append(
        para(
            "I certify that the services listed were medically indicated and rendered by me "
            "or under my supervision.",
            "small",
        )
    )
    return [KeepTogether(block)]


def render_superbill(c: SuperbillContent) -> bytes:
    diagnoses = _table(
        [["", "ICD-10-CM", "Diagnosis"]]
        + [[letter, code, para(text)] for letter, code, text in c.diagnoses],
        [WIDTH * 0.05, WIDTH * 0.15, WIDTH * 0.8],
    )
    story = [
        *_header(c),
        _providers(c),
        _people(c),
        para("Diagnoses", "h2"),
        diagnoses,
        *_services(c),
        *_signature(c),
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
        title=f"Superbill {c.number}",
        author=c.practice_name,
        invariant=1,
        # Every font in the file is embedded: no reference to the standard Helvetica.
        initialFontName=FONT,
    )
    label = f"{c.patient_name} · {c.account_number} · Superbill {c.number}"
    template.build(story, canvasmaker=numbered_pages(label))
    return buffer.getvalue()
