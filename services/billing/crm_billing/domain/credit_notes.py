"""Credit notes: the only way to correct an issued invoice.

A credit note references one issued invoice, in its currency, for at most what has not
been credited yet. It reduces the invoice's balance; whatever exceeds the balance (the
invoice was already paid) becomes the account's credit, held on the credit note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_billing.domain.errors import FieldError, InvalidFields, InvalidTransition
from crm_billing.domain.invoices import ISSUED, Invoice
from crm_billing.domain.money import ZERO, check_amount_places, parse_decimal
from crm_billing.domain.values import date_field, text

PREFIX = "CN"
ISSUED_STATUS = "Issued"


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

    @classmethod
    def issue(
        cls,
        *,
        id: UUID,
        number: str,
        invoice: Invoice,
        credited_so_far: Decimal,
        fields: dict[str, Any],
        today: date,
        now: datetime,
    ) -> CreditNote:
        """Credit ``invoice`` (which it changes); 409 when it is not issued, 422 when too much."""
        if invoice.status not in ISSUED:
            raise InvalidTransition("invoice", invoice.status, "credited")
        errors: list[FieldError] = []
        amount = parse_decimal("amount", fields.get("amount"), errors, positive=True)
        if fields.get("amount") is None:
            errors.append(FieldError("amount", "is required"))
        reason = text(fields.get("reason"), 2000)
        if not reason:
            errors.append(FieldError("reason", "is required"))
        issued_on = date_field("issued_on", fields.get("issued_on"), errors) or today
        if amount is not None:
            check_amount_places("amount", amount, invoice.currency, errors)
            creditable = invoice.totals.total - credited_so_far
            if amount > creditable:
                errors.append(
                    FieldError("amount", f"exceeds what is left to credit ({creditable})")
                )
        currency = fields.get("currency")
        if currency and str(currency).upper() != invoice.currency:
            errors.append(FieldError("currency", f"must be the invoice's ({invoice.currency})"))
        if issued_on < invoice.invoice_date:
            errors.append(FieldError("issued_on", "must not be before the invoice date"))
        if errors:
            raise InvalidFields(errors)
        assert amount is not None and reason is not None
        excess = invoice.apply_credit(amount, on=issued_on, now=now)
        return cls(
            id=id,
            number=number,
            invoice_id=invoice.id,
            account_id=invoice.account_id,
            owner_id=invoice.owner_id,
            amount=amount,
            currency=invoice.currency,
            issued_on=issued_on,
            reason=reason,
            applied=amount - excess,
            to_credit=excess,
            created_at=now,
            updated_at=now,
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
