"""Invoice use cases: create, edit a draft, move through the workflow."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from crm_billing.domain import invoices as inv
from crm_billing.domain.errors import FieldError
from crm_billing.domain.invoices import Invoice
from crm_billing.service.access import INVOICES
from crm_billing.service.common import Deps, load_visible, resolve_owner
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import AlreadyExists
from crm_chassis.logging import get_logger

log = get_logger(__name__)
ACTIONS = {"approve": inv.APPROVED, "send": inv.SENT, "cancel": inv.CANCELLED}


def create_invoice(deps: Deps, principal: Principal, fields: dict[str, Any]) -> Invoice:
    """Create a draft invoice (numbered at once, gap-free)."""
    deps.access.require(principal, INVOICES, "create")
    deps.access.check_writable(principal, INVOICES, fields.keys())
    fields = dict(fields)
    owner_id = resolve_owner(principal, fields.pop("owner_id", None))
    today = deps.clock.today()
    # Validate before taking a number, so a refused invoice does not hold the series lock.
    inv.clean(fields, today)
    with deps.uow() as uow:
        _check_unique_source(uow, fields)
        number = uow.numbers.next(inv.PREFIX, today.year)
        invoice = Invoice.create(
            id=uuid.uuid4(),
            number=number,
            owner_id=owner_id,
            now=deps.clock.now(),
            today=today,
            fields=fields,
        )
        uow.invoices.add(invoice)
    log.info("invoice.created", invoice_id=str(invoice.id), number=invoice.number)
    return invoice


def _check_unique_source(uow: Any, fields: dict[str, Any]) -> None:
    # One invoice per quote and per sales order (the unique columns would otherwise
    # surface as a database error).
    for name, find in (
        ("quote_id", uow.invoices.by_quote),
        ("sales_order_id", uow.invoices.by_sales_order),
    ):
        if fields.get(name) and find(UUID(str(fields[name]))) is not None:
            raise AlreadyExists(
                f"An invoice for this {name[:-3].replace('_', ' ')} exists.",
                errors=[FieldError(name, "already has an invoice")],
            )


def update_invoice(
    deps: Deps,
    principal: Principal,
    invoice_id: UUID,
    changes: dict[str, Any],
    expected: int | None,
) -> Invoice:
    """Edit a draft; a PATCH naming only ``status`` is a workflow transition."""
    deps.access.require(principal, INVOICES, "edit")
    deps.access.check_writable(principal, INVOICES, changes.keys())
    changes = dict(changes)
    with deps.uow() as uow:
        invoice = load_visible(
            deps, principal, INVOICES, "Invoice", uow.invoices.get(invoice_id), invoice_id, "edit"
        )
        status = changes.pop("status", None)
        if changes:
            owner = changes.get("owner_id")
            if owner is not None:
                changes["owner_id"] = resolve_owner(principal, owner)
            invoice.update(changes, now=deps.clock.now(), expected_version=expected)
            expected = None
        if status is not None:
            invoice.transition(status, now=deps.clock.now(), expected_version=expected)
        elif not changes:
            invoice.expect_version(expected)
        uow.invoices.save(invoice)
    return invoice


def transition_invoice(
    deps: Deps, principal: Principal, invoice_id: UUID, action: str, expected: int | None
) -> Invoice:
    """approve / send / cancel (409 when the workflow does not allow it)."""
    deps.access.require(principal, INVOICES, "edit")
    with deps.uow() as uow:
        invoice = load_visible(
            deps, principal, INVOICES, "Invoice", uow.invoices.get(invoice_id), invoice_id, "edit"
        )
        invoice.transition(ACTIONS[action], now=deps.clock.now(), expected_version=expected)
        uow.invoices.save(invoice)
    log.info("invoice.transition", invoice_id=str(invoice_id), status=invoice.status)
    return invoice
