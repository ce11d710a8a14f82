"""Migrate the database, then do first-start work (``crm-identity-migrate``).

First-start work is idempotent: a signing key if there is none, the access model seeded,
the suite's service accounts, and the first administrator from CRM_ADMIN_EMAIL /
CRM_ADMIN_PASSWORD if no administrator exists yet.
"""

from __future__ import annotations

from pathlib import Path

from crm_chassis.db import migrate
from crm_chassis.events import declare_topology
from crm_chassis.logging import configure_logging, get_logger
from crm_identity.bootstrap import bootstrap, first_start
from crm_identity.config import Settings
from crm_identity.events.incoming import handlers

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def run(settings: Settings, *, topology: bool = False) -> None:
    """Upgrade to head and do first-start work (tests call it without the broker).

    With ``topology`` also declare the exchange and our queues, so they exist before any
    relay publishes (identity consumes nothing, so: the exchange).
    """
    migrate.upgrade(MIGRATIONS, settings.sqlalchemy_url())
    app = bootstrap(settings)
    try:
        first_start(app)
        if topology:
            declare_topology(settings, handlers(app))
    finally:
        app.db.dispose()


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "migrate", settings.log_level)
    run(settings, topology=True)
    get_logger(__name__).info("identity.migrated")
