"""Fonts, styles and page furniture shared by every printed document."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

from sportacu_desktop.domain.catalog import RESOURCES

PAGE = LETTER
MARGIN = 0.7 * inch
INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6673")
RULE = colors.HexColor("#c9d1da")
BAND = colors.HexColor("#eef2f6")
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def register_fonts() -> None:
    """A Unicode font shipped with the app, so Nguyễn and Zoë print on every machine."""
    pdfmetrics.registerFont(TTFont(FONT, str(RESOURCES / "fonts" / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(RESOURCES / "fonts" / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
        ),
        "label": ParagraphStyle("label", parent=body, fontName=BOLD, fontSize=8.5, textColor=MUTED),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "indented": ParagraphStyle("indented", parent=body, leftIndent=12, spaceAfter=4),
    }


def esc(text: object) -> str:
    """Paragraphs take a little markup; patient text must never be read as markup."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", "<br/>")
    )


def para(text: object, style: str = "body") -> Paragraph:
    return Paragraph(esc(text), styles()[style])


def grid(rows: list[list], widths: list[float], *, header: bool = True) -> Table:
    """A ruled table; the first row is a header band when ``header``."""
    cells = [[c if isinstance(c, Paragraph) else para(c) for c in row] for row in rows]
    if header:
        cells[0] = [para(c, "label") if not isinstance(c, Paragraph) else c for c in rows[0]]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), BAND))
    table.setStyle(TableStyle(commands))
    return table


EMERGENCY = colors.HexColor("#b3261e")
EMERGENCY_BAND_HEIGHT = 0.55 * inch


def emergency_band(emergency: str):
    """onPage callback: with ``emergency`` (who printed it under emergency access, and
    why) every page carries a red band saying so above the content, in the top margin.
    The footer line is the canvas's (``numbered_pages``)."""

    def draw(canvas, doc) -> None:
        if emergency:
            _emergency_band(canvas, emergency)

    return draw


def _emergency_band(canvas, text: str) -> None:
    width = PAGE[0] - 2 * MARGIN
    top = PAGE[1] - 0.3 * inch
    canvas.saveState()
    canvas.setFillColor(EMERGENCY)
    canvas.rect(MARGIN, top - EMERGENCY_BAND_HEIGHT, width, EMERGENCY_BAND_HEIGHT, stroke=0, fill=1)
    style = ParagraphStyle(
        "emergency", parent=styles()["body"], fontSize=8, leading=10, textColor=colors.white
    )
    band = Paragraph(esc(text), style)
    _w, height = band.wrap(width - 12, EMERGENCY_BAND_HEIGHT)
    band.drawOn(canvas, MARGIN + 6, top - (EMERGENCY_BAND_HEIGHT + height) / 2)
    canvas.restoreState()


def numbered_pages(label: str) -> type[Canvas]:
    """A canvas maker whose footer reads the document label and "Page 2 of 3".

    The total is known only once every page is laid out, so each page's state is kept and
    the footers are drawn when the document is saved.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 0.45 * inch, label)
                self.drawRightString(PAGE[0] - MARGIN, 0.45 * inch, f"Page {number} of {total}")
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def embed_table_fonts(flowables: Sequence[Any]) -> None:
    """Tables name Helvetica for their cells unless told otherwise; it is not embedded, so
    every table (nested ones too) gets the shipped font unless it chose its own."""
    for item in flowables:
        if isinstance(item, Table):
            if not getattr(item, "fonts_chosen", False):
                item.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)]))
            for row in item._cellvalues:
                for cell in row:
                    embed_table_fonts(cell if isinstance(cell, list | tuple) else [cell])
        elif isinstance(item, KeepTogether):
            embed_table_fonts(item._content)
