"""Alembic environment: always driven from code with a live connection (see schema.py)."""

from alembic import context

from sportacu_desktop.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run through sportacu_desktop.storage.schema only")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
