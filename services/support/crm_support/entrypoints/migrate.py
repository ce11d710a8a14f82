"""crm-support-migrate: migrate the database to Alembic head and declare our queues."""

from __future__ import annotations

import argparse
from pathlib import Path

from crm_chassis.db.migrate import upgrade
from crm_chassis.events import declare_topology
from crm_chassis.logging import configure_logging, get_logger
from crm_support.bootstrap import bootstrap
from crm_support.config import Settings
from crm_support.events.incoming import handlers

#: Inside the package, so an installed service (an image) carries its migrations.
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def run(settings: Settings, revision: str = "heads") -> None:
    """Upgrade the database to ``revision``, then bind our queue to the events we consume."""
    upgrade(MIGRATIONS, settings.sqlalchemy_url(), revision)
    app = bootstrap(settings)
    try:
        # Bound before any relay publishes, so first-start events are not unroutable.
        declare_topology(settings, handlers(app))
    finally:
        app.db.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Migrate the support database.")
    parser.add_argument("revision", nargs="?", default="heads")
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.service_name, "migrate", settings.log_level)
    run(settings, args.revision)
    get_logger(__name__).info("migrate.done", revision=args.revision)


if __name__ == "__main__":
    main()
