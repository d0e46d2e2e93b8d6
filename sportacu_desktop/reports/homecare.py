"""The home-care sheet as a one-page PDF in large type (12 pt and up), for the fridge door.

Drawn from ``homecare_content.HomecareSheet``. Body text is 13 pt; if the practitioner's
text makes the page overflow it is set at 12 pt, and if it still does not fit the sheet is
refused with a plain request to shorten the text, never printed on two pages or in
smaller type.
"""

import io

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.reports.common import (
    BOLD,
    FONT,
    INK,
    MUTED,
    PAGE,
    RULE,
    esc,
    register_fonts,
)
from sportacu_desktop.reports.homecare_content import HomecareSheet
from sportacu_desktop.reports.note_content import long_date

SIDE = 0.6 * inch  # narrower than the other documents' margins: room for large type
# What a table may span: the page frame keeps 6 pt of padding on each side.
WIDTH = PAGE[0] - 2 * SIDE - 12
SMALLEST_TYPE = 12
BODY_SIZES = (13, SMALLEST_TYPE)
WARNING = colors.HexColor("#9a2b1f")
CALM = colors.HexColor("#eef5f0")


class TooLongForOnePage(InvalidInput):
    """The edited text does not fit the one page in large type."""


def _styles(size: float) -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle(
        "hc-body", fontName=FONT, fontSize=size, leading=size * 1.3, textColor=INK
    )
    return {
        "body": body,
        "clinic": ParagraphStyle("hc-clinic", parent=body, fontName=BOLD, fontSize=size + 3),
        "contact": ParagraphStyle("hc-contact", parent=body, textColor=MUTED),
        "title": ParagraphStyle(
            "hc-title", parent=body, fontName=BOLD, fontSize=20, leading=24, spaceAfter=2
        ),
        "h2": ParagraphStyle(
            "hc-h2",
            parent=body,
            fontName=BOLD,
            fontSize=size + 3,
            leading=(size + 3) * 1.25,
            spaceBefore=size * 0.6,
            spaceAfter=size * 0.25,
        ),
        "paragraph": ParagraphStyle("hc-paragraph", parent=body, spaceAfter=size * 0.4),
        "warning": ParagraphStyle(
            "hc-warning", parent=body, fontName=BOLD, fontSize=size + 3, textColor=WARNING
        ),
    }


def _bullets(lines: tuple[str, ...], style: ParagraphStyle) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(esc(line), style), leftIndent=16) for line in lines],
        bulletType="bullet",
        bulletFontName=FONT,
        bulletFontSize=style.fontSize,
        leftIndent=16,
    )


def _story(sheet: HomecareSheet, size: float) -> list:
    s = _styles(size)
    contact = " · ".join(x for x in (*sheet.practice_lines, sheet.practice_phone) if x)
    top = Table(
        [
            [Paragraph(esc(sheet.practice_name or "Your clinic"), s["clinic"])],
            [Paragraph(esc(contact), s["contact"])],
        ],
        colWidths=[WIDTH],
    )
    top.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, -1), (-1, -1), 1, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
    byline = f"For {sheet.patient_name}, after your visit on {long_date(sheet.visit_date)}"
    if sheet.practitioner:
        byline += f" with {sheet.practitioner}"
    story: list = [
        top,
        Spacer(1, 8),
        Paragraph("Your home care", s["title"]),
        Paragraph(esc(byline.rstrip(".") + "."), s["body"]),
        _columns(
            [Paragraph("What we did today", s["h2"]), _bullets(sheet.treated_today, s["body"])],
            [Paragraph("What to expect", s["h2"]), _bullets(sheet.what_to_expect, s["body"])],
        ),
    ]
    if sheet.at_home:
        story.append(Paragraph("At home", s["h2"]))
        story += [Paragraph(esc(p), s["paragraph"]) for p in sheet.at_home]
    phone = sheet.practice_phone or "the clinic"
    half = (len(sheet.call_us_if) + 1) // 2
    warning = Table(
        [
            [Paragraph(esc(f"Call us at {phone} if:"), s["warning"]), ""],
            [
                _bullets(sheet.call_us_if[:half], s["body"]),
                _bullets(sheet.call_us_if[half:], s["body"]),
            ],
        ],
        colWidths=[WIDTH / 2, WIDTH / 2],
    )
    warning.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 1.2, WARNING),
                ("BACKGROUND", (0, 0), (-1, -1), CALM),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (0, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
    story += [Spacer(1, size * 0.6), KeepTogether([warning])]
    dates = [
        [Paragraph(title, s["h2"]), Paragraph(esc(text), s["body"])]
        for title, text in (
            ("Your next visit", sheet.next_visit),
            ("Your next race", sheet.next_race),
        )
        if text
    ]
    if len(dates) == 2:
        story.append(_columns(*dates))
    elif dates:
        story += dates[0]
    return story


def _columns(left: list, right: list) -> Table:
    gap = 14
    table = Table([[left, right]], colWidths=[(WIDTH - gap) / 2 + gap, (WIDTH - gap) / 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), gap),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
    return table


def _footer(sheet: HomecareSheet):
    def draw(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, SMALLEST_TYPE)
        canvas.setFillColor(MUTED)
        canvas.drawString(SIDE, 0.4 * inch, f"{sheet.practice_name}  ·  {sheet.number}")
        canvas.restoreState()

    return draw


def _render(sheet: HomecareSheet, size: float) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=0.5 * inch,
        bottomMargin=0.7 * inch,
        title=f"Home care — {sheet.patient_name}",
        author=sheet.practice_name,
        invariant=1,
        initialFontName=FONT,  # every font in the file embedded, no standard Helvetica
    )
    footer = _footer(sheet)
    template.build(_story(sheet, size), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), template.page


def render_homecare(sheet: HomecareSheet) -> bytes:
    for size in BODY_SIZES:
        content, pages = _render(sheet, size)
        if pages == 1:
            return content
    raise TooLongForOnePage(
        "The home-care text is too long for one page in large type: shorten it a little."
    )
