"""crm-sales-worker: outbox relay, consumers (lead forms, policy) and the stale-lead check."""

from __future__ import annotations

import threading

from crm_access.fetch import start_snapshot_fetch
from crm_chassis.db import Database
from crm_chassis.events import run_worker
from crm_chassis.logging import configure_logging, get_logger
from crm_chassis.tracing import configure_tracing
from crm_sales.adapters.tables import event_tables
from crm_sales.bootstrap import Sales, bootstrap
from crm_sales.config import Settings
from crm_sales.domain.commands import CheckStaleLeads
from crm_sales.events.incoming import handlers

log = get_logger(__name__)


def _stale_checks(service: Sales, every: float) -> None:
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every):
            try:
                service.run(CheckStaleLeads())
            except Exception as exc:  # noqa: BLE001 - try again next round
                log.warning("leads.stale_check_failed", error=str(exc))

    threading.Thread(target=run, name="stale-leads", daemon=True).start()


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "worker", settings.log_level)
    configure_tracing(settings.service_name, "worker")
    db = Database(settings.sqlalchemy_url())
    db.instrument()
    service = bootstrap(settings, db=db)
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, service.access.store)
    if settings.stale_check_seconds > 0:
        _stale_checks(service, settings.stale_check_seconds)
    run_worker(settings, db, handlers(service), tables=event_tables)


if __name__ == "__main__":
    main()
