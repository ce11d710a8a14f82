"""crm-support-migrate: migrate the database to Alembic head and declare our queues."""

from __future__ import annotations

from pathlib import Path

from crm_chassis.roles import migrate, run_migrations, subscriptions_of
from crm_support.bootstrap import bootstrap
from crm_support.config import Settings
from crm_support.events.incoming import handlers

#: Inside the package, so an installed service (an image) carries its migrations.
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def run(settings: Settings, revision: str = "heads") -> None:
    """Upgrade the database to ``revision``, then bind our queue to the events we consume."""
    migrate(settings, MIGRATIONS, subscriptions_of(bootstrap, handlers), revision)


def main(argv: list[str] | None = None) -> None:
    run_migrations(Settings, MIGRATIONS, subscriptions_of(bootstrap, handlers), argv)


if __name__ == "__main__":
    main()
