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
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain import events, invoice_events
from crm_billing.domain.errors import InvoiceIssued
from crm_billing.domain.invoice_content import (
    CONTENT,
    EDITABLE,
    InvoiceContent,
    InvoiceFields,
    clean_invoice,
)
from crm_billing.domain.lines import Line, Totals
from crm_billing.domain.picklists import DEFAULT_TERMS
from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_chassis.fields import Address, search_text
from crm_chassis.money import ZERO
from crm_chassis.states import InvalidTransition, StateMachine

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
#: The invoice's declared machine (docs/domain.md renders it). Users ask for Approved, Sent
#: and Cancelled; payments and credit notes settle an issued invoice (Partially Paid, Paid,
#: Credit Invoice); the overdue check marks it Overdue. Paid, Credit Invoice and Cancelled
#: are final: a paid or part-paid invoice is never cancelled (a credit note corrects it).
INVOICE_STATUS = StateMachine(
    name="invoice",
    initial=CREATED,
    transitions={
        CREATED: frozenset({APPROVED, CANCELLED}),
        APPROVED: frozenset({SENT, PARTIALLY_PAID, PAID, OVERDUE, CREDIT_INVOICE, CANCELLED}),
        SENT: frozenset({PARTIALLY_PAID, PAID, OVERDUE, CREDIT_INVOICE}),
        PARTIALLY_PAID: frozenset({PAID, OVERDUE, CREDIT_INVOICE}),
        OVERDUE: frozenset({PAID, CREDIT_INVOICE}),
        PAID: frozenset(),
        CREDIT_INVOICE: frozenset(),
        CANCELLED: frozenset(),
    },
)
#: The statuses a user may ask for (the others follow from payments, credits and the clock).
REQUESTABLE = frozenset({APPROVED, SENT, CANCELLED})
PREFIX = "INV"


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
    #: The customer's name as billed (kept when the invoice is made; the PDF prints it).
    account_name: str | None = None
    #: The quote family and version it was made from (to find earlier versions' invoices).
    quote_number: str | None = None
    quote_version: int | None = None
    #: Why it was cancelled by the system (e.g. superseded by a later quote version).
    status_reason: str | None = None
    #: Set when a later version of its quote was approved (see supersede()).
    superseded_by_quote_id: UUID | None = None
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
        fields: InvoiceFields,
        quote_id: UUID | None = None,
        sales_order_id: UUID | None = None,
        expected_total: Decimal | None = None,
    ) -> Invoice:
        """Build a draft invoice, enforcing the rules; record InvoiceCreated.

        ``expected_total`` is the grand total of the quote or order it copies: the lines
        must reach it to the cent.
        """
        content = clean_invoice(
            fields,
            today,
            quote_id=quote_id,
            sales_order_id=sales_order_id,
            expected_total=expected_total,
        )
        invoice = cls(
            id=id,
            number=number,
            owner_id=owner_id,
            account_id=content.account_id,
            currency=content.currency,
            invoice_date=content.invoice_date,
            due_date=content.due_date,
            lines=content.lines,
            totals=content.totals,
            created_at=now,
            updated_at=now,
            quote_id=content.quote_id,
            sales_order_id=content.sales_order_id,
        )
        invoice.take_on(content)
        invoice.events.append(events.InvoiceCreated(invoice_id=id, number=number))
        return invoice

    # -- editing a draft -------------------------------------------------------------------

    def update(
        self,
        changes: InvoiceFields,
        sent: Collection[str],
        *,
        now: datetime,
        expected_version: int | None,
    ) -> tuple[str, ...]:
        """Change the ``sent`` fields of a draft; an issued invoice answers 409 (corrections
        are credit notes).

        Reassigning the owner is not a change of what was invoiced: allowed in any status.
        """
        self.expect_version(expected_version)
        unknown = set(sent) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        content = set(sent) - {"owner_id"}
        if content and self.status != CREATED:
            raise InvoiceIssued(self.number, self.status)
        changed: tuple[str, ...] = ()
        if content:
            changed = self._change_content(changes, content)
        owner = changes.owner_id if "owner_id" in sent else None
        if owner is not None and owner != self.owner_id:
            self.owner_id = owner
            changed = (*changed, "owner_id")
        if not changed:
            return changed
        self._touch(now)
        self.events.append(events.InvoiceChanged(invoice_id=self.id, changed_fields=changed))
        return changed

    def _change_content(self, changes: InvoiceFields, names: set[str]) -> tuple[str, ...]:
        merged = dataclasses.replace(self.editable(), **{n: getattr(changes, n) for n in names})
        if "due_date" not in names and names & {"payment_terms", "invoice_date"}:
            merged = dataclasses.replace(merged, due_date=None)  # new terms or date: recompute
        return self.take_on(clean_invoice(merged, self.invoice_date))

    def take_on(self, content: InvoiceContent) -> tuple[str, ...]:
        """Set the checked content; return the names of the attributes that changed."""
        changed = tuple(sorted(n for n in CONTENT if getattr(self, n) != getattr(content, n)))
        for name in changed:
            setattr(self, name, getattr(content, name))
        return changed

    def editable(self) -> InvoiceFields:
        """The invoice's editable fields as a client would send them (to merge a PATCH into)."""
        return InvoiceFields(
            account_id=self.account_id,
            contact_id=self.contact_id,
            subject=self.subject,
            currency=self.currency,
            invoice_date=self.invoice_date,
            due_date=self.due_date,
            payment_terms=self.payment_terms,
            billing_address=self.billing_address,
            shipping_address=self.shipping_address,
            lines=tuple(line.as_input() for line in self.lines),
            discount_percent=self.discount_percent,
            discount_amount=self.discount_amount,
            shipping=self.shipping,
            adjustment=self.adjustment,
            terms_conditions=self.terms_conditions,
            description=self.description,
            owner_id=self.owner_id,
        )

    # -- status ----------------------------------------------------------------------------

    def transition(self, target: str, *, now: datetime, expected_version: int | None) -> None:
        """Move to a requested status (approve, send, cancel); 409 when not allowed."""
        self.expect_version(expected_version)
        INVOICE_STATUS.check_known(target)
        if target == self.status:
            return
        requestable = tuple(s for s in INVOICE_STATUS.allowed(self.status) if s in REQUESTABLE)
        if target not in requestable:
            raise InvalidTransition("invoice", self.status, target, requestable)
        if target == CANCELLED and (self.amount_paid or self.amount_credited):
            raise InvalidTransition("invoice", self.status, target, ())
        self.status = target
        if target == APPROVED:
            self.issued_at = now
            self.events.append(invoice_events.issued(self))
        elif target == CANCELLED:
            self.events.append(invoice_events.cancelled(self))
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
            raise InvalidTransition(
                "invoice", self.status, PAID, INVOICE_STATUS.allowed(self.status)
            )
        if amount <= 0 or amount > self.balance:
            raise InvalidFields([FieldError("amount", "must be between 0 and the balance")])
        self.amount_paid += amount
        self._settle(on, now)

    def apply_credit(self, amount: Decimal, *, on: date, now: datetime) -> Decimal:
        """Reduce the balance by a credit note; return the part beyond the balance.

        The excess (crediting an invoice that is already paid) is the account's credit.
        """
        if self.status not in ISSUED:
            raise InvalidTransition(
                "invoice", self.status, CREDIT_INVOICE, INVOICE_STATUS.allowed(self.status)
            )
        applied = min(amount, self.balance)
        self.amount_credited += applied
        self._settle(on, now)
        return amount - applied

    def _settle(self, on: date, now: datetime) -> None:
        if self.balance == 0:
            was_paid = self.status == PAID
            self._move(CREDIT_INVOICE if self.amount_paid == 0 else PAID)
            self.settled_on = on
            if self.status == PAID and not was_paid:
                self.events.append(invoice_events.paid(self))
        elif self.status != OVERDUE and (self.amount_paid or self.amount_credited):
            self._move(PARTIALLY_PAID)
        self._touch(now)

    def _move(self, target: str) -> None:
        """A status change the rules cause (payments, credits, the clock), via the machine."""
        if target != self.status:
            INVOICE_STATUS.check(self.status, target)
            self.status = target

    def mark_overdue(self, today: date, level: int, *, now: datetime) -> bool:
        """Mark the invoice overdue and record a reminder at ``level`` once; True if new."""
        if not self.is_open or self.due_date >= today or self.balance <= 0:
            return False
        changed = False
        if self.status != OVERDUE:
            self._move(OVERDUE)
            self.overdue_since = self.overdue_since or today
            changed = True
        if level > self.dunning_level:
            self.dunning_level = level
            self.last_reminder_on = today
            self._touch(now)
            self.events.append(invoice_events.overdue(self, today, level))
            return True
        if changed:
            self._touch(now)
        return changed

    def supersede(self, quote_id: UUID, label: str, *, now: datetime) -> bool:
        """A later version ``quote_id`` of this invoice's quote was approved.

        A draft is cancelled (the reason names the new version); an issued invoice stays as
        it is (it is owed, corrections are credit notes) and only carries the marker. True
        when the draft was cancelled here.
        """
        if self.superseded_by_quote_id == quote_id:
            return False
        self.superseded_by_quote_id = quote_id
        cancelled = self.status == CREATED
        if cancelled:
            self._move(CANCELLED)
            self.status_reason = f"Superseded by quote {label}"
            self.events.append(invoice_events.cancelled(self))
        self._touch(now)
        return cancelled

    # -- housekeeping -----------------------------------------------------------------------

    def reassign_account(self, account_id: UUID, *, now: datetime) -> bool:
        """Point the invoice at the account another was merged into (not a content edit)."""
        if self.account_id == account_id:
            return False
        self.account_id = account_id
        self._touch(now)
        return True

    def reassign_contact(self, contact_id: UUID, *, now: datetime) -> bool:
        """Point the invoice at the contact another was merged into (not a content edit)."""
        if self.contact_id == contact_id:
            return False
        self.contact_id = contact_id
        self._touch(now)
        return True

    def link_order(self, order_id: UUID, *, now: datetime) -> bool:
        """Learn the sales order made from this invoice's quote (once; no second invoice)."""
        if self.sales_order_id is not None:
            return False
        self.sales_order_id = order_id
        self._touch(now)
        return True

    def expect_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)

    def _touch(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now

    @property
    def search_text(self) -> str:
        """What a ``q=`` search matches."""
        return search_text(self.number, self.subject)
