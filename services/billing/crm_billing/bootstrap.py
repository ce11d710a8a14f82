"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
REST views, gRPC methods and event handlers reach the same use cases through
``Billing.run`` and the same reads through ``Billing.queries``.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_access import RecordAccess, policy_store
from crm_billing.adapters.pdf import Company, PdfPrinter
from crm_billing.adapters.tables import access_policy, event_tables
from crm_billing.config import Settings
from crm_billing.domain.ports import AccountDirectory
from crm_billing.events.outgoing import translate
from crm_billing.service import (
    collections,
    credit_notes,
    invoices,
    payments,
    purchase_orders,
    sales_documents,
    vendors,
)
from crm_billing.service.access import record_access
from crm_billing.service.clock import Clock
from crm_billing.service.queries import Queries
from crm_billing.service.unit_of_work import UnitOfWorkFactory
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox, OutboxRecorder
from crm_chassis.usecases import UseCases

USE_CASE_MODULES = (
    invoices,
    sales_documents,
    payments,
    credit_notes,
    vendors,
    purchase_orders,
    collections,
)


@dataclass(frozen=True)
class Billing:
    """The wired service: its use cases (``run``), its reads and what entrypoints need."""

    settings: Settings
    db: Database
    access: RecordAccess
    uow: UnitOfWorkFactory
    clock: Clock
    run: UseCases
    queries: Queries


def bootstrap(
    settings: Settings,
    *,
    db: Database | None = None,
    clock: Clock | None = None,
    directory: AccountDirectory | None = None,
) -> Billing:
    """Build the service's parts for one process role."""
    from crm_billing.adapters.contacts_directory import ContactsDirectory

    directory = directory or ContactsDirectory(settings)
    db = db or Database(settings.sqlalchemy_url())
    clock = clock or Clock(settings.today)
    access = record_access(policy_store(settings, db, access_policy))
    uow = UnitOfWorkFactory(
        db, OutboxRecorder(Outbox(settings.service_name, event_tables), translate)
    )
    printer = PdfPrinter(
        Company(
            settings.company_name,
            settings.company_address,
            settings.company_vat_id,
            settings.company_email,
        )
    )
    return Billing(
        settings=settings,
        db=db,
        access=access,
        uow=uow,
        clock=clock,
        run=UseCases.from_modules(
            USE_CASE_MODULES, uow=uow, access=access, clock=clock, directory=directory
        ),
        queries=Queries(db, access, clock, printer, directory),
    )
