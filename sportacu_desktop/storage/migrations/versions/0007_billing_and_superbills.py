"""billing: billable facts on visits, provider details, superbills locked once issued

Revision ID: 0007
Revises: 0006 (written on 0004; chained after main's 0012 when merged)
Create Date: 2026-11-30

Visits record needle re-insertions (with or without e-stim), whether e-stim was used in
the first 15 minutes and a separately identifiable evaluation. An issued superbill keeps
a copy of its lines (``superbill_line``); the document, that copy and the live billing
lines it covers cannot change until the superbill is reopened for a correction (an
append-only ``superbill_reopening`` row). Deletion is allowed only under a destruction
order, as for signed notes. Columns are added with plain ALTER TABLE: rebuilding
``visit`` would drop its signed-note triggers.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ISSUED_MESSAGE = "an issued superbill cannot be changed; reopen it and issue a corrected one"
ORDERED = "EXISTS (SELECT 1 FROM destruction_order WHERE patient_id = {patient})"
# A live billing line is locked while a superbill that covers it has not been reopened.
COVERED = (
    "EXISTS (SELECT 1 FROM superbill_line s WHERE s.{column} = {value} "
    "AND NOT EXISTS (SELECT 1 FROM superbill_reopening r WHERE r.document_id = s.document_id))"
)
APPEND_ONLY = ("issued_document", "superbill_line", "superbill_reopening")


def upgrade() -> None:
    false = sa.false()
    op.add_column(
        "visit", sa.Column("estim_first_block", sa.Boolean(), nullable=False, server_default=false)
    )
    op.add_column(
        "visit",
        sa.Column("needle_reinsertions", sa.String(40), nullable=False, server_default=""),
    )
    op.add_column(
        "visit",
        sa.Column("separate_evaluation", sa.Boolean(), nullable=False, server_default=false),
    )
    op.add_column("practice", sa.Column("fax", sa.String(30), nullable=False, server_default=""))
    op.add_column("practice", sa.Column("logo_png", sa.LargeBinary(), nullable=True))
    op.add_column(
        "app_user",
        sa.Column("signature_line", sa.String(200), nullable=False, server_default=""),
    )
    op.add_column("issued_document", sa.Column("replaces_id", sa.Integer(), nullable=True))
    op.add_column(
        "issued_document",
        sa.Column("total_cents", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column(
        "issued_document",
        sa.Column("paid_cents", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "superbill_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("billing_line_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("cpt_code", sa.String(10), nullable=False),
        sa.Column("modifiers", sa.String(20), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("charge_cents", sa.Integer(), nullable=False),
        sa.Column("diagnosis_pointers", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["issued_document.id"],
            name=op.f("fk_superbill_line_document_id_issued_document"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_superbill_line_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_superbill_line")),
    )
    op.create_index("ix_superbill_line_document_id", "superbill_line", ["document_id"])
    op.create_index("ix_superbill_line_billing_line_id", "superbill_line", ["billing_line_id"])
    op.create_index("ix_superbill_line_visit_id", "superbill_line", ["visit_id"])
    op.create_table(
        "superbill_reopening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reopened_by", sa.String(120), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["issued_document.id"],
            name=op.f("fk_superbill_reopening_document_id_issued_document"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_superbill_reopening")),
        sa.UniqueConstraint("document_id", name=op.f("uq_superbill_reopening_document_id")),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite()
    else:
        _postgresql()


def _sqlite() -> None:
    abort = f"SELECT RAISE(ABORT, '{ISSUED_MESSAGE}');"
    owner = {
        "issued_document": "OLD.patient_id",
        "superbill_line": "(SELECT patient_id FROM visit WHERE id = OLD.visit_id)",
        "superbill_reopening": (
            "(SELECT patient_id FROM issued_document WHERE id = OLD.document_id)"
        ),
    }
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_issued_no_update BEFORE UPDATE ON {table} BEGIN {abort} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_issued_no_delete BEFORE DELETE ON {table} "
            f"WHEN NOT {ORDERED.format(patient=owner[table])} BEGIN {abort} END"
        )
    line_owner = "(SELECT patient_id FROM visit WHERE id = OLD.visit_id)"
    op.execute(
        "CREATE TRIGGER billing_line_issued_no_insert BEFORE INSERT ON billing_line "
        f"WHEN {COVERED.format(column='visit_id', value='NEW.visit_id')} BEGIN {abort} END"
    )
    op.execute(
        "CREATE TRIGGER billing_line_issued_no_update BEFORE UPDATE ON billing_line "
        f"WHEN {COVERED.format(column='billing_line_id', value='OLD.id')} "
        f"OR {COVERED.format(column='visit_id', value='NEW.visit_id')} BEGIN {abort} END"
    )
    op.execute(
        "CREATE TRIGGER billing_line_issued_no_delete BEFORE DELETE ON billing_line "
        f"WHEN {COVERED.format(column='billing_line_id', value='OLD.id')} "
        f"AND NOT {ORDERED.format(patient=line_owner)} BEGIN {abort} END"
    )


def _postgresql() -> None:
    op.execute(f"""
        CREATE FUNCTION issued_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE owner integer;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF TG_TABLE_NAME = 'issued_document' THEN owner := OLD.patient_id;
                ELSIF TG_TABLE_NAME = 'superbill_line' THEN
                    SELECT patient_id INTO owner FROM visit WHERE id = OLD.visit_id;
                ELSE
                    SELECT patient_id INTO owner FROM issued_document
                    WHERE id = OLD.document_id;
                END IF;
                IF {ORDERED.format(patient="owner")} THEN RETURN OLD; END IF;
            END IF;
            RAISE EXCEPTION '{ISSUED_MESSAGE}';
        END $$""")
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_issued_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION issued_append_only()"
        )
    owner = "(SELECT patient_id FROM visit WHERE id = OLD.visit_id)"
    op.execute(f"""
        CREATE FUNCTION billing_line_issued_lock() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE')
                AND {COVERED.format(column="billing_line_id", value="OLD.id")}
                AND NOT (TG_OP = 'DELETE' AND {ORDERED.format(patient=owner)}) THEN
                RAISE EXCEPTION '{ISSUED_MESSAGE}';
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE')
                AND {COVERED.format(column="visit_id", value="NEW.visit_id")} THEN
                RAISE EXCEPTION '{ISSUED_MESSAGE}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    op.execute(
        "CREATE TRIGGER billing_line_issued_lock BEFORE INSERT OR UPDATE OR DELETE "
        "ON billing_line FOR EACH ROW EXECUTE FUNCTION billing_line_issued_lock()"
    )


def downgrade() -> None:
    raise NotImplementedError("issued superbills cannot be downgraded away")
