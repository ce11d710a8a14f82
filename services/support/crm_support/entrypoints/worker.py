"""crm-support-worker: the outbox relay, the consumer of other services' events, the
SLA check on a timer, the contract and statistics timers, and the e-mail channel."""

from __future__ import annotations

from crm_access.fetch import start_snapshot_fetch
from crm_chassis.events import run_worker
from crm_chassis.ops.gauges import QueryGauge
from crm_chassis.ops.metrics import add_scrape_collector
from crm_chassis.roles import configured, every
from crm_support.adapters.sla_store import BREACHED_OPEN_HELP, breached_open
from crm_support.adapters.tables import event_tables
from crm_support.bootstrap import bootstrap
from crm_support.config import Settings
from crm_support.domain.sla_commands import RunSlaCheck
from crm_support.entrypoints.contract_timers import start_contract_timers
from crm_support.entrypoints.mail import start_mail
from crm_support.events.incoming import handlers


def main() -> None:
    settings = configured(Settings, "worker")
    app = bootstrap(settings)
    app.db.instrument()
    # Policy events reach only queues that exist; fetch the whole policy once at start.
    start_snapshot_fetch(settings, app.access.store)
    timer = None
    if settings.sla_check_seconds > 0:
        timer = every(
            settings.sla_check_seconds,
            lambda: app.run(RunSlaCheck(warning_minutes=settings.sla_warning_minutes)),
            "sla-check",
            first_now=True,
        )
    # Open SLA breaches, counted when Prometheus scrapes (alert: deploy/k8s monitoring).
    add_scrape_collector(
        QueryGauge(app.db, "crm_support_sla_breached_open", BREACHED_OPEN_HELP, breached_open())
    )
    # Contracts follow dates and usage; closed tickets get statistics facts (h/contracts).
    timers = start_contract_timers(app)
    # Mail in (SMTP listener) and out (queued mails sent once) (h/mail).
    stop_mail = start_mail(app)
    try:
        run_worker(settings, app.db, handlers(app), tables=event_tables)
    finally:
        if timer is not None:
            timer.set()
        for contract_timer in timers:
            contract_timer.set()
        stop_mail()


if __name__ == "__main__":
    main()
