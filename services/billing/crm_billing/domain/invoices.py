"""The invoice aggregate: a priced claim on an account, immutable once issued.

Statuses (docs/domain.md): Created (a draft: editable, cancellable), Approved (issued: it has
its final amounts and is owed), Sent, Partially Paid, Paid, Overdue, Credit Invoice
(fully credited by credit notes), Cancelled. Only a draft can be edited; every later
correction is a credit note. Payments and credit notes move an issued invoice between
Partially Paid, Paid and Credit Invoice; the overdue check moves it to Overdue.

The balance is kept on the invoice (``total - amount_paid - amount_credited``) and changes
only through :meth:`Invoice.apply_payment` and :meth:`Invoice.apply_credit`, in the same
transaction as the allocation or credit note that causes it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain import events
from crm_billing.domain.errors import (
    FieldError,
    InvalidFields,
    InvalidTransition,
    InvoiceIssued,
    VersionMismatch,
)
from crm_billing.domain.lines import Line, Totals, check_totals, compute_totals, parse_lines
from crm_billing.domain.money import ZERO, check_currency, parse_decimal
from crm_billing.domain.values import Address, check_pick, date_field, text, uuid_field

CREATED = "Created"
APPROVED = "Approved"
SENT = "Sent"
PARTIALLY_PAID = "Partially Paid"
PAID = "Paid"
OVERDUE = "Overdue"
CREDIT_INVOICE = "Credit Invoice"
CANCELLED = "Cancelled"
STATUSES = (CREATED, APPROVED, SENT, PARTIALLY_PAID, PAID, OVERDUE, CREDIT_INVOICE, CANCELLED)
#: Issued and still owed: payments may be allocated, the overdue check looks at these.
OPEN = frozenset({APPROVED, SENT, PARTIALLY_PAID, OVERDUE})
ISSUED = OPEN | {PAID, CREDIT_INVOICE}
#: Transitions a user may ask for; the others follow from payments, credits and the clock.
REQUESTABLE: dict[str, frozenset[str]] = {
    APPROVED: frozenset({CREATED}),
    SENT: frozenset({APPROVED}),
    CANCELLED: frozenset({CREATED, APPROVED}),
}

PAYMENT_TERMS: dict[str, int] = {"Net 30 days": 30, "Net 45 days": 45, "Net 60 days": 60}
DEFAULT_TERMS = "Net 30 days"
PREFIX = "INV"

HEADER_TEXT = ("subject", "terms_conditions", "description")
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


@dataclass
class Invoice:
    id: UUID
    number: str
    owner_id: UUID
    account_id: UUID
    currency: str
    invoice_date: date
    due_date: date
    lines: list[Line]
    totals: Totals
    created_at: datetime
    updated_at: datetime
    status: str = CREATED
    contact_id: UUID | None = None
    quote_id: UUID | None = None
    sales_order_id: UUID | None = None
    subject: str | None = None
    payment_terms: str = DEFAULT_TERMS
    billing_address: Address | None = None
    shipping_address: Address | None = None
    discount_percent: Decimal = ZERO
    discount_amount: Decimal = ZERO
    shipping: Decimal = ZERO
    adjustment: Decimal = ZERO
    terms_conditions: str | None = None
    description: str | None = None
    amount_paid: Decimal = ZERO
    amount_credited: Decimal = ZERO
    issued_at: datetime | None = None
    settled_on: date | None = None
    overdue_since: date | None = None
    dunning_level: int = 0
    last_reminder_on: date | None = None
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        number: str,
        owner_id: UUID,
        now: datetime,
        today: date,
        fields: dict[str, Any],
    ) -> Invoice:
        """Build a draft invoice from raw fields, enforcing the rules; record InvoiceCreated."""
        values = clean(fields, today)
        invoice = cls(
            id=id,
            number=number,
            owner_id=owner_id,
            created_at=now,
            updated_at=now,
            quote_id=values.pop("quote_id"),
            sales_order_id=values.pop("sales_order_id"),
            **values,
        )
        invoice.events.append(events.InvoiceCreated(invoice.snapshot()))
        return invoice

    # -- editing a draft -------------------------------------------------------------------

    def update(
        self, changes: dict[str, Any], *, now: datetime, expected_version: int | None
    ) -> tuple[str, ...]:
        """Change a draft; an issued invoice answers 409 (corrections are credit notes).

        Reassigning the owner is not a change of what was invoiced: allowed in any status.
        """
        self.expect_version(expected_version)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        content = {k: v for k, v in changes.items() if k != "owner_id"}
        if content and self.status != CREATED:
            raise InvoiceIssued(self.number, self.status)
        changed: tuple[str, ...] = ()
        if content:
            merged = {**self.raw_fields(), **content}
            if "due_date" not in content and (
                "payment_terms" in content or "invoice_date" in content
            ):
                merged["due_date"] = None  # new terms or date recompute the due date
            values = clean(merged, self.invoice_date)
            values.pop("quote_id"), values.pop("sales_order_id")
            changed = tuple(sorted(k for k, v in values.items() if getattr(self, k) != v))
            for k in changed:
                setattr(self, k, values[k])
        owner = changes.get("owner_id")
        if owner is not None and owner != self.owner_id:
            self.owner_id = owner
            changed = (*changed, "owner_id")
        if not changed:
            return changed
        self._touch(now)
        self.events.append(events.InvoiceChanged(self.snapshot(), changed))
        return changed

    def raw_fields(self) -> dict[str, Any]:
        """The invoice's fields as a client would send them (to merge a PATCH into)."""
        return {
            "account_id": self.account_id,
            "contact_id": self.contact_id,
            "quote_id": self.quote_id,
            "sales_order_id": self.sales_order_id,
            "subject": self.subject,
            "currency": self.currency,
            "invoice_date": self.invoice_date,
            "due_date": self.due_date,
            "payment_terms": self.payment_terms,
            "billing_address": self.billing_address.as_dict() if self.billing_address else None,
            "shipping_address": self.shipping_address.as_dict() if self.shipping_address else None,
            "lines": [line.as_dict() for line in self.lines],
            "discount_percent": self.discount_percent,
            "discount_amount": self.discount_amount,
            "shipping": self.shipping,
            "adjustment": self.adjustment,
            "terms_conditions": self.terms_conditions,
            "description": self.description,
            "owner_id": self.owner_id,
        }

    # -- status ----------------------------------------------------------------------------

    def transition(self, target: str, *, now: datetime, expected_version: int | None) -> None:
        """Move to a requested status (approve, send, cancel); 409 when not allowed."""
        self.expect_version(expected_version)
        if target not in STATUSES:
            raise InvalidFields([FieldError("status", f"must be one of: {', '.join(STATUSES)}")])
        if target == self.status:
            return
        allowed_from = REQUESTABLE.get(target)
        if allowed_from is None or self.status not in allowed_from:
            raise InvalidTransition("invoice", self.status, target)
        if target == CANCELLED and (self.amount_paid or self.amount_credited):
            raise InvalidTransition("invoice with payments or credits", self.status, target)
        self.status = target
        if target == APPROVED:
            self.issued_at = now
            self.events.append(events.InvoiceIssued(self.snapshot()))
        self._touch(now)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def balance(self) -> Decimal:
        return self.totals.total - self.amount_paid - self.amount_credited

    def apply_payment(self, amount: Decimal, *, on: date, now: datetime) -> None:
        """Allocate ``amount`` of a payment to this invoice (at most its balance)."""
        if not self.is_open:
            raise InvalidTransition("invoice", self.status, "paid")
        if amount <= 0 or amount > self.balance:
            raise InvalidFields([FieldError("amount", "must be between 0 and the balance")])
        self.amount_paid += amount
        self._settle(on, now)

    def apply_credit(self, amount: Decimal, *, on: date, now: datetime) -> Decimal:
        """Reduce the balance by a credit note; return the part beyond the balance.

        The excess (crediting an invoice that is already paid) is the account's credit.
        """
        if self.status not in ISSUED:
            raise InvalidTransition("invoice", self.status, "credited")
        applied = min(amount, self.balance)
        self.amount_credited += applied
        self._settle(on, now)
        return amount - applied

    def _settle(self, on: date, now: datetime) -> None:
        if self.balance == 0:
            if self.amount_paid == 0:
                self.status = CREDIT_INVOICE
            else:
                was_paid = self.status == PAID
                self.status = PAID
                if not was_paid:
                    self.events.append(events.InvoicePaid(self.snapshot()))
            self.settled_on = on
        elif self.status != OVERDUE and (self.amount_paid or self.amount_credited):
            self.status = PARTIALLY_PAID
        self._touch(now)

    def mark_overdue(self, today: date, level: int, *, now: datetime) -> bool:
        """Mark the invoice overdue and record a reminder at ``level`` once; True if new."""
        if not self.is_open or self.due_date >= today or self.balance <= 0:
            return False
        changed = False
        if self.status != OVERDUE:
            self.status = OVERDUE
            self.overdue_since = self.overdue_since or today
            changed = True
        if level > self.dunning_level:
            self.dunning_level = level
            self.last_reminder_on = today
            days = (today - self.due_date).days
            self._touch(now)
            self.events.append(events.InvoiceOverdue(self.snapshot(), level, days, today))
            return True
        if changed:
            self._touch(now)
        return changed

    # -- housekeeping -----------------------------------------------------------------------

    def reassign_account(self, account_id: UUID, *, now: datetime) -> bool:
        """Point the invoice at the account another was merged into (not a content edit)."""
        if self.account_id == account_id:
            return False
        self.account_id = account_id
        self._touch(now)
        return True

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def _touch(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now

    def snapshot(self) -> Invoice:
        return dataclasses.replace(self, events=[], lines=list(self.lines))

    @property
    def search_text(self) -> str:
        return " ".join(p.lower() for p in (self.number, self.subject) if p)


def due_date_for(invoice_date: date, terms: str) -> date:
    return invoice_date + timedelta(days=PAYMENT_TERMS.get(terms, 30))


def clean(fields: dict[str, Any], today: date) -> dict[str, Any]:
    """Validate raw invoice fields and compute the totals (422 naming every bad field)."""
    errors: list[FieldError] = []
    currency = check_currency("currency", fields.get("currency"), errors) or "XXX"
    values: dict[str, Any] = {
        "account_id": uuid_field("account_id", fields.get("account_id"), errors, required=True),
        "contact_id": uuid_field("contact_id", fields.get("contact_id"), errors),
        "quote_id": uuid_field("quote_id", fields.get("quote_id"), errors),
        "sales_order_id": uuid_field("sales_order_id", fields.get("sales_order_id"), errors),
        "currency": currency,
    }
    for name in HEADER_TEXT:
        values[name] = text(fields.get(name), 255 if name == "subject" else 32_000)
    terms = text(fields.get("payment_terms")) or DEFAULT_TERMS
    check_pick("payment_terms", terms, tuple(PAYMENT_TERMS), errors)
    values["payment_terms"] = terms
    invoice_date = date_field("invoice_date", fields.get("invoice_date"), errors) or today
    due = date_field("due_date", fields.get("due_date"), errors)
    if due is not None and due < invoice_date:
        errors.append(FieldError("due_date", "must not be before the invoice date"))
    values["invoice_date"] = invoice_date
    values["due_date"] = due or due_date_for(invoice_date, terms)
    for name in ("billing_address", "shipping_address"):
        raw = fields.get(name)
        if raw is not None and not isinstance(raw, dict):
            errors.append(FieldError(name, "must be an object"))
            raw = None
        values[name] = Address.from_dict(raw)
    lines = parse_lines(fields.get("lines"), currency, errors)
    header = {}
    for name in ("discount_percent", "discount_amount", "shipping"):
        header[name] = parse_decimal(name, fields.get(name) or 0, errors) or ZERO
    header["adjustment"] = (
        parse_decimal("adjustment", fields.get("adjustment") or 0, errors, minimum=None) or ZERO
    )
    if header["discount_percent"] > 100:
        errors.append(FieldError("discount_percent", "must be at most 100"))
    totals = compute_totals(lines, currency, **header)
    if not errors:
        check_totals(totals, errors)
        _check_given_total(fields.get("expected_total"), totals, errors)
    if errors:
        raise InvalidFields(errors)
    values.update(header, lines=lines, totals=totals)
    return values


def _check_given_total(raw: Any, totals: Totals, errors: list[FieldError]) -> None:
    # A document copied from a quote states the quote's grand total; ours must equal it.
    if raw is None:
        return
    if Decimal(str(raw)) != totals.total:
        errors.append(
            FieldError("total", f"the lines add up to {totals.total}, not the source's {raw}")
        )
