"""The seeded profiles grant support's ``service_contracts`` module (issue 16).

Fresh installs are seeded with it (``crm_identity.domain.defaults``); installs seeded
before the module existed lack it, so their users cannot reach support's service
contracts. This grants each seeded profile what the seed grants, and sets the module's
sharing default as the seed does (private), only where missing: a profile an administrator
already gave the module keeps its actions. The published policy is not touched here: the
first-start work that ``crm-identity-migrate`` runs right after upgrading (and every
service start) finds the stored policy no longer matching the tables and publishes it
again (``crm_identity.service.seeding``), as after 0003.

Revision ID: 0005_service_contracts
Revises: 0004_h_hardening
Create Date: 2026-12-04
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from crm_chassis.db import UTCDateTime

revision = "0005_service_contracts"
down_revision = "0004_h_hardening"
branch_labels = None
depends_on = None

MODULE = "service_contracts"
_NS = uuid.UUID("6f1c5a52-8d0e-4c53-9a51-3c8f0f1e2a10")  # crm_identity.domain.defaults


def _profile(key: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"profile:{key}")


# What the seed grants each profile, spelled out: a migration does not follow later
# changes of the code.
GRANTS: dict[uuid.UUID, list[str]] = {
    _profile("administrator"): ["view", "create", "edit", "delete", "import", "export"],
    _profile("sales"): ["view"],
    _profile("support"): ["view", "create", "edit"],
    _profile("read_only"): ["view"],
}

profiles = sa.table(
    "profiles",
    sa.column("id", sa.Uuid),
    sa.column("modules", sa.JSON),
    sa.column("version", sa.Integer),
)
sharing_defaults = sa.table(
    "sharing_defaults",
    sa.column("module", sa.String),
    sa.column("access", sa.String),
    sa.column("updated_at", UTCDateTime),
)


def _modules(conn: sa.Connection) -> dict[uuid.UUID, dict]:
    rows = conn.execute(
        sa.select(profiles.c.id, profiles.c.modules).where(profiles.c.id.in_(list(GRANTS)))
    )
    return {row.id: dict(row.modules) for row in rows}


def upgrade() -> None:
    conn = op.get_bind()
    for profile_id, modules in _modules(conn).items():
        if MODULE in modules:
            continue
        conn.execute(
            profiles.update()
            .where(profiles.c.id == profile_id)
            .values(
                modules={**modules, MODULE: GRANTS[profile_id]},
                version=profiles.c.version + 1,
            )
        )
    has_default = conn.execute(
        sa.select(sharing_defaults.c.module).where(sharing_defaults.c.module == MODULE)
    ).first()
    seeded = conn.execute(sa.select(sa.func.count()).select_from(profiles)).scalar()
    if not has_default and seeded:  # an empty install is seeded whole at first start
        conn.execute(
            sharing_defaults.insert().values(
                module=MODULE, access="private", updated_at=datetime.now(UTC)
            )
        )


def downgrade() -> None:
    conn = op.get_bind()
    for profile_id, modules in _modules(conn).items():
        if MODULE not in modules:
            continue
        rest = {m: actions for m, actions in modules.items() if m != MODULE}
        conn.execute(
            profiles.update()
            .where(profiles.c.id == profile_id)
            .values(modules=rest, version=profiles.c.version + 1)
        )
    conn.execute(sharing_defaults.delete().where(sharing_defaults.c.module == MODULE))
