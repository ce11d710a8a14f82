"""Credit notes: the only way to correct an issued invoice.

A credit note references one issued invoice, in its currency, for at most what has not
been credited yet. It reduces the invoice's balance; whatever exceeds the balance (the
invoice was already paid) becomes the account's credit, held on the credit note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain import events
from crm_billing.domain.invoices import CREDIT_INVOICE, INVOICE_STATUS, ISSUED, Invoice
from crm_chassis.fields import Checker, text
from crm_chassis.money import ZERO, check_places
from crm_chassis.states import InvalidTransition, StateMachine

PREFIX = "CN"
REASON_LENGTH = 2000
ISSUED_STATUS = "Issued"
#: The credit note's declared machine: issued at once, final (a credit note is never edited
#: or withdrawn; a mistaken one is corrected by a new invoice). It exists so the rule is
#: declared like every other status, and docs/domain.md renders it.
CREDIT_NOTE_STATUS = StateMachine(
    name="credit note", initial=ISSUED_STATUS, transitions={ISSUED_STATUS: frozenset()}
)


@dataclass
class CreditNote:
    id: UUID
    number: str
    invoice_id: UUID
    account_id: UUID
    owner_id: UUID
    amount: Decimal
    currency: str
    issued_on: date
    reason: str
    applied: Decimal
    to_credit: Decimal
    created_at: datetime
    updated_at: datetime
    status: str = ISSUED_STATUS
    version: int = 1
    events: list[Any] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def issue(
        cls,
        *,
        id: UUID,
        number: str,
        invoice: Invoice,
        credited_so_far: Decimal,
        amount: Decimal | None,
        reason: str | None,
        currency: str | None = None,
        issued_on: date | None = None,
        today: date,
        now: datetime,
    ) -> CreditNote:
        """Credit ``invoice`` (which it changes); 409 when it is not issued, 422 when too much."""
        if invoice.status not in ISSUED:
            raise InvalidTransition(
                "invoice", invoice.status, CREDIT_INVOICE, INVOICE_STATUS.allowed(invoice.status)
            )
        check = Checker()
        value = check.decimal("amount", amount, positive=True, places=6)
        if amount is None:
            check.add("amount", "is required")
        reason = text(reason, REASON_LENGTH)
        if not reason:
            check.add("reason", "is required")
        issued_on = check.date("issued_on", issued_on) or today
        if value is not None:
            check_places(check, "amount", value, invoice.currency)
            creditable = invoice.totals.total - credited_so_far
            if value > creditable:
                check.add("amount", f"exceeds what is left to credit ({creditable})")
        if currency and str(currency).upper() != invoice.currency:
            check.add("currency", f"must be the invoice's ({invoice.currency})")
        if issued_on < invoice.invoice_date:
            check.add("issued_on", "must not be before the invoice date")
        check.raise_if_any()
        assert value is not None and reason is not None
        excess = invoice.apply_credit(value, on=issued_on, now=now)
        note = cls(
            id=id,
            number=number,
            invoice_id=invoice.id,
            account_id=invoice.account_id,
            owner_id=invoice.owner_id,
            amount=value,
            currency=invoice.currency,
            issued_on=issued_on,
            reason=reason,
            applied=value - excess,
            to_credit=excess,
            created_at=now,
            updated_at=now,
        )
        return note

    def numbered(self, number: str, invoice_number: str) -> None:
        """Take the number (once the note is valid) and record that it was issued."""
        self.number = number
        self.events.append(
            events.CreditNoteIssued(
                credit_note_id=self.id,
                number=number,
                invoice_id=self.invoice_id,
                invoice_number=invoice_number,
                account_id=self.account_id,
                currency=self.currency,
                amount=self.amount,
                applied=self.applied,
                to_credit=self.to_credit,
                issued_on=self.issued_on,
                reason=self.reason,
                owner_id=self.owner_id,
            )
        )

    def reassign_account(self, account_id: UUID, *, now: datetime) -> bool:
        if self.account_id == account_id:
            return False
        self.account_id = account_id
        self.version += 1
        self.updated_at = now
        return True


def total_credited(notes: list[CreditNote]) -> Decimal:
    return sum((n.amount for n in notes), ZERO)
