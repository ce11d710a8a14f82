"""crm-contacts-migrate: migrate the database to every Alembic head and declare our queues."""

from __future__ import annotations

import argparse

from crm_chassis.db.migrate import upgrade
from crm_chassis.events import declare_topology
from crm_chassis.logging import configure_logging, get_logger
from crm_contacts.bootstrap import bootstrap
from crm_contacts.config import MIGRATIONS_DIR, Settings
from crm_contacts.events.incoming import handlers


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Migrate the contacts database.")
    parser.add_argument("revision", nargs="?", default="heads")
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.service_name, "migrate", settings.log_level)
    upgrade(MIGRATIONS_DIR, settings.sqlalchemy_url(), args.revision)
    # Bind our queue before any relay publishes, so first-start events are not unroutable.
    app = bootstrap(settings)
    try:
        declare_topology(settings, handlers(app))
    finally:
        app.db.dispose()
    get_logger(__name__).info("migrate.done", revision=args.revision)


if __name__ == "__main__":
    main()
