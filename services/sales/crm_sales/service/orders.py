"""Sales order use cases: an order from an approved quote; its status."""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db import utcnow
from crm_chassis.errors import RecordNotFound, invalid
from crm_sales.domain.commands import CreateSalesOrder, NoteInvoiceFacts, SetOrderStatus
from crm_sales.domain.errors import OrderExists
from crm_sales.domain.orders import SalesOrder
from crm_sales.service.access import QUOTES, SALES_ORDERS
from crm_sales.service.quotes import next_number
from crm_sales.service.unit_of_work import UnitOfWorkFactory


def create_sales_order(
    cmd: CreateSalesOrder, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> SalesOrder:
    """A sales order from an approved quote (lines and totals copied); OrderCreated."""
    access.require(caller, SALES_ORDERS, "create")
    with uow() as tx:
        quote = tx.quotes.get(cmd.quote_id)
        if quote is None or not access.can_see(caller, QUOTES, quote):
            raise invalid("quote_id", "is not an existing quote")
        existing = tx.orders.for_quote(cmd.quote_id)
        if existing is not None:
            raise OrderExists(cmd.quote_id, existing)
        order_id = uuid.uuid4()
        order = SalesOrder.from_quote(
            quote,
            id=order_id,
            number=next_number(tx, "SO"),
            now=utcnow(),
            by=caller.subject,
            line_id=uuid.uuid4,
            due_date=cmd.due_date,
            recurring_frequency=cmd.recurring_frequency,
            invoice_paid=tx.billed.money_received(quote_id=quote.id, sales_order_id=order_id),
        )
        tx.orders.add(order)
    return order


def set_order_status(
    cmd: SetOrderStatus, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> SalesOrder:
    """Move an order forward (ORDER_STATUS); not cancelled once billing reports money."""
    access.require(caller, SALES_ORDERS, "edit")
    with uow() as tx:
        order = tx.orders.get(cmd.order_id)
        if order is None or not access.can_see(caller, SALES_ORDERS, order):
            raise RecordNotFound("Sales order", cmd.order_id)
        access.require_on(caller, SALES_ORDERS, "edit", order)
        paid = tx.billed.money_received(quote_id=order.quote_id, sales_order_id=order.id)
        order.set_status(
            cmd.status, now=utcnow(), expected=cmd.expected_version, money_received=paid
        )
        tx.orders.save(order)
    return order


def note_invoice_facts(cmd: NoteInvoiceFacts, *, uow: UnitOfWorkFactory) -> None:
    """Keep what billing's events say about an invoice of our quotes and orders."""
    with uow() as tx:
        tx.billed.note(
            cmd.invoice_id,
            quote_id=cmd.quote_id,
            sales_order_id=cmd.sales_order_id,
            money_received=cmd.money_received,
            now=utcnow(),
        )
