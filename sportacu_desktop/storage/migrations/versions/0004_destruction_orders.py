"""destruction orders: the only way a signed note may ever be deleted

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

Records past their retention period are destroyed by an administrator. The signed-note
triggers from 0003 are recreated so that a DELETE is allowed only for a patient who has
a destruction order on file; UPDATE stays refused in every case.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MESSAGE = "signed visit notes cannot be changed; add an addendum instead"
VISIT_ITEMS = (
    "special_test_result",
    "range_of_motion",
    "muscle_test",
    "point_treatment",
    "dry_needling",
    "electro_stim",
    "cupping_treatment",
    "adverse_event",
)
ORDERED = "EXISTS (SELECT 1 FROM destruction_order WHERE patient_id = {patient})"


def upgrade() -> None:
    op.create_table(
        "destruction_order",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("chart_number", sa.String(length=20), nullable=False),
        sa.Column("ordered_by", sa.String(length=120), nullable=False),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_destruction_order")),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite()
    else:
        _postgresql()


def _sqlite() -> None:
    abort = f"SELECT RAISE(ABORT, '{MESSAGE}');"
    op.execute("DROP TRIGGER visit_signed_no_delete")
    op.execute(
        "CREATE TRIGGER visit_signed_no_delete BEFORE DELETE ON visit "
        f"WHEN OLD.status = 'signed' AND NOT {ORDERED.format(patient='OLD.patient_id')} "
        f"BEGIN {abort} END"
    )
    for table in VISIT_ITEMS:
        owner = "(SELECT patient_id FROM visit WHERE id = OLD.visit_id)"
        op.execute(f"DROP TRIGGER {table}_signed_no_delete")
        op.execute(
            f"CREATE TRIGGER {table}_signed_no_delete BEFORE DELETE ON {table} "
            f"WHEN (SELECT status FROM visit WHERE id = OLD.visit_id) = 'signed' "
            f"AND NOT {ORDERED.format(patient=owner)} BEGIN {abort} END"
        )


def _postgresql() -> None:
    op.execute(f"""
        CREATE OR REPLACE FUNCTION visit_signed_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status = 'signed' AND NOT (TG_OP = 'DELETE'
                AND {ORDERED.format(patient="OLD.patient_id")}) THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    owner = "(SELECT patient_id FROM visit WHERE id = OLD.visit_id)"
    op.execute(f"""
        CREATE OR REPLACE FUNCTION visit_item_signed_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                SELECT 1 FROM visit WHERE id = OLD.visit_id AND status = 'signed')
                AND NOT (TG_OP = 'DELETE' AND {ORDERED.format(patient=owner)}) THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
                SELECT 1 FROM visit WHERE id = NEW.visit_id AND status = 'signed') THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")


def downgrade() -> None:
    raise NotImplementedError("destruction orders cannot be downgraded away")
