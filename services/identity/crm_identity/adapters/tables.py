"""Identity's tables (SQLAlchemy Core), plus the chassis's outbox, inbox and idempotency keys."""

from __future__ import annotations

import sqlalchemy as sa

from crm_chassis.db import UTCDateTime
from crm_chassis.events.schema import add_event_tables
from crm_chassis.http.schema import add_http_tables

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("email", sa.String(320), nullable=False),
    # casefolded email: uniqueness and sign-in are case-insensitive, display keeps the case
    sa.Column("email_key", sa.String(320), nullable=False, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("display_name_key", sa.String(200), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("locale", sa.String(35), nullable=False),
    sa.Column("time_zone", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    # Access model (0002). ``roles`` above is kept as the legacy view of ``is_admin``.
    sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("role_id", sa.Uuid, nullable=True, index=True),
    sa.Column("kind", sa.String(16), nullable=False, server_default="user"),
    sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"),
    sa.Column("account_id", sa.Uuid, nullable=True),
    sa.Column("contact_id", sa.Uuid, nullable=True),
    sa.Index(None, "updated_at", "id"),
    sa.Index(None, "created_at", "id"),
    sa.Index(None, "display_name_key", "id"),
)

service_accounts = sa.Table(
    "service_accounts",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("client_id", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(255), nullable=False),
    sa.Column("scopes", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index(None, "created_at", "id"),
)

signing_keys = sa.Table(
    "signing_keys",
    metadata,
    sa.Column("kid", sa.String(64), primary_key=True),
    sa.Column("algorithm", sa.String(16), nullable=False),
    # PKCS#8 PEM, encrypted when IDENTITY_SIGNING_KEY_PASSPHRASE is set
    sa.Column("private_pem", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # the newest active key signs; inactive-but-not-retired keys still verify (rotation)
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("retired_at", UTCDateTime, nullable=True),
)

refresh_tokens = sa.Table(
    "refresh_tokens",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("family_id", sa.Uuid, nullable=False, index=True),
    sa.Column(
        "user_id",
        sa.Uuid,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("issued_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    sa.Column("consumed_at", UTCDateTime, nullable=True),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # "email:<casefolded email>" or "ip:<address>"
    sa.Column("key", sa.String(400), nullable=False),
    sa.Column("failed_at", UTCDateTime, nullable=False),
    sa.Index(None, "key", "failed_at"),
    sa.Index(None, "failed_at"),
)

roles = sa.Table(
    "roles",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_key", sa.String(200), nullable=False, unique=True),
    sa.Column("parent_id", sa.Uuid, nullable=True, index=True),
    sa.Column("profile_ids", sa.JSON, nullable=False),
    sa.Column("description", sa.String(1000), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_key", sa.String(200), nullable=False, unique=True),
    sa.Column("description", sa.String(1000), nullable=False),
    sa.Column("view_all", sa.Boolean, nullable=False),
    sa.Column("edit_all", sa.Boolean, nullable=False),
    # module -> [actions]; module -> field -> mode (small documents read whole)
    sa.Column("modules", sa.JSON, nullable=False),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_key", sa.String(200), nullable=False, unique=True),
    sa.Column("description", sa.String(1000), nullable=False),
    sa.Column("user_ids", sa.JSON, nullable=False),
    sa.Column("role_ids", sa.JSON, nullable=False),
    sa.Column("role_and_subordinate_ids", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

sharing_defaults = sa.Table(
    "sharing_defaults",
    metadata,
    sa.Column("module", sa.String(64), primary_key=True),
    sa.Column("access", sa.String(32), nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

sharing_rules = sa.Table(
    "sharing_rules",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("module", sa.String(64), nullable=False),
    sa.Column("source_kind", sa.String(32), nullable=False),
    sa.Column("source_id", sa.Uuid, nullable=False),
    sa.Column("target_kind", sa.String(32), nullable=False),
    sa.Column("target_id", sa.Uuid, nullable=False),
    sa.Column("access", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index(None, "created_at", "id"),
)

# One row: the current policy version and the snapshot published with it, so GetSnapshot
# answers exactly what the last identity.policy.changed.v1 carried.
policy_state = sa.Table(
    "policy_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("snapshot", sa.Text, nullable=True),
    sa.Column("changed_at", UTCDateTime, nullable=True),
)

# Per-e-mail lockout state (unknown addresses lock too: no enumeration).
# Access tokens refused before they expire: "token" (a jti) or "session" (a refresh family,
# the tokens' sid claim); published in the policy snapshot until expires_at.
token_revocations = sa.Table(
    "token_revocations",
    metadata,
    sa.Column("kind", sa.String(10), primary_key=True),
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Index(None, "expires_at"),
)

lockouts = sa.Table(
    "lockouts",
    metadata,
    sa.Column("key", sa.String(400), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("locked_until", UTCDateTime, nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("actor_id", sa.String(64), nullable=True),
    sa.Column("subject_type", sa.String(32), nullable=True),
    sa.Column("subject_id", sa.String(64), nullable=True),
    sa.Column("details", sa.JSON, nullable=False),
    sa.Column("client_ip", sa.String(64), nullable=True),
    sa.Index(None, "occurred_at", "id"),
    sa.Index(None, "type", "occurred_at"),
    sa.Index(None, "actor_id", "occurred_at"),
    sa.Index(None, "subject_id", "occurred_at"),
)

event_tables = add_event_tables(metadata)
idempotency_keys = add_http_tables(metadata)
