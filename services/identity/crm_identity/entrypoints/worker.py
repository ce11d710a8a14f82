"""The worker role (``crm-identity-worker``): the outbox relay, and the consumer of
``events/incoming.py``'s handlers when there are any (identity consumes nothing today)."""

from __future__ import annotations

from crm_chassis.events import run_worker
from crm_chassis.roles import configured
from crm_identity.adapters.tables import event_tables
from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings
from crm_identity.events.incoming import handlers


def main() -> None:
    settings = configured(Settings, "worker")
    app = bootstrap(settings)
    run_worker(settings, app.db, handlers(app), tables=event_tables)
