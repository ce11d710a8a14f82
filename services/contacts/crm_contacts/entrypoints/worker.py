"""crm-contacts-worker: the outbox relay and the consumer of identity's user and policy events."""

from __future__ import annotations

from crm_access.fetch import start_snapshot_fetch
from crm_chassis.db import Database
from crm_chassis.events import run_worker
from crm_chassis.roles import configured
from crm_contacts.adapters.purge import start_purger
from crm_contacts.adapters.tables import event_tables
from crm_contacts.bootstrap import bootstrap
from crm_contacts.config import Settings
from crm_contacts.events.incoming import handlers
from crm_contacts.service.import_runner import start_import_runner


def main() -> None:
    settings = configured(Settings, "worker")
    db = Database(settings.sqlalchemy_url())
    db.instrument()
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    service = bootstrap(settings, db=db)
    start_snapshot_fetch(settings, service.access.store)
    start_purger(db)  # soft-deleted records past their retention period
    start_import_runner(service)  # queued (large) imports
    run_worker(settings, db, handlers(service), tables=event_tables)


if __name__ == "__main__":
    main()
