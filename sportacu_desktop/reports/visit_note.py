"""A signed visit note as a PDF, for the chart or a records request.

The note itself is drawn from ``note_content.NoteContent``, the same content the screen
shows; only the page furniture (practice, patient facts, diagnoses, footer) is paper's own.
"""

import io
from datetime import tzinfo

from reportlab.lib.units import inch
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sportacu_desktop.domain.documents import VisitNoteDocument
from sportacu_desktop.reports.common import (
    EMERGENCY_BAND_HEIGHT,
    MARGIN,
    PAGE,
    RULE,
    emergency_band,
    grid,
    numbered_pages,
    para,
)
from sportacu_desktop.reports.note_content import (
    NoteContent,
    NoteField,
    NoteSection,
    build_note_content,
    long_date,
)

WIDTH = PAGE[0] - 2 * MARGIN


def _header(doc: VisitNoteDocument, content: NoteContent) -> list:
    practice, patient, note = doc.practice, doc.patient, doc.note
    left = [para(practice.name, "title")] + [
        para(line, "small") for line in (*practice.address_lines, practice.phone) if line
    ]
    right = [para("Visit note", "h2"), para(f"Document {doc.number}", "small")]
    top = Table([[left, right]], colWidths=[WIDTH * 0.62, WIDTH * 0.38])
    top.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE)])
    )
    facts = [
        ["Patient", patient.full_name, "Date of service", long_date(note.visit_date)],
        ["Date of birth", f"{patient.date_of_birth:%m/%d/%Y}", "Chart", patient.chart_number],
        ["Provider", note.provider_name, "Episode", doc.episode_title or "—"],
    ]
    table = grid(facts, [WIDTH * 0.15, WIDTH * 0.33, WIDTH * 0.18, WIDTH * 0.34], header=False)
    out = [top, Spacer(1, 8), table, Spacer(1, 6), para(content.heading, "h2")]
    out.append(para(content.byline, "small"))
    if doc.diagnoses:
        out += [
            para("Diagnoses", "h2"),
            grid(
                [["Code", "Description"]] + [[code, text] for code, text in doc.diagnoses],
                [WIDTH * 0.18, WIDTH * 0.82],
            ),
        ]
    return out


def _field(field: NoteField) -> list:
    # Paragraphs, not a table row: a long entry flows onto the next page instead of
    # overflowing it.
    if not field.label:
        return [para(field.value)]
    return [para(field.label, "label"), para(field.value, "indented")]


def _section(section: NoteSection) -> list:
    out: list = [para(section.title, "h2")]
    for item in section.items:
        if isinstance(item, NoteField):
            out += _field(item)
            continue
        total = sum(item.weights)
        widths = [WIDTH * w / total for w in item.weights]
        out += [grid([list(item.headers), *map(list, item.rows)], widths), Spacer(1, 4)]
    return out


def _signature(content: NoteContent) -> list:
    block: list = [Spacer(1, 10), para(content.signature or "NOT SIGNED — draft", "h2")]
    if content.addenda:
        block.append(para("Addenda", "h2"))
    for addendum in content.addenda:
        block += [para(addendum.heading, "label"), para(addendum.text)]
    return [KeepTogether(block)]


def note_story(doc: VisitNoteDocument, zone: tzinfo | None = None) -> list:
    """Everything one note puts on paper, for its own PDF or a record of many notes."""
    content = build_note_content(doc.note, doc.patient.full_name, zone)
    story = _header(doc, content)
    for section in content.sections:
        story += _section(section)
    return story + _signature(content)


def _build(story: list, label: str, title: str, author: str, emergency_mark: str) -> bytes:
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + (EMERGENCY_BAND_HEIGHT if emergency_mark else 0),
        bottomMargin=0.8 * inch,
        title=title,
        author=author,
        invariant=1,
    )
    on_page = emergency_band(emergency_mark)
    template.build(
        story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=numbered_pages(label)
    )
    return buffer.getvalue()


def render_visit_note(doc: VisitNoteDocument, zone: tzinfo | None = None) -> bytes:
    label = (
        f"{doc.patient.full_name} · {doc.patient.chart_number} · "
        f"{doc.note.visit_date.isoformat()} · {doc.number}"
    )
    return _build(
        note_story(doc, zone),
        label,
        f"Visit note {doc.number}",
        doc.practice.name,
        doc.emergency_mark,
    )


def render_visit_notes(
    docs: list[VisitNoteDocument], title: str, zone: tzinfo | None = None
) -> bytes:
    """Many signed notes of one patient in one PDF, each starting on a new page, in the
    order given (a patient's record on request)."""
    first = docs[0]
    story: list = []
    for doc in docs:
        if story:
            story.append(PageBreak())
        story += note_story(doc, zone)
    label = f"{first.patient.full_name} · {first.patient.chart_number} · {title}"
    return _build(story, label, title, first.practice.name, first.emergency_mark)
