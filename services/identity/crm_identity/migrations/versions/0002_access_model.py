"""Access model: roles (hierarchy), profiles, groups, sharing defaults and rules, the
published policy version, per-address lockouts, the audit log; users get is_admin, role,
kind (user | portal), currency and their portal account/contact.

Seed data (default roles and profiles) is written on first start by the service
(``crm_identity.service.seeding``), idempotently, with fixed ids.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from crm_chassis.db import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("role_id", sa.Uuid, nullable=True))
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="user"))
        batch.add_column(sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"))
        batch.add_column(sa.Column("account_id", sa.Uuid, nullable=True))
        batch.add_column(sa.Column("contact_id", sa.Uuid, nullable=True))
        batch.create_index("ix_users_role_id", ["role_id"])

    # The first cut's roles list becomes the flag; roles are assigned on first start.
    users = sa.table(
        "users",
        sa.column("id", sa.Uuid),
        sa.column("roles", sa.JSON),
        sa.column("is_admin", sa.Boolean),
    )
    bind = op.get_bind()
    for user_id, roles in bind.execute(sa.select(users.c.id, users.c.roles)).all():
        if "admin" in (roles or []):
            bind.execute(users.update().where(users.c.id == user_id).values(is_admin=True))

    op.create_table(
        "roles",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.Uuid, nullable=True),
        sa.Column("profile_ids", sa.JSON, nullable=False),
        sa.Column("description", sa.String(1000), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_roles"),
        sa.UniqueConstraint("name_key", name="uq_roles_name_key"),
    )
    op.create_index("ix_roles_parent_id", "roles", ["parent_id"])

    op.create_table(
        "profiles",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("description", sa.String(1000), nullable=False),
        sa.Column("view_all", sa.Boolean, nullable=False),
        sa.Column("edit_all", sa.Boolean, nullable=False),
        sa.Column("modules", sa.JSON, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_profiles"),
        sa.UniqueConstraint("name_key", name="uq_profiles_name_key"),
    )

    op.create_table(
        "groups",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("description", sa.String(1000), nullable=False),
        sa.Column("user_ids", sa.JSON, nullable=False),
        sa.Column("role_ids", sa.JSON, nullable=False),
        sa.Column("role_and_subordinate_ids", sa.JSON, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_groups"),
        sa.UniqueConstraint("name_key", name="uq_groups_name_key"),
    )

    op.create_table(
        "sharing_defaults",
        sa.Column("module", sa.String(64), nullable=False),
        sa.Column("access", sa.String(32), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("module", name="pk_sharing_defaults"),
    )

    op.create_table(
        "sharing_rules",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("module", sa.String(64), nullable=False),
        sa.Column("source_kind", sa.String(32), nullable=False),
        sa.Column("source_id", sa.Uuid, nullable=False),
        sa.Column("target_kind", sa.String(32), nullable=False),
        sa.Column("target_id", sa.Uuid, nullable=False),
        sa.Column("access", sa.String(16), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_sharing_rules"),
    )
    op.create_index("ix_sharing_rules_created_at_id", "sharing_rules", ["created_at", "id"])

    op.create_table(
        "policy_state",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=True),
        sa.Column("changed_at", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_policy_state"),
    )
    op.execute("INSERT INTO policy_state (id, version) VALUES (1, 0)")

    op.create_table(
        "lockouts",
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("locked_until", UTCDateTime, nullable=True),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_lockouts"),
    )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("occurred_at", UTCDateTime, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=True),
        sa.Column("subject_type", sa.String(32), nullable=True),
        sa.Column("subject_id", sa.String(64), nullable=True),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("client_ip", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_occurred_at_id", "audit_events", ["occurred_at", "id"])
    op.create_index("ix_audit_events_type_occurred_at", "audit_events", ["type", "occurred_at"])
    op.create_index(
        "ix_audit_events_actor_id_occurred_at", "audit_events", ["actor_id", "occurred_at"]
    )
    op.create_index(
        "ix_audit_events_subject_id_occurred_at", "audit_events", ["subject_id", "occurred_at"]
    )


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_table("lockouts")
    op.drop_table("policy_state")
    op.drop_table("sharing_rules")
    op.drop_table("sharing_defaults")
    op.drop_table("groups")
    op.drop_table("profiles")
    op.drop_table("roles")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_role_id")
        for column in ("contact_id", "account_id", "currency", "kind", "role_id", "is_admin"):
            batch.drop_column(column)
