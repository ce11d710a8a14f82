"""crm-billing-worker: the outbox relay, the consumer of sales'/contacts'/identity's events,
and the overdue check on a timer."""

from __future__ import annotations

from crm_access.fetch import start_snapshot_fetch
from crm_billing.adapters.tables import event_tables
from crm_billing.bootstrap import bootstrap
from crm_billing.config import Settings
from crm_billing.domain.commands import RunOverdueCheck
from crm_billing.events.incoming import handlers
from crm_chassis.db import Database
from crm_chassis.events import run_worker
from crm_chassis.roles import configured, every


def main() -> None:
    settings = configured(Settings, "worker")
    db = Database(settings.sqlalchemy_url())
    db.instrument()
    service = bootstrap(settings, db=db)
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, service.access.store)
    timer = None
    if settings.overdue_check_seconds > 0:
        timer = every(
            settings.overdue_check_seconds,
            lambda: service.run(RunOverdueCheck()),
            "overdue-check",
            first_now=True,
        )
    try:
        run_worker(settings, db, handlers(service), tables=event_tables)
    finally:
        if timer is not None:
            timer.set()


if __name__ == "__main__":
    main()
