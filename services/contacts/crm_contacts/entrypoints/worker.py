"""crm-contacts-worker: the outbox relay and the consumer of identity's user events."""

from __future__ import annotations

from crm_chassis.db import Database
from crm_chassis.events import run_worker
from crm_chassis.logging import configure_logging
from crm_chassis.tracing import configure_tracing
from crm_contacts.adapters.tables import event_tables
from crm_contacts.config import Settings
from crm_contacts.events.incoming import HANDLERS


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "worker", settings.log_level)
    configure_tracing(settings.service_name, "worker")
    db = Database(settings.sqlalchemy_url())
    db.instrument()
    run_worker(settings, db, HANDLERS, tables=event_tables)


if __name__ == "__main__":
    main()
