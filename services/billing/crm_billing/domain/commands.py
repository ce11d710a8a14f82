"""What callers ask billing to do: frozen, typed, named in the imperative.

REST views, gRPC methods and event handlers build these and run them through the wired
service (``app.run(command, caller=principal)``); ``service/`` has one use case per command.
A partial update carries the fields dataclass and ``sent``, the names the client gave, so
"not sent" and "set to null" differ.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain.collections import OverdueResult
from crm_billing.domain.credit_notes import CreditNote
from crm_billing.domain.invoices import Invoice, InvoiceFields
from crm_billing.domain.payments import Payment, RecordedPayment, Requested
from crm_billing.domain.purchase_orders import PurchaseOrder, PurchaseOrderFields
from crm_billing.domain.vendors import Vendor, VendorFields
from crm_chassis.usecases import Command

# -- invoices ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateInvoice(Command[Invoice]):
    """A draft invoice (numbered at once); owner default: the caller."""

    fields: InvoiceFields
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None
    #: The caller's bearer token, to check ``account_id`` with contacts on its behalf.
    token: str | None = None


@dataclass(frozen=True)
class UpdateInvoice(Command[Invoice]):
    """Edit a draft's ``sent`` fields and/or move it to ``status`` (If-Match: the version)."""

    invoice_id: UUID
    fields: InvoiceFields
    sent: frozenset[str]
    status: str | None = None
    expected_version: int | None = None
    token: str | None = None


@dataclass(frozen=True)
class ChangeInvoiceStatus(Command[Invoice]):
    """Approve (issue), send or cancel an invoice."""

    invoice_id: UUID
    status: str
    expected_version: int | None = None
    token: str | None = None


@dataclass(frozen=True)
class InvoiceSalesDocument(Command[Invoice | None]):
    """Invoice an approved quote or a sales order once (their lines must reach the total)."""

    fields: InvoiceFields
    owner_id: UUID
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None
    expected_total: Decimal | None = None
    #: The quote's family (its number) and version, and its earlier versions' ids: their
    #: draft invoices are cancelled before this one is made (one open invoice per family).
    quote_number: str | None = None
    quote_version: int | None = None
    superseded_quote_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class FollowAccountDeletion(Command[int]):
    """contacts deleted the account: its draft invoices are cancelled."""

    account_id: UUID


@dataclass(frozen=True)
class RepointMergedContacts(Command[int]):
    """Invoices naming the merged contacts name the survivor."""

    merged_contact_ids: tuple[UUID, ...]
    surviving_contact_id: UUID


@dataclass(frozen=True)
class RepointMergedAccounts(Command[int]):
    """Move the merged accounts' invoices, payments and credit notes to the survivor."""

    merged_account_ids: tuple[UUID, ...]
    surviving_account_id: UUID


@dataclass(frozen=True)
class RunOverdueCheck(Command[OverdueResult]):
    """Mark open invoices past due Overdue and remind once per level (default: today)."""

    today: date | None = None
    batch: int = 200


# -- payments and credit notes -------------------------------------------------------------


@dataclass(frozen=True)
class RecordPayment(Command[RecordedPayment]):
    """Money received from an account; ``allocations`` None: oldest due invoices first."""

    account_id: UUID | None
    amount: Decimal | None
    currency: str | None
    method: str | None = None
    reference: str | None = None
    client_reference: str | None = None
    received_on: date | None = None
    notes: str | None = None
    allocations: tuple[Requested, ...] | None = None
    owner_id: UUID | None = None
    token: str | None = None


@dataclass(frozen=True)
class AllocatePayment(Command[Payment]):
    """Allocate what is left of a payment (the account's credit) to open invoices."""

    payment_id: UUID
    allocations: tuple[Requested, ...] | None = None


@dataclass(frozen=True)
class IssueCreditNote(Command[CreditNote]):
    """Credit an issued invoice; the part beyond its balance is the account's credit."""

    invoice_id: UUID | None
    amount: Decimal | None
    reason: str | None
    currency: str | None = None
    issued_on: date | None = None


# -- purchasing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateVendor(Command[Vendor]):
    fields: VendorFields


@dataclass(frozen=True)
class UpdateVendor(Command[Vendor]):
    vendor_id: UUID
    fields: VendorFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class CreatePurchaseOrder(Command[PurchaseOrder]):
    """A purchase order (numbered PO-YYYY-NNNNNN); owner default: the caller."""

    fields: PurchaseOrderFields


@dataclass(frozen=True)
class UpdatePurchaseOrder(Command[PurchaseOrder]):
    """Edit a Created order's ``sent`` fields and/or move it to ``status``."""

    order_id: UUID
    fields: PurchaseOrderFields
    sent: frozenset[str]
    status: str | None = None
    expected_version: int | None = None


def given(fields: Any, *extra: tuple[str, object]) -> frozenset[str]:
    """The names of a fields dataclass (and ``extra`` pairs) that hold a value: what a create
    writes, for the field-access check."""
    pairs = [(f.name, getattr(fields, f.name)) for f in dataclasses.fields(fields)]
    return frozenset(name for name, value in (*pairs, *extra) if value not in (None, ()))
