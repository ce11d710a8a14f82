"""crm-marketing-worker: the outbox relay, the consumer of other services' events, and the
mailings' send job (a timer)."""

from __future__ import annotations

from crm_access.fetch import start_snapshot_fetch
from crm_chassis.events import run_worker
from crm_chassis.roles import configured
from crm_marketing.adapters.tables import event_tables
from crm_marketing.bootstrap import bootstrap
from crm_marketing.config import Settings
from crm_marketing.entrypoints.mailing_job import start_mailing_job
from crm_marketing.events.incoming import handlers


def main() -> None:
    settings = configured(Settings, "worker")
    app = bootstrap(settings)
    app.db.instrument()
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, app.access.store)
    # Mailings due are sent in rounds, each recipient once (h/mailings).
    stop_mailings = start_mailing_job(app)
    try:
        run_worker(settings, app.db, handlers(app), tables=event_tables)
    finally:
        stop_mailings()


if __name__ == "__main__":
    main()
