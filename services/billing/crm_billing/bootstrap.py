"""The one place that chooses implementations and wires the service together.

Nothing is built at import time: each entrypoint (and each test) calls :func:`bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from crm_access import RecordAccess, policy_store
from crm_billing.adapters.tables import access_policy, event_tables
from crm_billing.config import Settings
from crm_billing.events.incoming import build_handlers
from crm_billing.events.outgoing import OutboxRecorder
from crm_billing.service import credit_notes, invoices, payments, purchase_orders, vendors
from crm_billing.service.access import record_access
from crm_billing.service.clock import Clock
from crm_billing.service.collections import OverdueResult, Reports, run_overdue_check
from crm_billing.service.common import Deps
from crm_billing.service.queries import Queries
from crm_billing.service.unit_of_work import UnitOfWorkFactory
from crm_chassis.auth.principal import Principal
from crm_chassis.db import Database
from crm_chassis.events.outbox import Outbox


@dataclass
class Billing:
    """The wired service: commands and queries that REST, gRPC and events call."""

    settings: Settings
    db: Database
    access: RecordAccess
    queries: Queries
    reports: Reports
    uow: UnitOfWorkFactory
    clock: Clock

    @property
    def deps(self) -> Deps:
        return Deps(self.uow, self.access, self.clock)

    def create_invoice(self, principal: Principal, fields: dict[str, Any]) -> Any:
        return invoices.create_invoice(self.deps, principal, fields)

    def update_invoice(
        self, principal: Principal, invoice_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> Any:
        return invoices.update_invoice(self.deps, principal, invoice_id, changes, expected)

    def transition_invoice(
        self, principal: Principal, invoice_id: UUID, action: str, expected: int | None
    ) -> Any:
        return invoices.transition_invoice(self.deps, principal, invoice_id, action, expected)

    def record_payment(self, principal: Principal, fields: dict[str, Any]) -> Any:
        return payments.record_payment(self.deps, principal, fields)

    def allocate_payment(self, principal: Principal, payment_id: UUID, raw: Any) -> Any:
        return payments.allocate_payment(self.deps, principal, payment_id, raw)

    def issue_credit_note(self, principal: Principal, fields: dict[str, Any]) -> Any:
        return credit_notes.issue_credit_note(self.deps, principal, fields)

    def create_vendor(self, principal: Principal, fields: dict[str, Any]) -> Any:
        return vendors.create_vendor(self.deps, principal, fields)

    def update_vendor(
        self, principal: Principal, vendor_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> Any:
        return vendors.update_vendor(self.deps, principal, vendor_id, changes, expected)

    def create_purchase_order(self, principal: Principal, fields: dict[str, Any]) -> Any:
        return purchase_orders.create_purchase_order(self.deps, principal, fields)

    def update_purchase_order(
        self, principal: Principal, order_id: UUID, changes: dict[str, Any], expected: int | None
    ) -> Any:
        return purchase_orders.update_purchase_order(
            self.deps, principal, order_id, changes, expected
        )

    def run_overdue_check(self, today: Any = None) -> OverdueResult:
        return run_overdue_check(self.uow, today or self.clock.today(), self.clock.now)

    def handlers(self) -> dict[str, Any]:
        return build_handlers(self.uow, self.clock)


def bootstrap(
    settings: Settings, *, db: Database | None = None, clock: Clock | None = None
) -> Billing:
    """Build the service's parts for one process role."""
    db = db or Database(settings.sqlalchemy_url())
    access = record_access(policy_store(settings, db, access_policy))
    recorder = OutboxRecorder(Outbox(settings.service_name, event_tables))
    return Billing(
        settings=settings,
        db=db,
        access=access,
        queries=Queries(db, access),
        reports=Reports(db, access),
        uow=UnitOfWorkFactory(db, recorder),
        clock=clock or Clock(settings.today),
    )
