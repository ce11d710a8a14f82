"""crm-sales-worker: outbox relay, consumers (lead forms, policy), the stale-lead check and
the rescoring of leads after the scoring rules changed."""

from __future__ import annotations

from crm_access.fetch import start_snapshot_fetch
from crm_chassis.db import Database
from crm_chassis.events import run_worker
from crm_chassis.roles import configured, every
from crm_sales.adapters.tables import event_tables
from crm_sales.bootstrap import bootstrap
from crm_sales.config import Settings
from crm_sales.domain.commands import CheckStaleLeads, RescoreLeads
from crm_sales.events.incoming import handlers


def main() -> None:
    settings = configured(Settings, "worker")
    db = Database(settings.sqlalchemy_url())
    db.instrument()
    service = bootstrap(settings, db=db)
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, service.access.store)
    if settings.stale_check_seconds > 0:
        every(settings.stale_check_seconds, lambda: service.run(CheckStaleLeads()), "stale-leads")
    if settings.rescore_check_seconds > 0:
        # After a change of the scoring rules: leads scored with older rules, in batches.
        every(settings.rescore_check_seconds, lambda: service.run(RescoreLeads()), "rescore")
    run_worker(settings, db, handlers(service), tables=event_tables)


if __name__ == "__main__":
    main()
