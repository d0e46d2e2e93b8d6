"""visit drafts; signed visit notes immutable at the database level

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
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


def upgrade() -> None:
    op.create_table(
        "visit_draft",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_visit_draft_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_visit_draft")),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    abort = f"SELECT RAISE(ABORT, '{MESSAGE}');"
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER visit_signed_no_{verb.lower()} BEFORE {verb} ON visit "
            f"WHEN OLD.status = 'signed' BEGIN {abort} END"
        )
    signed = "(SELECT status FROM visit WHERE id = {row}.visit_id) = 'signed'"
    for table in VISIT_ITEMS:
        op.execute(
            f"CREATE TRIGGER {table}_signed_no_insert BEFORE INSERT ON {table} "
            f"WHEN {signed.format(row='NEW')} BEGIN {abort} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_signed_no_update BEFORE UPDATE ON {table} "
            f"WHEN {signed.format(row='OLD')} OR {signed.format(row='NEW')} "
            f"BEGIN {abort} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_signed_no_delete BEFORE DELETE ON {table} "
            f"WHEN {signed.format(row='OLD')} BEGIN {abort} END"
        )


def _postgresql_triggers() -> None:
    op.execute(f"""
        CREATE FUNCTION visit_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status = 'signed' THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    op.execute(
        "CREATE TRIGGER visit_signed_immutable BEFORE UPDATE OR DELETE ON visit "
        "FOR EACH ROW EXECUTE FUNCTION visit_signed_immutable()"
    )
    op.execute(f"""
        CREATE FUNCTION visit_item_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                SELECT 1 FROM visit WHERE id = OLD.visit_id AND status = 'signed') THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
                SELECT 1 FROM visit WHERE id = NEW.visit_id AND status = 'signed') THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    for table in VISIT_ITEMS:
        op.execute(
            f"CREATE TRIGGER {table}_signed_immutable BEFORE INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION visit_item_signed_immutable()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER visit_signed_no_{verb}")
        for table in VISIT_ITEMS:
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_signed_no_{verb}")
    else:
        op.execute("DROP TRIGGER visit_signed_immutable ON visit")
        for table in VISIT_ITEMS:
            op.execute(f"DROP TRIGGER {table}_signed_immutable ON {table}")
        op.execute("DROP FUNCTION visit_item_signed_immutable()")
        op.execute("DROP FUNCTION visit_signed_immutable()")
    op.drop_table("visit_draft")
