"""Settings of the contacts service: the only reader of the environment (``CONTACTS_*``)."""

from __future__ import annotations

from pathlib import Path

from crm_chassis.config import ServiceSettings, settings_config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


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
