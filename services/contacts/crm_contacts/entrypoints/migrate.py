"""crm-contacts-migrate: bring the database to the newest schema (Alembic head)."""

from __future__ import annotations

import argparse

from crm_chassis.db.migrate import upgrade
from crm_chassis.logging import configure_logging, get_logger
from crm_contacts.config import MIGRATIONS_DIR, Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Migrate the contacts database.")
    parser.add_argument("revision", nargs="?", default="head")
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.service_name, "migrate", settings.log_level)
    upgrade(MIGRATIONS_DIR, settings.sqlalchemy_url(), args.revision)
    get_logger(__name__).info("migrate.done", revision=args.revision)


if __name__ == "__main__":
    main()
