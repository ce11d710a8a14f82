"""crm-billing-migrate: migrate the database to Alembic head and declare our queues."""

from __future__ import annotations

import argparse

from crm_billing.bootstrap import bootstrap
from crm_billing.config import MIGRATIONS_DIR, Settings
from crm_billing.events.incoming import handlers
from crm_chassis.db.migrate import upgrade
from crm_chassis.events import declare_topology
from crm_chassis.logging import configure_logging, get_logger


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Migrate the billing database.")
    parser.add_argument("revision", nargs="?", default="heads")
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.service_name, "migrate", settings.log_level)
    upgrade(MIGRATIONS_DIR, settings.sqlalchemy_url(), args.revision)
    # Bind our queue before any relay publishes, so first-start events are not unroutable.
    service = bootstrap(settings)
    try:
        declare_topology(settings, handlers(service))
    finally:
        service.db.dispose()
    get_logger(__name__).info("migrate.done", revision=args.revision)


if __name__ == "__main__":
    main()
