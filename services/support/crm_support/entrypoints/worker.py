"""crm-support-worker: the outbox relay and the consumer of other services' events."""

from __future__ import annotations

from crm_access.fetch import start_snapshot_fetch
from crm_chassis.events import run_worker
from crm_chassis.roles import configured
from crm_support.adapters.tables import event_tables
from crm_support.bootstrap import bootstrap
from crm_support.config import Settings
from crm_support.entrypoints.contract_timers import start_contract_timers
from crm_support.events.incoming import handlers


def main() -> None:
    settings = configured(Settings, "worker")
    app = bootstrap(settings)
    app.db.instrument()
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, app.access.store)
    # Contracts follow dates and usage; closed tickets get statistics facts (h/contracts).
    timers = start_contract_timers(app)
    try:
        run_worker(settings, app.db, handlers(app), tables=event_tables)
    finally:
        for timer in timers:
            timer.set()


if __name__ == "__main__":
    main()
