"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_access import RecordAccess, policy_store
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_marketing.adapters.form_campaigns import AnyCampaign
from crm_marketing.adapters.form_stamps import SignedFormStamps
from crm_marketing.adapters.tables import access_policy, event_tables
from crm_marketing.config import Settings
from crm_marketing.events.outgoing import translate
from crm_marketing.service import forms
from crm_marketing.service.access import record_access
from crm_marketing.service.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class Marketing:
    """The wired service: REST views, gRPC methods and event handlers call ``run``."""

    settings: Settings
    db: Database
    # The local copy of identity's access policy (module checks, record scopes, fields).
    access: RecordAccess
    run: UseCases
    uow: UnitOfWorkFactory


def bootstrap(settings: Settings, *, db: Database | None = None) -> Marketing:
    """Build the service's parts for one process role."""
    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    # Every use-case module of service/ goes in this list; each use case's dependencies are
    # matched by parameter name here, at start-up, not on its first request.
    run = UseCases.from_modules(
        [forms],
        uow=uow,
        access=access,
        # Online lead forms (h/forms): stamps, the campaign check, the per-address limit.
        stamps=SignedFormStamps(settings),
        campaigns=AnyCampaign(),
        form_ip_limit=settings.form_ip_limit_per_hour,
    )
    return Marketing(settings=settings, db=db, access=access, run=run, uow=uow)
