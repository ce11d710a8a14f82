"""What a customer sees of their own quotes, sales orders and invoices in the portal.

The documents are sales' and billing's; support fetches them with the portal user's own
token, so those services decide which records the customer may read (their own account's).
This module says which of those are the customer's business and what of them is shown:
a quote only once it is approved and not superseded by a newer version, an invoice once
issued (a draft is internal), every order. Staff-only fields (owner, approver, internal
approval state, dunning level, the quote's opportunity) are not part of the shape at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

QUOTE, ORDER, INVOICE = "quote", "order", "invoice"
KINDS = (QUOTE, ORDER, INVOICE)
#: Invoice statuses a customer never sees: a draft, or one cancelled before it was issued.
INTERNAL_INVOICE_STATUSES = frozenset({"Created", "Cancelled"})


@dataclass(frozen=True)
class DocumentLine:
    description: str
    quantity: str
    unit_price: str
    total: str


@dataclass(frozen=True)
class PortalDocument:
    """A quote, sales order or invoice as the portal shows it (amounts are decimal strings)."""

    kind: str
    id: UUID
    number: str
    status: str
    account_id: UUID | None
    currency: str
    total: str
    subject: str | None = None
    lines: tuple[DocumentLine, ...] = ()
    document_date: str | None = None
    due_date: str | None = None
    valid_until: str | None = None
    balance: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Quotes only: inputs of the rule below, never shown.
    approved: bool = True
    superseded: bool = False


@dataclass(frozen=True)
class PrintedDocument:
    number: str
    media_type: str
    content: bytes
    version: int


def shown_to_customer(document: PortalDocument, account_id: str | None) -> bool:
    """True when ``document`` is the customer's business: their account's (checked again
    here beside the other service's own rule), and not an internal draft."""
    if account_id is None or str(document.account_id) != account_id:
        return False
    if document.kind == QUOTE:
        return document.approved and not document.superseded
    if document.kind == INVOICE:
        return document.status not in INTERNAL_INVOICE_STATUSES
    return True
