"""Owners of mailing lists, segments and templates (record-level access, like campaigns).

Revision ID: 0006
Revises: 0005

Existing rows take their creator as owner when ``created_by`` is a user id; rows made by a
service account (or anything else that is no user id) keep a NULL owner, which no owner
scope matches: only administrators and profiles that view (or edit) all records see them
until one of those gives them an owner.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("mailing_lists", "segments", "mail_templates")


def upgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column("owner_id", sa.Uuid, nullable=True))
        op.create_index(f"ix_{name}_owner_id", name, ["owner_id"])
        _backfill(name)


def _backfill(name: str) -> None:
    table = sa.table(
        name, sa.column("id", sa.Uuid), sa.column("created_by"), sa.column("owner_id", sa.Uuid)
    )
    bind = op.get_bind()
    # Python, not SQL, decides what is a user id: one rule on SQLite and PostgreSQL alike.
    for row in bind.execute(sa.select(table.c.id, table.c.created_by)).all():
        try:
            owner = uuid.UUID(str(row.created_by))
        except ValueError:
            continue
        bind.execute(sa.update(table).where(table.c.id == row.id).values(owner_id=owner))


def downgrade() -> None:
    for name in TABLES:
        op.drop_index(f"ix_{name}_owner_id", table_name=name)
        with op.batch_alter_table(name) as batch:
            batch.drop_column("owner_id")
