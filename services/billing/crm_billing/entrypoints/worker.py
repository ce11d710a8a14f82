"""crm-billing-worker: the outbox relay, the consumer of sales'/contacts'/identity's events,
and the overdue check on a timer."""

from __future__ import annotations

import threading

from crm_access.fetch import start_snapshot_fetch
from crm_billing.adapters.tables import event_tables
from crm_billing.bootstrap import Billing, bootstrap
from crm_billing.config import Settings
from crm_billing.domain.commands import RunOverdueCheck
from crm_billing.events.incoming import handlers
from crm_chassis.db import Database
from crm_chassis.events import run_worker
from crm_chassis.logging import configure_logging, get_logger
from crm_chassis.tracing import configure_tracing

log = get_logger(__name__)


def start_overdue_timer(service: Billing, every: float, stop: threading.Event) -> None:
    """Run the overdue check now and then every ``every`` seconds (a daemon thread)."""

    def run() -> None:
        while not stop.is_set():
            try:
                service.run(RunOverdueCheck())
            except Exception:
                log.exception("overdue.check_failed")
            stop.wait(every)

    threading.Thread(target=run, name="overdue-check", daemon=True).start()


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "worker", settings.log_level)
    configure_tracing(settings.service_name, "worker")
    db = Database(settings.sqlalchemy_url())
    db.instrument()
    service = bootstrap(settings, db=db)
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, service.access.store)
    stop = threading.Event()
    if settings.overdue_check_seconds > 0:
        start_overdue_timer(service, settings.overdue_check_seconds, stop)
    try:
        run_worker(settings, db, handlers(service), tables=event_tables)
    finally:
        stop.set()


if __name__ == "__main__":
    main()
