"""crm-contacts-migrate: migrate the database to every Alembic head and declare our queues."""

from __future__ import annotations

from crm_chassis.roles import run_migrations, subscriptions_of
from crm_contacts.bootstrap import bootstrap
from crm_contacts.config import MIGRATIONS_DIR, Settings
from crm_contacts.events.incoming import handlers


def main(argv: list[str] | None = None) -> None:
    run_migrations(Settings, MIGRATIONS_DIR, subscriptions_of(bootstrap, handlers), argv)


if __name__ == "__main__":
    main()
