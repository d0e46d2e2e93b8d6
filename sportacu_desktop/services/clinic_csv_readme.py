"""README.txt of a clinic's CSV export: every file and every column, from the schema itself.

Each table is described by the sentence below, or else by its model's docstring; each
column by its type, whether it may be empty, what it refers to, and a note where the name
alone does not say enough. A table added to the schema later is described too.
"""

from sqlalchemy import Column, Table

from sportacu_desktop.services.clinic_csv_format import (
    FILES,
    MANIFEST,
    NOT_EXPORTED,
    SECRET_COLUMNS,
    csv_name,
    is_binary,
    is_json,
    is_secret,
    python_type,
)
from sportacu_desktop.storage.models import Base

TABLES = {
    "app_user": "People who sign in; practitioners also render services (NPI, license).",
    "audit_event": "The audit trail: who did what and when. Each event's hash covers its "
    "content and the previous event's hash, so a changed or removed event shows.",
    "care_contact": "Physical therapists, physicians and surgeons the clinic works with.",
    "destruction_order": "Orders to destroy a patient's records after the retention period.",
    "fee_schedule": "The clinic's charge per CPT code, in cents.",
    "patient": "Patients: demographics and contact details.",
    "practice": "The practice: letterhead, EIN, NPI, taxonomy, place of service.",
    "setting": "Clinic settings shared by every workstation (value as JSON).",
    "athlete_profile": "Sports, weekly volume and training phase of a patient.",
    "care_team_link": "Which care contacts treat which patient, and in what role.",
    "consent": "Consents signed (acupuncture, dry needling, EA, cupping), date and version.",
    "episode": "Episodes of care: onset, chronicity, status.",
    "insurance": "Insurance of a patient: payer, member ID, group, subscriber.",
    "race": "Races a patient is training for: date, distance, priority A/B/C.",
    "diagnosis": "ICD-10-CM diagnoses of an episode, primary first.",
    "superbill_reopening": "Issued superbills opened for correction.",
    "visit": "Visits (SOAP notes). A signed visit and everything charted in it are locked.",
    "addendum": "Corrections to signed notes, with author, time and reason.",
    "adverse_event": "Adverse events of a visit, with severity and action taken.",
    "billing_line": "Billing lines of a visit (CPT, modifiers, units, charge in cents).",
    "cupping_treatment": "Cupping and gua sha of a visit.",
    "dry_needling": "Dry needling of a visit: muscle, side, twitch response, needles.",
    "electro_stim": "Electroacupuncture of a visit: lead pair, waveform, Hz, minutes.",
    "muscle_test": "Manual muscle tests (0-5) of a visit.",
    "outcome_measure": "Outcome measures (NPRS, PSFS, LEFS, FAAM, VISA): totals.",
    "payment": "Payments received, in cents.",
    "point_treatment": "Acupuncture points needled in a visit.",
    "range_of_motion": "Range of motion measured in a visit, in degrees.",
    "signed_visit_diagnosis": "A signed visit's diagnoses as they were at signing.",
    "special_test_result": "Orthopedic special tests of a visit, with side and result.",
    "superbill_line": "Service lines exactly as an issued superbill printed them.",
    "visit_draft": "The latest typed state of an unsigned visit note (autosave).",
    "issued_document": "Documents issued (superbills, summaries, notes): the exact PDF "
    "and its SHA-256.",
}
COLUMNS = {
    "id": "the row's id; other files refer to it",
    "created_at": "when the row was created (UTC)",
    "created_by": "who created it",
    "updated_at": "when it last changed (UTC)",
    "updated_by": "who last changed it",
    "version": "the row's edit counter (stale-edit detection between workstations)",
    "position": "order within its visit or list",
    "charge_cents": "money in cents (1250 = $12.50)",
    "amount_cents": "money in cents",
    "total_cents": "money in cents",
    "paid_cents": "money in cents",
    "audit_event.prev_hash": "hash of the event before (64 zeros for the first)",
    "audit_event.hash": "SHA-256 of this event's content and prev_hash",
    "audit_event.patient_id": "patient concerned, if any (no reference: the trail outlives "
    "destroyed records)",
    "visit.status": "draft or signed",
    "issued_document.sha256": "SHA-256 of the PDF file named in content",
    "issued_document.content": "the PDF exactly as issued",
    "practice.logo_png": "the letterhead logo",
    "app_user.roles": "comma-separated: admin, practitioner, front_desk",
}
TYPES = {
    bool: "true/false",
    int: "whole number",
    float: "decimal number",
    str: "text",
    dict: "JSON",
}
HEADER = """\
SportAcu Desktop clinic export
==============================

Every record of the clinic, one CSV file per table (UTF-8, comma-separated, a header row
of column names, RFC 4180 quoting). Ids are the database's own: a column ending in _id
holds the id of a row in the file named in its description, so the files join.

How values are written
- An empty cell is an empty value (NULL). An empty text is a single apostrophe: '
- A text starting with an apostrophe, or with = + - @ (which spreadsheets would run as a
  formula), tab or carriage return, has one apostrophe added in front. Drop one leading
  apostrophe from a text cell to get the value.
- true/false; dates YYYY-MM-DD; times ISO 8601 in UTC with microseconds; money in whole
  cents; JSON as JSON text.
- Binary values (issued PDFs, the practice logo) are files under {files}/; the cell holds
  the file's path relative to this folder.

{manifest} lists every file with its row count and SHA-256, the schema revision and the
time of the export. `sportacu import clinic FOLDER --db NEW` rebuilds the clinic from this
folder into a new, empty database, with the same ids; signed notes stay locked and the
audit trail continues with one import event.

Not in this export
{not_exported}
"""


def table_text(table: Table) -> str:
    if table.name in TABLES:
        return TABLES[table.name]
    mapper = next((m for m in Base.registry.mappers if m.local_table is table), None)
    doc = (mapper.class_.__doc__ or "").strip() if mapper is not None else ""
    return " ".join(doc.split("\n\n")[0].split()) or "(no description)"


def column_text(table: Table, column: Column) -> str:
    kind = "file" if is_binary(column) else TYPES.get(python_type(column), "text")
    if python_type(column).__name__ in ("date", "datetime", "time"):
        kind = python_type(column).__name__.replace("datetime", "date and time (UTC)")
    parts = [kind]
    if column.primary_key:
        parts.append("key")
    if not column.nullable and not column.primary_key:
        parts.append("always set")
    for key in column.foreign_keys:
        parts.append(f"refers to {key.column.table.name}.{key.column.name}")
    note = COLUMNS.get(f"{table.name}.{column.name}") or COLUMNS.get(column.name)
    if is_secret(table, column):
        note = "always empty: " + SECRET_COLUMNS[(table.name, column.name)]
    if is_json(column):
        note = note or "JSON text"
    text = ", ".join(parts)
    return f"{text} — {note}" if note else text


def readme_text(tables: list[Table], rows: dict[str, int], scope: str) -> str:
    skipped = "\n".join(f"- {name}: {why}" for name, why in NOT_EXPORTED.items())
    skipped += "\n" + "\n".join(
        f"- {table}.{column}: {why}" for (table, column), why in SECRET_COLUMNS.items()
    )
    lines = [HEADER.format(files=FILES, manifest=MANIFEST, not_exported=skipped)]
    if scope:
        lines.append(f"Scope: {scope}\n")
    lines.append("Files\n=====\n")
    for table in tables:
        count = rows.get(table.name, 0)
        lines.append(f"{csv_name(table)} ({count} row{'' if count == 1 else 's'})")
        lines.append(f"  {table_text(table)}")
        width = max(len(c.name) for c in table.columns)
        for column in table.columns:
            lines.append(f"  {column.name:<{width}}  {column_text(table, column)}")
        lines.append("")
    return "\n".join(lines)
