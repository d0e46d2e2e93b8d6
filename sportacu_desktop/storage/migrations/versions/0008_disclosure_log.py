"""disclosure log: what left the clinic, to whom, when, by whom and why; append-only

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Every visit note, superbill, summary, home-care sheet or export handed to someone outside
the clinic is one ``disclosure`` row: the accounting of disclosures a patient may ask for
under HIPAA (45 CFR 164.528). Rows are never changed or removed, not even when a chart is
destroyed after its retention period: like the audit trail, the log keeps the patient's id
without a foreign key, and the issued document's id without one, so the accounting
outlives the records it describes. On PostgreSQL TRUNCATE is refused as for the other
guarded tables.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MESSAGE = "the disclosure log cannot be changed or removed"


def upgrade() -> None:
    op.create_table(
        "disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("disclosed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disclosed_by", sa.String(120), nullable=False),
        sa.Column("disclosed_by_name", sa.String(120), nullable=False),
        sa.Column("what", sa.String(30), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure")),
    )
    op.create_index("ix_disclosure_patient_id", "disclosure", ["patient_id", "disclosed_at"])
    op.create_index("ix_disclosure_document_id", "disclosure", ["document_id"])
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER disclosure_no_{verb.lower()} BEFORE {verb} ON disclosure "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION disclosure_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER disclosure_append_only BEFORE UPDATE OR DELETE ON disclosure "
            "FOR EACH ROW EXECUTE FUNCTION disclosure_append_only()"
        )
        # refuse_truncate() comes from 0005.
        op.execute(
            "CREATE TRIGGER disclosure_no_truncate BEFORE TRUNCATE ON disclosure "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()"
        )


def downgrade() -> None:
    raise NotImplementedError("the disclosure log cannot be downgraded away")
