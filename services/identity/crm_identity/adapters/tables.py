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
        "user_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
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

event_tables = add_event_tables(metadata)
idempotency_keys = add_http_tables(metadata)
