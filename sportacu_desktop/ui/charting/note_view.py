"""A signed note, read-only, with its addenda underneath: what the chart shows once signed."""

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from sportacu_desktop.domain.catalog import acupoints, normal_rom
from sportacu_desktop.domain.visits import VisitContent, VisitNote
from sportacu_desktop.ui.formatting import format_date

SIDE = {"B": "both", "L": "left", "R": "right", "M": "midline"}
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


def _table(headers: tuple[str, ...], rows: list[tuple]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _field(label: str, value) -> str:
    if value in (None, ""):
        return ""
    return f"<p><b>{escape(label)}:</b> {_text(str(value))}</p>"


def _optional(value) -> str:
    return "" if value is None else str(value)


def content_html(c: VisitContent) -> str:
    points = acupoints()
    normal = normal_rom()
    parts = ["<h3>Subjective</h3>"]
    parts.append(_field("Pain (NRS)", None if c.pain_nrs is None else f"{c.pain_nrs}/10"))
    parts += [
        _field("Response to last treatment", c.response_to_last),
        _field("Training since last visit", c.training_since),
        _field("Notes", c.subjective),
        "<h3>Objective</h3>",
        _table(
            ("Special test", "Side", "Result", "Note"),
            [(t.test_name, SIDE.get(t.side, t.side), t.result or "—", t.note) for t in c.tests],
        ),
        _table(
            ("Range of motion", "Side", "Degrees", "Normal"),
            [
                (
                    f"{r.joint} {r.motion.lower()}",
                    SIDE.get(r.side, r.side),
                    f"{r.degrees}°",
                    f"{normal[(r.joint, r.motion)]}°" if (r.joint, r.motion) in normal else "",
                )
                for r in c.rom
            ],
        ),
        _table(
            ("Muscle test", "Side", "Grade"),
            [(m.muscle, SIDE.get(m.side, m.side), f"{m.grade}/5") for m in c.muscle_tests],
        ),
        _field("Palpation", c.palpation),
        _field("Other findings", c.objective),
        "<h3>Assessment and plan</h3>",
        _field("Assessment", c.assessment),
        _field("Plan", c.plan),
        _field("Recommendations", c.recommendations),
        "<h3>Treatment</h3>",
        _table(
            ("Point", "", "Side", "Technique", "Gauge", "Length mm", "Retained min"),
            [
                (
                    p.code,
                    points[p.code].pinyin if p.code in points else "",
                    SIDE.get(p.side, p.side),
                    p.technique,
                    p.gauge,
                    _optional(p.length_mm),
                    _optional(p.retention_minutes),
                )
                for p in c.points
            ],
        ),
        _table(
            ("Dry needling", "Side", "LTR", "Needles"),
            [
                (
                    d.muscle,
                    SIDE.get(d.side, d.side),
                    "yes" if d.twitch_response else "no",
                    d.needles,
                )
                for d in c.dry_needling
            ],
        ),
        _table(
            ("EA pair", "Waveform", "Hz", "Intensity", "Min", "Device"),
            [
                (
                    f"{e.point_a} – {e.point_b}",
                    e.waveform,
                    e.frequency_hz,
                    e.intensity,
                    e.minutes,
                    e.device,
                )
                for e in c.electro
            ],
        ),
        _table(
            ("Cupping / gua sha", "Region", "Technique", "Cups", "Min", "Marks / response"),
            [
                (
                    "Gua sha" if x.kind == "gua_sha" else f"Cupping {x.cup_type}".strip(),
                    x.region,
                    x.technique,
                    _optional(x.cups),
                    _optional(x.minutes),
                    x.marks,
                )
                for x in c.cupping
            ],
        ),
        f"<p><b>Needles:</b> {c.needles_in} in, {c.needles_out} out"
        + (f" — {escape(c.needle_count_exception)}" if c.needle_count_exception else "")
        + (f" &nbsp; <b>Contact:</b> {c.contact_minutes} min" if c.contact_minutes else "")
        + "</p>",
        _table(
            ("Adverse event", "Severity", "Action taken", "Note"),
            [
                (a.kind.replace("_", " "), a.severity, a.action_taken, a.note)
                for a in c.adverse_events
            ],
        ),
    ]
    return "".join(parts)


def _when(moment) -> str:
    local = moment.astimezone()
    return f"{format_date(local.date())} at {local.strftime('%H:%M')}"


def _box(html: str, color: str) -> str:
    """A shaded block (rich text draws table backgrounds, not div borders)."""
    return (
        f"<table width='100%' cellpadding='8' cellspacing='0' style='margin: 6px 0;'>"
        f"<tr><td style='background-color: {color}; color: #1d1b16;'>{html}</td></tr></table>"
    )


def note_html(note: VisitNote, patient: str) -> str:
    signed = note.signed and note.signed_at is not None
    status = "Draft — not signed"
    if signed:
        status = f"Signed by {escape(note.signed_by)} on {_when(note.signed_at)}"
    html = [
        f"<style>{CSS}</style>",
        f"<h2>{escape(patient)} — visit of {format_date(note.visit_date)}</h2>",
        f"<p class='muted'>{escape(note.provider_name)} · {status}</p>",
        content_html(note.content),
    ]
    if signed:
        html.append(
            _box(
                f"<b>Electronically signed</b> by {escape(note.signed_by)} on "
                f"{_when(note.signed_at)}. The note is locked; corrections are addenda.",
                SIGNED_GREEN,
            )
        )
    if note.addenda:
        html.append("<h3>Addenda</h3>")
        for addendum in note.addenda:
            html.append(
                _box(
                    f"<b>{escape(addendum.reason)}</b> — {escape(addendum.author)}, "
                    f"{_when(addendum.created_at)}<br>{_text(addendum.text)}",
                    ADDENDUM_AMBER,
                )
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
