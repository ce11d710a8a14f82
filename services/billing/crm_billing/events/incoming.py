"""Handlers of sales' and contacts' events (tolerant readers).

The chassis consumer records each event in the inbox in the same transaction as its
effect, so a redelivered event has no second effect; on top of that an invoice is keyed
by its quote (a unique ``quote_id``), so a second event about the same quote (the order
created from it, a republished approval) never makes a second invoice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from crm.contacts.v1 import events_pb2 as contacts
from crm.sales.v1 import events_pb2 as sales
from crm_access import POLICY_CHANGED, policy_changed_handler
from crm_billing.adapters.tables import access_policy
from crm_billing.domain.invoices import DEFAULT_TERMS, PAYMENT_TERMS
from crm_billing.service.clock import Clock
from crm_billing.service.sales_documents import invoice_from_sales, repoint_account
from crm_billing.service.unit_of_work import UnitOfWorkFactory
from crm_chassis.events.envelope import Envelope

QUOTE_APPROVED = "sales.quote.approved.v1"
ORDER_CREATED = "sales.order.created.v1"
ACCOUNT_MERGED = "contacts.account.merged.v1"
Handler = Callable[[Session, Envelope], None]


def _address(msg: Any) -> dict[str, str] | None:
    values = {k: getattr(msg, k) for k in ("street", "city", "state", "postal_code", "country")}
    return values if any(values.values()) else None


def _line(x: Any) -> dict[str, Any]:
    return {
        "product_id": x.product_id or None,
        "description": x.description or x.product_name or x.product_code or "Item",
        "unit": x.usage_unit or None,
        "quantity": x.quantity,
        "unit_price": x.unit_price,
        "discount_percent": x.discount_percent or "0",
        "discount_amount": x.discount_amount or "0",
        "tax_percent": x.tax_percent or "0",
        "gross": x.gross_total or None,
        "net": x.net_total or None,
        "tax": x.tax_amount or None,
    }


def document_fields(msg: Any, *, quote_id: str, order_id: str | None) -> dict[str, Any]:
    """Invoice fields from a QuoteApproved or OrderCreated payload."""
    terms = msg.payment_terms if msg.payment_terms in PAYMENT_TERMS else DEFAULT_TERMS
    number = getattr(msg, "number", "")
    fields: dict[str, Any] = {
        "quote_id": quote_id or None,
        "sales_order_id": order_id,
        "account_id": msg.account_id,
        "contact_id": msg.contact_id or None,
        "currency": msg.currency,
        "subject": getattr(msg, "subject", "") or (f"{number}" if number else None),
        "billing_address": _address(msg.billing_address),
        "shipping_address": _address(msg.shipping_address),
        "payment_terms": terms,
        "terms_conditions": getattr(msg, "terms_and_conditions", "") or None,
        "lines": [_line(x) for x in msg.lines],
        "shipping": msg.shipping or "0",
        "adjustment": msg.adjustment or "0",
        "expected_total": msg.grand_total or None,
    }
    if getattr(msg, "due_date", ""):
        fields["due_date"] = msg.due_date
    return fields


def _owner(msg: Any, *alternatives: str) -> UUID:
    for candidate in (msg.owner_id, *alternatives):
        try:
            return UUID(candidate)
        except (ValueError, TypeError):
            continue
    raise ValueError("the event names no owner for the invoice")


def build_handlers(uow: UnitOfWorkFactory, clock: Clock) -> dict[str, Handler]:
    """The worker's handlers, bound to the unit of work factory and the clock."""

    def quote_approved(session: Session, envelope: Envelope) -> None:
        """sales.quote.approved.v1: the quote's invoice (a draft), once."""
        msg = envelope.parse(sales.QuoteApproved)
        quote_id = msg.quote_id or envelope.subject
        with uow.within(session) as work:
            invoice_from_sales(
                work,
                clock,
                document_fields(msg, quote_id=quote_id, order_id=None),
                owner_id=_owner(msg, msg.approved_by),
            )

    def order_created(session: Session, envelope: Envelope) -> None:
        """sales.order.created.v1: link the order to its quote's invoice, or invoice it."""
        msg = envelope.parse(sales.OrderCreated)
        order_id = msg.order_id or envelope.subject
        with uow.within(session) as work:
            invoice_from_sales(
                work,
                clock,
                document_fields(msg, quote_id=msg.quote_id, order_id=order_id),
                owner_id=_owner(msg, msg.created_by),
            )

    def account_merged(session: Session, envelope: Envelope) -> None:
        """contacts.account.merged.v1: re-point billing records to the surviving account."""
        msg = envelope.parse(contacts.AccountMerged)
        surviving = UUID(msg.surviving_account.id or envelope.subject)
        merged = [UUID(x) for x in msg.merged_account_ids]
        with uow.within(session) as work:
            repoint_account(work, clock, merged, surviving)

    return {
        QUOTE_APPROVED: quote_approved,
        ORDER_CREATED: order_created,
        ACCOUNT_MERGED: account_merged,
        # identity.policy.changed.v1: a newer policy snapshot replaces our copy.
        POLICY_CHANGED: policy_changed_handler(access_policy),
    }


#: The routing keys the worker binds (for ``declare_topology`` in the migrate step).
ROUTING_KEYS = (QUOTE_APPROVED, ORDER_CREATED, ACCOUNT_MERGED, POLICY_CHANGED)
