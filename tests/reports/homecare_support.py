"""Reading a home-care sheet back: its words, its type sizes, and codes it must not hold."""

import io
import re

from pypdf import PdfReader

# Point codes, ICD-10-CM and CPT codes: none may reach the patient's sheet.
POINT_CODE = re.compile(r"\b(?:LU|LI|ST|SP|HT|SI|BL|KI|PC|SJ|TE|GB|LR|LV|GV|CV|DU|REN)\d{1,2}\b")
ICD_CODE = re.compile(r"\b[A-TV-Z]\d{2}\.[0-9A-Z]{1,4}\b|\b[A-TV-Z]\d{2}\b")
CPT_CODE = re.compile(r"\b(?:97\d{3}|2056[01]|9\d{4})\b")


def sheet_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def type_sizes(content: bytes) -> set[float]:
    """Every size text is set in, in points (the font size times the text matrix's scale)."""
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * abs(tm[3]) * abs(cm[3]), 1))

    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def codes_in(text: str) -> list[str]:
    return POINT_CODE.findall(text) + ICD_CODE.findall(text) + CPT_CODE.findall(text)
