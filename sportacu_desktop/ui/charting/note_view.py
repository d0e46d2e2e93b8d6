"""A signed note, read-only, with its addenda underneath: what the chart shows once signed.

It draws the same ``NoteContent`` the printed note does, as rich text.
"""

from datetime import tzinfo
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from sportacu_desktop.domain.visits import VisitNote
from sportacu_desktop.reports.note_content import NoteField, NoteTable, build_note_content

# Light tints with dark text set explicitly, so the boxes read the same in dark mode.
SIGNED_GREEN = "#e3f1e5"
ADDENDUM_AMBER = "#fff4d6"
CSS = """
h2 { margin: 0.2em 0; }
h3 { margin: 0.9em 0 0.2em 0; border-bottom: 1px solid palette(mid); }
table { border-collapse: collapse; margin: 0.1em 0 0.4em 0; }
th { text-align: left; padding: 2px 10px 2px 0; color: palette(placeholder-text); }
td { padding: 2px 10px 2px 0; }
.muted { color: palette(placeholder-text); }
"""


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _table(table: NoteTable) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _item(item: NoteField | NoteTable) -> str:
    if isinstance(item, NoteTable):
        return _table(item)
    if not item.label:
        return f"<p>{_text(item.value)}</p>"
    return f"<p><b>{escape(item.label)}:</b> {_text(item.value)}</p>"


def _box(html: str, color: str) -> str:
    """A shaded block (rich text draws table backgrounds, not div borders)."""
    return (
        f"<table width='100%' cellpadding='8' cellspacing='0' style='margin: 6px 0;'>"
        f"<tr><td style='background-color: {color}; color: #1d1b16;'>{html}</td></tr></table>"
    )


def note_html(note: VisitNote, patient: str, zone: tzinfo | None = None) -> str:
    content = build_note_content(note, patient, zone)
    html = [
        f"<style>{CSS}</style>",
        f"<h2>{escape(content.heading)}</h2>",
        f"<p class='muted'>{escape(content.byline)}</p>",
    ]
    for section in content.sections:
        html.append(f"<h3>{escape(section.title)}</h3>")
        html += [_item(item) for item in section.items]
    if content.signature:
        html.append(
            _box(
                f"<b>{escape(content.signature)}</b> The note is locked; corrections are addenda.",
                SIGNED_GREEN,
            )
        )
    if content.addenda:
        html.append("<h3>Addenda</h3>")
        for addendum in content.addenda:
            html.append(
                _box(f"<b>{escape(addendum.heading)}</b><br>{_text(addendum.text)}", ADDENDUM_AMBER)
            )
    return "".join(html)


class NoteView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signedNote")
        self.setAccessibleName("Signed visit note")
        self.setOpenLinks(False)

    def show_note(self, note: VisitNote, patient: str) -> None:
        self.setHtml(note_html(note, patient))
