"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from crm_chassis.access import policy_store
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases
from crm_sales.adapters.tables import access_policy, event_tables
from crm_sales.config import Settings
from crm_sales.domain.ports import AccountDirectory
from crm_sales.events.outgoing import translate
from crm_sales.service import (
    accounts,
    catalog,
    conversion,
    enquiries,
    imports,
    leads,
    opportunities,
    quotes,
)
from crm_sales.service.access import Access
from crm_sales.service.queries import Queries
from crm_sales.service.reports import Reports
from crm_sales.service.unit_of_work import UnitOfWorkFactory


@dataclass
class Sales:
    """The wired service: commands and queries that REST, gRPC and events call."""

    settings: Settings
    db: Database
    access: Access
    queries: Queries
    reports: Reports
    uow: UnitOfWorkFactory
    directory: AccountDirectory
    run: UseCases

    # quotes, orders, enquiries
    def create_quote(self, p: Principal, fields: dict[str, Any], token: str | None) -> Any:
        return quotes.create_quote(self.uow, self.access, self.directory, p, fields, token)

    def update_quote(
        self, p: Principal, quote_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> Any:
        return quotes.update_quote(self.uow, self.access, p, quote_id, changes, expected)

    def approve_quote(self, p: Principal, quote_id: UUID) -> Any:
        return quotes.approve_quote(
            self.uow,
            self.access,
            p,
            quote_id,
            self.settings.quote_approval_threshold,
            self.settings.quote_manager_roles,
        )

    def revise_quote(self, p: Principal, quote_id: UUID) -> Any:
        return quotes.revise_quote(self.uow, self.access, p, quote_id)

    def create_order(self, p: Principal, quote_id: UUID, extra: dict[str, Any]) -> Any:
        return quotes.create_order(self.uow, self.access, p, quote_id, extra)

    def set_order_status(
        self, p: Principal, order_id: UUID, status: str, expected: int | None
    ) -> Any:
        return quotes.set_order_status(self.uow, self.access, p, order_id, status, expected)

    def create_enquiry(self, p: Principal, fields: dict[str, Any]) -> Any:
        return enquiries.create_enquiry(self.uow, self.access, p, fields)

    def quote_enquiry(self, p: Principal, enquiry_id: UUID, token: str | None) -> Any:
        return enquiries.quote_enquiry(self.uow, self.access, self.directory, p, enquiry_id, token)


def bootstrap(
    settings: Settings, *, db: Database | None = None, directory: AccountDirectory | None = None
) -> Sales:
    """Build the service's parts for one process role."""
    from crm_sales.adapters.contacts_directory import ContactsDirectory

    db = db or Database(settings.sqlalchemy_url())
    access = Access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    uow = UnitOfWorkFactory(db, recorder)
    directory = directory or ContactsDirectory(settings)
    run = UseCases.from_modules(
        [accounts, catalog, conversion, imports, leads, opportunities],
        uow=uow,
        access=access,
        directory=directory,
        stale_after=timedelta(days=settings.stale_lead_days),
    )
    return Sales(
        settings=settings,
        db=db,
        access=access,
        queries=Queries(db, access),
        reports=Reports(db, access),
        uow=uow,
        directory=directory,
        run=run,
    )
