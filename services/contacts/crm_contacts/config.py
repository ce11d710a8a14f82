"""Settings of the contacts service: the only reader of the environment (``CONTACTS_*``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Settings(ServiceSettings):
    """Contacts settings; every field can be set as ``CONTACTS_<FIELD>``."""

    model_config = settings_config("CONTACTS_")

    service_name: str = "contacts"
    http_port: int = 8102
    grpc_port: int = 9102
    # How long a "this user is deactivated" answer from the owner directory is reused
    # when verifying tokens: a deactivation takes effect within this many seconds.
    owner_cache_seconds: float = 5.0
    # Soft-deleted accounts and contacts can be restored for this many days.
    deletion_retention_days: int = 30
    # Rows per all-or-nothing batch of an import.
    import_batch_rows: int = 1000
    # POST /imports alone takes bodies up to this size (the rest of the API: max_body_bytes).
    import_max_bytes: int = 256 * 1024 * 1024
    # Imports of more rows than this (or ?mode=background) are queued and run in the worker.
    import_sync_max_rows: int = 5000
    # A running job's worker renews its lease after each batch; past it, another takes over.
    import_lease_seconds: float = 120.0
    import_poll_seconds: float = 1.0
    # The 360 view's sources (gRPC host:port). `make up` and the test Suite give the gateway
    # CRM_<SVC>_GRPC_URL=h2c://host:port; that is read too, so one setting serves both.
    sales_grpc_target: str = Field(
        "127.0.0.1:9103",
        validation_alias=AliasChoices("CONTACTS_SALES_GRPC_TARGET", "CRM_SALES_GRPC_URL"),
    )
    billing_grpc_target: str = Field(
        "127.0.0.1:9104",
        validation_alias=AliasChoices("CONTACTS_BILLING_GRPC_TARGET", "CRM_BILLING_GRPC_URL"),
    )
    support_grpc_target: str = Field(
        "127.0.0.1:9105",
        validation_alias=AliasChoices("CONTACTS_SUPPORT_GRPC_TARGET", "CRM_SUPPORT_GRPC_URL"),
    )
    marketing_grpc_target: str = Field(
        "127.0.0.1:9106",
        validation_alias=AliasChoices("CONTACTS_MARKETING_GRPC_TARGET", "CRM_MARKETING_GRPC_URL"),
    )
    # Deadline of each remote call of the 360 view (the view waits at most a little longer).
    overview_timeout_seconds: float = 2.0

    @field_validator(
        "sales_grpc_target", "billing_grpc_target", "support_grpc_target", "marketing_grpc_target"
    )
    @classmethod
    def _host_port(cls, value: str) -> str:
        return value.split("://", 1)[-1].rstrip("/")
