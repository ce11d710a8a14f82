"""Migrate the database, then do first-start work (``crm-identity-migrate``).

First-start work is idempotent: a signing key if there is none, and the first administrator
from CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD if no administrator exists yet.
"""

from __future__ import annotations

from pathlib import Path

from crm_chassis.db import migrate
from crm_chassis.logging import configure_logging, get_logger
from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def run(settings: Settings) -> None:
    """Upgrade to head and initialize (used by tests too)."""
    url = settings.sqlalchemy_url()
    migrate.upgrade(MIGRATIONS, url)
    identity = bootstrap(settings)
    try:
        identity.initialize()
    finally:
        identity.db.dispose()


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "migrate", settings.log_level)
    run(settings)
    get_logger(__name__).info("identity.migrated")
