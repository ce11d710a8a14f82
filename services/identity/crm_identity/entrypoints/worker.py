"""The worker role: the outbox relay (``crm-identity-worker``). Identity consumes nothing."""

from __future__ import annotations

from crm_chassis.db import Database
from crm_chassis.events import run_worker
from crm_chassis.logging import configure_logging
from crm_identity.adapters.tables import event_tables
from crm_identity.config import Settings


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, "worker", settings.log_level)
    run_worker(settings, Database(settings.sqlalchemy_url()), None, tables=event_tables)
