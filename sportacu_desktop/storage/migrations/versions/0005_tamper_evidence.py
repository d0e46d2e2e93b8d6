"""addenda, issued documents and destruction orders locked; signed notes sealed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Addenda and issued documents are as permanent as the signed note they belong to: never
updated, deleted only under a destruction order for their patient. Destruction orders
themselves are append-only: the one change allowed is marking an open order completed.
On PostgreSQL, TRUNCATE (which skips row triggers) is refused on every guarded table.

Notes signed before this revision carry no seal in their signing event; each gets one
here, in an audit event that says it was recorded by this upgrade.

The database gets an identity (a random id, never changed) by which this computer
remembers how far it saw the audit trail, outside the file.
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from sportacu_desktop.domain.audit_chain import GENESIS, event_digest
from sportacu_desktop.storage.base import UTCDateTime
from sportacu_desktop.storage.signed_content import seals_of

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ADDENDUM = "addenda cannot be changed; add another addendum instead"
ISSUED = "issued documents cannot be changed; issue a new one instead"
ORDERS = "destruction orders cannot be changed or removed"
IDENTITY = "the database identity cannot be changed"
TRUNCATE = "this table cannot be emptied"
ORDERED = "EXISTS (SELECT 1 FROM destruction_order WHERE patient_id = {patient})"
ADDENDUM_OWNER = "(SELECT patient_id FROM visit WHERE id = OLD.visit_id)"
ORDER_UNCHANGED = ("patient_id", "chart_number", "ordered_by", "ordered_at", "reason")
NO_TRUNCATE = (
    "audit_event",
    "visit",
    "special_test_result",
    "range_of_motion",
    "muscle_test",
    "point_treatment",
    "dry_needling",
    "electro_stim",
    "cupping_treatment",
    "adverse_event",
    "addendum",
    "issued_document",
    "destruction_order",
    "database_identity",
)


def upgrade() -> None:
    identity = op.create_table(
        "database_identity",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_database_identity")),
    )
    op.bulk_insert(identity, [{"id": str(uuid.uuid4()), "created_at": datetime.now(UTC)}])
    if op.get_bind().dialect.name == "sqlite":
        _sqlite()
    else:
        _postgresql()
    _seal_signed_notes()


def _sqlite() -> None:
    def abort(message: str) -> str:
        return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"

    op.execute(f"CREATE TRIGGER addendum_no_update BEFORE UPDATE ON addendum {abort(ADDENDUM)}")
    op.execute(
        "CREATE TRIGGER addendum_no_delete BEFORE DELETE ON addendum "
        f"WHEN NOT {ORDERED.format(patient=ADDENDUM_OWNER)} {abort(ADDENDUM)}"
    )
    op.execute(
        f"CREATE TRIGGER issued_document_no_update BEFORE UPDATE ON issued_document {abort(ISSUED)}"
    )
    op.execute(
        "CREATE TRIGGER issued_document_no_delete BEFORE DELETE ON issued_document "
        f"WHEN NOT {ORDERED.format(patient='OLD.patient_id')} {abort(ISSUED)}"
    )
    op.execute(
        f"CREATE TRIGGER destruction_order_no_delete BEFORE DELETE ON destruction_order "
        f"{abort(ORDERS)}"
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER database_identity_no_{verb.lower()} BEFORE {verb} "
            f"ON database_identity {abort(IDENTITY)}"
        )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in ORDER_UNCHANGED)
    op.execute(
        "CREATE TRIGGER destruction_order_no_update BEFORE UPDATE ON destruction_order "
        f"WHEN OLD.completed_at IS NOT NULL OR NEW.completed_at IS NULL OR {changed} "
        f"{abort(ORDERS)}"
    )


def _postgresql() -> None:
    op.execute(f"""
        CREATE FUNCTION addendum_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' OR NOT {ORDERED.format(patient=ADDENDUM_OWNER)} THEN
                RAISE EXCEPTION '{ADDENDUM}';
            END IF;
            RETURN OLD;
        END $$""")
    op.execute(
        "CREATE TRIGGER addendum_immutable BEFORE UPDATE OR DELETE ON addendum "
        "FOR EACH ROW EXECUTE FUNCTION addendum_immutable()"
    )
    op.execute(f"""
        CREATE FUNCTION issued_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' OR NOT {ORDERED.format(patient="OLD.patient_id")} THEN
                RAISE EXCEPTION '{ISSUED}';
            END IF;
            RETURN OLD;
        END $$""")
    op.execute(
        "CREATE TRIGGER issued_document_immutable BEFORE UPDATE OR DELETE ON issued_document "
        "FOR EACH ROW EXECUTE FUNCTION issued_document_immutable()"
    )
    old = ", ".join(f"OLD.{c}" for c in ORDER_UNCHANGED)
    new = ", ".join(f"NEW.{c}" for c in ORDER_UNCHANGED)
    op.execute(f"""
        CREATE FUNCTION destruction_order_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR OLD.completed_at IS NOT NULL OR NEW.completed_at IS NULL
                OR ({new}) IS DISTINCT FROM ({old}) THEN
                RAISE EXCEPTION '{ORDERS}';
            END IF;
            RETURN NEW;
        END $$""")
    op.execute(
        "CREATE TRIGGER destruction_order_append_only BEFORE UPDATE OR DELETE "
        "ON destruction_order FOR EACH ROW EXECUTE FUNCTION destruction_order_append_only()"
    )
    op.execute(
        "CREATE FUNCTION database_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{IDENTITY}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER database_identity_fixed BEFORE UPDATE OR DELETE ON database_identity "
        "FOR EACH ROW EXECUTE FUNCTION database_identity_fixed()"
    )
    op.execute(
        "CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{TRUNCATE}'; END $$"
    )
    for table in NO_TRUNCATE:
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()"
        )


def _seal_signed_notes() -> None:
    connection = op.get_bind()
    signed = connection.execute(
        sa.text("SELECT id, patient_id FROM visit WHERE status = 'signed' ORDER BY id")
    ).all()
    if not signed:
        return
    owner = dict(signed)
    events = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("occurred_at", UTCDateTime()),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("patient_id", sa.Integer),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("detail", sa.Text),
        sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String),
    )
    last = connection.execute(
        sa.text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")
    ).first()
    next_id, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    now = datetime.now(UTC)
    rows = []
    for visit_id, seal in seals_of(connection, owner):
        values = {
            "id": next_id,
            "occurred_at": now,
            "actor": "system",
            "action": "seal",
            "patient_id": owner[visit_id],
            "entity": "visit",
            "entity_id": visit_id,
            "detail": "signed before seals were kept; sealed by the upgrade to schema 0005 "
            + seal.text(),
            "prev_hash": previous,
        }
        values["hash"] = previous = event_digest(**values)
        rows.append(values)
        next_id += 1
        if len(rows) == 5000:
            connection.execute(events.insert(), rows)
            rows = []
    if rows:
        connection.execute(events.insert(), rows)


def downgrade() -> None:
    raise NotImplementedError("the locks on issued records cannot be downgraded away")
