"""episodes on screen: discharge reasons, PSFS detail, what a signed visit freezes

Revision ID: 0006
Revises: 0012 (written against 0004; chained after main's 0012 so one head remains)
Create Date: 2026-11-30

A signed visit keeps its diagnoses as they were at signing (``signed_visit_diagnosis``,
written in the signing transaction before the visit's status flips) and its outcome
measures: the database refuses to add, change or delete either once the visit is signed.
As with the signed-note triggers of 0004, a DELETE is allowed only for a patient who has
a destruction order on file.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0012"
branch_labels = None
depends_on = None

MESSAGE = "what a signed visit recorded cannot be changed; add an addendum instead"
SIGNED_ROWS = ("outcome_measure", "signed_visit_diagnosis")
ORDERED = "EXISTS (SELECT 1 FROM destruction_order WHERE patient_id = {patient})"
SIGNED = "(SELECT status FROM visit WHERE id = {row}.visit_id) = 'signed'"
OWNER = "(SELECT patient_id FROM visit WHERE id = OLD.visit_id)"


def upgrade() -> None:
    with op.batch_alter_table("episode") as batch:
        batch.add_column(
            sa.Column("discharge_reason", sa.String(length=20), nullable=False, server_default="")
        )
    with op.batch_alter_table("outcome_measure") as batch:
        batch.add_column(sa.Column("detail", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "signed_visit_diagnosis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_signed_visit_diagnosis_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_visit_diagnosis")),
    )
    op.create_index(
        op.f("ix_signed_visit_diagnosis_visit_id"), "signed_visit_diagnosis", ["visit_id"]
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite()
    else:
        _postgresql()


def _sqlite() -> None:
    abort = f"SELECT RAISE(ABORT, '{MESSAGE}');"
    for table in SIGNED_ROWS:
        op.execute(
            f"CREATE TRIGGER {table}_signed_no_insert BEFORE INSERT ON {table} "
            f"WHEN {SIGNED.format(row='NEW')} BEGIN {abort} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_signed_no_update BEFORE UPDATE ON {table} "
            f"WHEN {SIGNED.format(row='OLD')} OR {SIGNED.format(row='NEW')} BEGIN {abort} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_signed_no_delete BEFORE DELETE ON {table} "
            f"WHEN {SIGNED.format(row='OLD')} AND NOT {ORDERED.format(patient=OWNER)} "
            f"BEGIN {abort} END"
        )


def _postgresql() -> None:
    op.execute(f"""
        CREATE FUNCTION signed_visit_row_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                SELECT 1 FROM visit WHERE id = OLD.visit_id AND status = 'signed')
                AND NOT (TG_OP = 'DELETE' AND {ORDERED.format(patient=OWNER)}) THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
                SELECT 1 FROM visit WHERE id = NEW.visit_id AND status = 'signed') THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    for table in SIGNED_ROWS:
        op.execute(
            f"CREATE TRIGGER {table}_signed_immutable BEFORE INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION signed_visit_row_immutable()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SIGNED_ROWS:
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_signed_no_{verb}")
    else:
        for table in SIGNED_ROWS:
            op.execute(f"DROP TRIGGER {table}_signed_immutable ON {table}")
        op.execute("DROP FUNCTION signed_visit_row_immutable()")
    op.drop_index(op.f("ix_signed_visit_diagnosis_visit_id"), "signed_visit_diagnosis")
    op.drop_table("signed_visit_diagnosis")
    with op.batch_alter_table("outcome_measure") as batch:
        batch.drop_column("detail")
    with op.batch_alter_table("episode") as batch:
        batch.drop_column("discharge_reason")
