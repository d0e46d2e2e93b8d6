"""A signed visit note as a PDF, for the chart or a records request."""

import io

from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from sportacu_desktop.domain.catalog import acupoints
from sportacu_desktop.domain.documents import VisitNoteDocument
from sportacu_desktop.reports.common import (
    EMERGENCY_BAND_HEIGHT,
    MARGIN,
    PAGE,
    RULE,
    footer,
    grid,
    para,
)

SIDE = {"L": "left", "R": "right", "B": "bilateral", "M": "midline", "": ""}
WIDTH = PAGE[0] - 2 * MARGIN


def _header(doc: VisitNoteDocument) -> list:
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
        ["Patient", patient.full_name, "Date of service", note.visit_date.strftime("%b %d, %Y")],
        ["Date of birth", f"{patient.date_of_birth:%m/%d/%Y}", "Chart", patient.chart_number],
        ["Provider", note.provider_name, "Episode", doc.episode_title or "—"],
    ]
    table = grid(facts, [WIDTH * 0.15, WIDTH * 0.33, WIDTH * 0.18, WIDTH * 0.34], header=False)
    out = [top, Spacer(1, 8), table]
    if doc.diagnoses:
        out += [
            para("Diagnoses", "h2"),
            grid(
                [["Code", "Description"]] + [[code, text] for code, text in doc.diagnoses],
                [WIDTH * 0.18, WIDTH * 0.82],
            ),
        ]
    return out


def _section(title: str, lines: list[tuple[str, str]]) -> list:
    filled = [(label, text) for label, text in lines if str(text).strip()]
    if not filled:
        return []
    rows = [[para(label, "label"), para(text)] for label, text in filled]
    # A long narrative continues on the next page instead of failing the whole print.
    table = Table(rows, colWidths=[WIDTH * 0.22, WIDTH * 0.78], splitInRow=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [para(title, "h2"), table]


def render_visit_note(doc: VisitNoteDocument) -> bytes:
    note, c = doc.note, doc.note.content
    story = _header(doc)
    story += _section(
        "Subjective",
        [
            ("Pain (NRS 0–10)", "" if c.pain_nrs is None else str(c.pain_nrs)),
            ("Since last visit", c.response_to_last),
            ("Training", c.training_since),
            ("Notes", c.subjective),
        ],
    )
    objective = _section("Objective", [("Findings", c.objective), ("Palpation", c.palpation)])
    story += objective or ([para("Objective", "h2")] if c.tests or c.rom or c.muscle_tests else [])
    if c.tests:
        story.append(
            grid(
                [["Special test", "Side", "Result", "Note"]]
                + [[t.test_name, SIDE.get(t.side, t.side), t.result, t.note] for t in c.tests],
                [WIDTH * 0.36, WIDTH * 0.14, WIDTH * 0.14, WIDTH * 0.36],
            )
        )
    if c.rom:
        story += [
            Spacer(1, 4),
            grid(
                [["Range of motion", "Side", "Degrees"]]
                + [
                    [f"{r.joint} {r.motion.lower()}", SIDE.get(r.side, r.side), f"{r.degrees}°"]
                    for r in c.rom
                ],
                [WIDTH * 0.5, WIDTH * 0.2, WIDTH * 0.3],
            ),
        ]
    if c.muscle_tests:
        story += [
            Spacer(1, 4),
            grid(
                [["Muscle test", "Side", "Grade (0–5)"]]
                + [[t.muscle, SIDE.get(t.side, t.side), str(t.grade)] for t in c.muscle_tests],
                [WIDTH * 0.5, WIDTH * 0.2, WIDTH * 0.3],
            ),
        ]
    story += _section("Assessment", [("Assessment", c.assessment)])
    story += _treatments(doc)
    story += _section("Plan", [("Plan", c.plan), ("Recommendations", c.recommendations)])
    story += _signature(doc)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + (EMERGENCY_BAND_HEIGHT if doc.emergency_mark else 0),
        bottomMargin=0.8 * inch,
        title=f"Visit note {doc.number}",
        author=doc.practice.name,
        invariant=1,
    )
    label = (
        f"{doc.patient.full_name} · {doc.patient.chart_number} · "
        f"{note.visit_date.isoformat()} · {doc.number}"
    )
    on_page = footer(label, emergency=doc.emergency_mark)
    template.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _treatments(doc: VisitNoteDocument) -> list:
    c = doc.note.content
    out = [para("Treatment", "h2")]
    names = acupoints()
    if c.points:
        out.append(
            grid(
                [["Point", "Side", "Technique", "Needle", "Retention"]]
                + [
                    [
                        f"{p.code} {names[p.code].pinyin}" if p.code in names else p.code,
                        SIDE.get(p.side, p.side),
                        p.technique,
                        " × ".join(
                            x
                            for x in (
                                p.gauge and f"{p.gauge} mm",
                                p.length_mm and f"{p.length_mm} mm",
                            )
                            if x
                        ),
                        f"{p.retention_minutes} min" if p.retention_minutes else "",
                    ]
                    for p in c.points
                ],
                [WIDTH * 0.3, WIDTH * 0.14, WIDTH * 0.18, WIDTH * 0.22, WIDTH * 0.16],
            )
        )
    if c.dry_needling:
        out += [
            Spacer(1, 4),
            grid(
                [["Dry needling: muscle", "Side", "Twitch response", "Needles"]]
                + [
                    [
                        d.muscle,
                        SIDE.get(d.side, d.side),
                        "yes" if d.twitch_response else "no",
                        str(d.needles),
                    ]
                    for d in c.dry_needling
                ],
                [WIDTH * 0.4, WIDTH * 0.18, WIDTH * 0.24, WIDTH * 0.18],
            ),
        ]
    if c.electro:
        out += [
            Spacer(1, 4),
            grid(
                [["Electroacupuncture", "Waveform", "Hz", "Intensity", "Minutes", "Device"]]
                + [
                    [
                        f"{e.point_a} – {e.point_b}",
                        e.waveform,
                        e.frequency_hz,
                        e.intensity,
                        str(e.minutes),
                        e.device,
                    ]
                    for e in c.electro
                ],
                [WIDTH * 0.22, WIDTH * 0.17, WIDTH * 0.1, WIDTH * 0.17, WIDTH * 0.12, WIDTH * 0.22],
            ),
        ]
    if c.cupping:
        out += [
            Spacer(1, 4),
            grid(
                [
                    [
                        "Cupping / gua sha",
                        "Region",
                        "Technique",
                        "Cups",
                        "Minutes",
                        "Marks / response",
                    ]
                ]
                + [
                    [
                        "Gua sha" if x.kind == "gua_sha" else f"Cupping {x.cup_type}".strip(),
                        x.region,
                        x.technique,
                        "" if x.cups is None else str(x.cups),
                        "" if x.minutes is None else str(x.minutes),
                        x.marks,
                    ]
                    for x in c.cupping
                ],
                [WIDTH * 0.2, WIDTH * 0.2, WIDTH * 0.13, WIDTH * 0.09, WIDTH * 0.11, WIDTH * 0.27],
            ),
        ]
    count = f"Needles in: {c.needles_in} · Needles out: {c.needles_out}"
    if c.needle_count_exception:
        count += f" · Exception: {c.needle_count_exception}"
    out += [Spacer(1, 4), para(count), para(f"Contact time: {c.contact_minutes} min", "small")]
    if c.adverse_events:
        out += [
            para("Adverse events", "h2"),
            grid(
                [["Event", "Severity", "Action taken"]]
                + [
                    [a.kind.replace("_", " "), a.severity, a.action_taken] for a in c.adverse_events
                ],
                [WIDTH * 0.3, WIDTH * 0.2, WIDTH * 0.5],
            ),
        ]
    return out


def _signature(doc: VisitNoteDocument) -> list:
    note = doc.note
    signed = (
        f"Electronically signed by {note.signed_by} on {note.signed_at:%b %d, %Y at %H:%M} UTC"
        if note.signed_at
        else "NOT SIGNED — draft"
    )
    block = [Spacer(1, 10), para(signed, "h2")]
    for addendum in note.addenda:
        block += [
            para(
                f"Addendum by {addendum.author}, {addendum.created_at:%b %d, %Y %H:%M}"
                f" UTC — {addendum.reason}",
                "label",
            ),
            para(addendum.text),
        ]
    return [KeepTogether(block)]
