"""Handlers of sales', contacts' and identity's events (tolerant readers).

Each handler declares the payload it reads (only the fields it uses, each with a default)
and runs one use case inside the consumer's transaction, so the inbox row and the effect
commit together: a redelivered event has no second effect. On top of that an invoice is
keyed by its quote (a unique ``quote_id``), so a second event about the same quote (the
order created from it, a republished approval) never makes a second invoice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import BeforeValidator

from crm_access import POLICY_CHANGED, policy_changed_handler
from crm_billing.adapters.tables import access_policy
from crm_billing.bootstrap import Billing
from crm_billing.domain.commands import (
    FollowAccountDeletion,
    InvoiceSalesDocument,
    RepointMergedAccounts,
    RepointMergedContacts,
)
from crm_billing.domain.invoices import InvoiceFields
from crm_billing.domain.lines import LineInput
from crm_billing.domain.picklists import DEFAULT_TERMS, PAYMENT_TERMS
from crm_chassis.events.dispatch import Handler
from crm_chassis.events.handlers import Delivery, Payload, on
from crm_chassis.fields import Address
from crm_chassis.usecases import UseCases

QUOTE_APPROVED = "sales.quote.approved.v1"
ORDER_CREATED = "sales.order.created.v1"
ACCOUNT_MERGED = "contacts.account.merged.v1"
ACCOUNT_DELETED = "contacts.account.deleted.v1"
CONTACT_MERGED = "contacts.contact.merged.v1"


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


#: An optional value that a producer may also send as an empty string.
Id = Annotated[UUID | None, BeforeValidator(_blank_is_none)]
Amount = Annotated[Decimal | None, BeforeValidator(_blank_is_none)]
Day = Annotated[date | None, BeforeValidator(_blank_is_none)]


class SalesAddress(Payload):
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""


class QuoteLine(Payload):
    product_id: Id = None
    product_code: str = ""
    product_name: str = ""
    description: str = ""
    quantity: Amount = None
    usage_unit: str = ""
    unit_price: Amount = None
    discount_percent: Amount = None
    discount_amount: Amount = None
    tax_percent: Amount = None
    gross_total: Amount = None
    net_total: Amount = None
    tax_amount: Amount = None


class SalesDocument(Payload):
    """What billing reads of an approved quote or a sales order (an invoice's content)."""

    number: str = ""
    account_id: Id = None
    contact_id: Id = None
    currency: str = ""
    billing_address: SalesAddress = SalesAddress()
    shipping_address: SalesAddress = SalesAddress()
    lines: list[QuoteLine] = []
    shipping: Amount = None
    adjustment: Amount = None
    grand_total: Amount = None
    payment_terms: str = ""
    owner_id: str = ""


class QuoteApproved(SalesDocument):
    quote_id: Id = None
    version: int = 0
    superseded_quote_ids: list[UUID] = []
    subject: str = ""
    terms_and_conditions: str = ""
    approved_by: str = ""


class OrderCreated(SalesDocument):
    order_id: Id = None
    quote_id: Id = None
    due_date: Day = None
    created_by: str = ""


class MergedAccount(Payload):
    id: Id = None


class AccountMerged(Payload):
    surviving_account: MergedAccount = MergedAccount()
    merged_account_ids: list[UUID] = []


# -- handlers ------------------------------------------------------------------------------


def invoice_quote(event: QuoteApproved, delivery: Delivery, *, app: Billing) -> None:
    """sales.quote.approved.v1: the quote's invoice (a draft), once."""
    _in_transaction(app, delivery)(
        InvoiceSalesDocument(
            fields=_invoice_fields(event, subject=event.subject, terms=event.terms_and_conditions),
            owner_id=_owner(event.owner_id, event.approved_by),
            quote_id=event.quote_id or UUID(delivery.subject),
            expected_total=event.grand_total,
            quote_number=event.number or None,
            quote_version=event.version or None,
            superseded_quote_ids=tuple(event.superseded_quote_ids),
        )
    )


def invoice_order(event: OrderCreated, delivery: Delivery, *, app: Billing) -> None:
    """sales.order.created.v1: link the order to its quote's invoice, or invoice it."""
    _in_transaction(app, delivery)(
        InvoiceSalesDocument(
            fields=_invoice_fields(event, due_date=event.due_date),
            owner_id=_owner(event.owner_id, event.created_by),
            quote_id=event.quote_id,
            sales_order_id=event.order_id or UUID(delivery.subject),
            expected_total=event.grand_total,
        )
    )


def repoint_merged_account(event: AccountMerged, delivery: Delivery, *, app: Billing) -> None:
    """contacts.account.merged.v1: re-point billing records to the surviving account."""
    _in_transaction(app, delivery)(
        RepointMergedAccounts(
            merged_account_ids=tuple(event.merged_account_ids),
            surviving_account_id=event.surviving_account.id or UUID(delivery.subject),
        )
    )


class MergedContact(Payload):
    id: Id = None


class ContactMerged(Payload):
    surviving_contact: MergedContact = MergedContact()
    merged_contact_ids: list[UUID] = []


def repoint_merged_contact(event: ContactMerged, delivery: Delivery, *, app: Billing) -> None:
    """contacts.contact.merged.v1: invoices naming a merged contact name the survivor."""
    _in_transaction(app, delivery)(
        RepointMergedContacts(
            merged_contact_ids=tuple(event.merged_contact_ids),
            surviving_contact_id=event.surviving_contact.id or UUID(delivery.subject),
        )
    )


class AccountDeleted(Payload):
    account_id: Id = None


def cancel_deleted_accounts_drafts(
    event: AccountDeleted, delivery: Delivery, *, app: Billing
) -> None:
    """contacts.account.deleted.v1: the deleted account's draft invoices are cancelled."""
    account_id = event.account_id or UUID(delivery.subject)
    _in_transaction(app, delivery)(FollowAccountDeletion(account_id))


def handlers(app: Billing) -> dict[str, list[Handler]]:
    """The worker's handlers per event type (each has its own inbox name: keep them)."""
    return {
        QUOTE_APPROVED: [on(invoice_quote, app=app)],
        ORDER_CREATED: [on(invoice_order, app=app)],
        ACCOUNT_MERGED: [on(repoint_merged_account, app=app)],
        ACCOUNT_DELETED: [on(cancel_deleted_accounts_drafts, app=app)],
        CONTACT_MERGED: [on(repoint_merged_contact, app=app)],
        # identity.policy.changed.v1: a newer policy snapshot replaces our copy.
        POLICY_CHANGED: [policy_changed_handler(access_policy)],
    }


def _in_transaction(app: Billing, delivery: Delivery) -> UseCases:
    """The use cases, their units of work joining the consumer's transaction."""
    return app.run.with_dependencies(uow=app.uow.joining(delivery.session))


# -- payload to command --------------------------------------------------------------------


def _invoice_fields(
    doc: SalesDocument, *, subject: str = "", terms: str = "", due_date: date | None = None
) -> InvoiceFields:
    return InvoiceFields(
        account_id=doc.account_id,
        contact_id=doc.contact_id,
        currency=doc.currency,
        subject=subject or doc.number or None,
        billing_address=_address(doc.billing_address),
        shipping_address=_address(doc.shipping_address),
        payment_terms=doc.payment_terms if doc.payment_terms in PAYMENT_TERMS else DEFAULT_TERMS,
        terms_conditions=terms or None,
        lines=tuple(_line(x) for x in doc.lines),
        shipping=doc.shipping,
        adjustment=doc.adjustment,
        due_date=due_date,
    )


def _line(x: QuoteLine) -> LineInput:
    return LineInput(
        product_id=x.product_id,
        description=x.description or x.product_name or x.product_code or "Item",
        unit=x.usage_unit or None,
        quantity=x.quantity,
        unit_price=x.unit_price,
        discount_percent=x.discount_percent,
        # Sales sends the amount its percent came to beside the percent; a line gives one
        # kind of discount (crm_lines), and the quote's own net below wins anyway.
        discount_amount=None if x.discount_percent else x.discount_amount,
        tax_percent=x.tax_percent,
        gross=x.gross_total,
        net=x.net_total,
        tax=x.tax_amount,
    )


def _address(value: SalesAddress) -> Address | None:
    return Address.of(value.model_dump())


def _owner(*candidates: str) -> UUID:
    """The invoice's owner: the document's owner, else who approved or created it."""
    for candidate in candidates:
        try:
            return UUID(candidate)
        except (ValueError, TypeError):
            continue
    raise ValueError("the event names no owner for the invoice")
