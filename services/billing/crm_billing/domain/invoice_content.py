"""What an invoice says (parties, dates, terms, lines, charges), and the rules it must meet.

:class:`InvoiceFields` is what a client gives (every field optional: a PATCH names the ones
it sent); :func:`clean_invoice` checks all of them at once (one 422 naming every bad field)
and computes the totals into an :class:`InvoiceContent`, which the aggregate takes on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from crm_billing.domain.lines import (
    PLACES,
    Charges,
    Line,
    LineInput,
    Totals,
    check_charges,
    check_lines,
    check_totals,
    document_totals,
)
from crm_billing.domain.picklists import DEFAULT_TERMS, PAYMENT_TERMS
from crm_chassis.fields import Address, Checker, text

SUBJECT_LENGTH = 255
LONG_TEXT = 32_000
#: The fields a client may set (``owner_id`` also on an issued invoice).
EDITABLE = (
    "account_id",
    "contact_id",
    "subject",
    "currency",
    "invoice_date",
    "due_date",
    "payment_terms",
    "billing_address",
    "shipping_address",
    "lines",
    "discount_percent",
    "discount_amount",
    "shipping",
    "adjustment",
    "terms_conditions",
    "description",
    "owner_id",
)


@dataclass(frozen=True)
class InvoiceFields:
    """The editable fields of an invoice, as given (absent ones None)."""

    account_id: UUID | None = None
    contact_id: UUID | None = None
    subject: str | None = None
    currency: str | None = None
    invoice_date: date | None = None
    due_date: date | None = None
    payment_terms: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    lines: tuple[LineInput, ...] = ()
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    shipping: Decimal | None = None
    adjustment: Decimal | None = None
    terms_conditions: str | None = None
    description: str | None = None
    owner_id: UUID | None = None


@dataclass(frozen=True)
class InvoiceContent:
    """Checked invoice content with its totals (attribute names are the invoice's)."""

    account_id: UUID
    contact_id: UUID | None
    subject: str | None
    currency: str
    invoice_date: date
    due_date: date
    payment_terms: str
    billing_address: Address | None
    shipping_address: Address | None
    lines: list[Line]
    discount_percent: Decimal
    discount_amount: Decimal
    shipping: Decimal
    adjustment: Decimal
    totals: Totals
    terms_conditions: str | None
    description: str | None
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None


#: The invoice attributes its content sets (its source ids are set once, at creation).
CONTENT = tuple(
    f.name
    for f in dataclasses.fields(InvoiceContent)
    if f.name not in ("quote_id", "sales_order_id")
)


def due_date_for(invoice_date: date, terms: str) -> date:
    return invoice_date + timedelta(days=PAYMENT_TERMS.get(terms, 30))


def clean_invoice(
    fields: InvoiceFields,
    today: date,
    *,
    quote_id: UUID | None = None,
    sales_order_id: UUID | None = None,
    expected_total: Decimal | None = None,
) -> InvoiceContent:
    """Check the fields and compute the totals (422 naming every bad field)."""
    check = Checker()
    currency = check.currency("currency", fields.currency, required=True) or "XXX"
    account_id = check.uuid("account_id", fields.account_id, required=True)
    contact_id = check.uuid("contact_id", fields.contact_id)
    quote_id = check.uuid("quote_id", quote_id)
    sales_order_id = check.uuid("sales_order_id", sales_order_id)
    terms = check.text("payment_terms", fields.payment_terms) or DEFAULT_TERMS
    check.pick("payment_terms", terms, tuple(PAYMENT_TERMS))
    invoice_date = check.date("invoice_date", fields.invoice_date) or today
    due = check.date("due_date", fields.due_date)
    if due is not None and due < invoice_date:
        check.add("due_date", "must not be before the invoice date")
    lines = check_lines(fields.lines, currency, check)
    charges = _charges(fields, check)
    totals = document_totals(lines, currency, charges)
    if not check.errors:
        check_totals(totals, check)
        _check_expected_total(expected_total, totals, check)
    check.raise_if_any()
    assert account_id is not None
    return InvoiceContent(
        account_id=account_id,
        contact_id=contact_id,
        subject=text(fields.subject, SUBJECT_LENGTH),
        currency=currency,
        invoice_date=invoice_date,
        due_date=due or due_date_for(invoice_date, terms),
        payment_terms=terms,
        billing_address=Address.of(fields.billing_address),
        shipping_address=Address.of(fields.shipping_address),
        lines=lines,
        discount_percent=charges.discount_percent,
        discount_amount=charges.discount_amount,
        shipping=charges.shipping,
        adjustment=charges.adjustment,
        totals=totals,
        terms_conditions=text(fields.terms_conditions, LONG_TEXT),
        description=text(fields.description, LONG_TEXT),
        quote_id=quote_id,
        sales_order_id=sales_order_id,
    )


def _charges(fields: InvoiceFields, check: Checker) -> Charges:
    charges = check_charges(
        check,
        discount_percent=fields.discount_percent,
        discount_amount=fields.discount_amount,
        shipping=fields.shipping,
        adjustment=fields.adjustment,
    )
    if charges.discount_percent > 100:
        check.add("discount_percent", "must be at most 100")
    return charges


def _check_expected_total(expected: Decimal | None, totals: Totals, check: Checker) -> None:
    # A document copied from a quote states the quote's grand total; ours must equal it.
    if expected is None:
        return
    given = check.decimal("total", expected, places=PLACES)
    if given is not None and given != totals.total:
        check.add("total", f"the lines add up to {totals.total}, not the source's {expected}")
