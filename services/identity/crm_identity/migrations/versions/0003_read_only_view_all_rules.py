"""The seeded Read Only profile (the Auditor's) views all records: ``view_all`` true.

It said "views every module" but without "view all" its users saw only their own records
(and their subordinates') in private modules. Installs seeded before this get the flag;
the next start republishes the policy (``crm_identity.service.seeding``: a stored policy
that no longer matches the tables is published again).

Revision ID: 0003_read_only_rules
Revises: 0002
Create Date: 2026-12-03
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003_read_only_rules"
down_revision = "0002"
branch_labels = None
depends_on = None

# crm_identity.domain.defaults.READ_ONLY (a fixed UUID v5), spelled out: a migration does
# not follow later changes of the code.
READ_ONLY = uuid.uuid5(uuid.UUID("6f1c5a52-8d0e-4c53-9a51-3c8f0f1e2a10"), "profile:read_only")

profiles = sa.table(
    "profiles",
    sa.column("id", sa.Uuid),
    sa.column("view_all", sa.Boolean),
    sa.column("edit_all", sa.Boolean),
    sa.column("version", sa.Integer),
)


def upgrade() -> None:
    op.execute(
        profiles.update()
        .where(profiles.c.id == READ_ONLY, profiles.c.view_all.is_(False))
        .values(view_all=True, version=profiles.c.version + 1)
    )


def downgrade() -> None:
    op.execute(profiles.update().where(profiles.c.id == READ_ONLY).values(view_all=False))
