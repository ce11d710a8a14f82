"""Customer enquiries: a request for a price that turns into a quote in one call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.fields import Checker, text
from crm_sales.domain.errors import InvalidState
from crm_sales.domain.picklists import PAYMENT_TERMS
from crm_sales.domain.pricing import line_amounts

OPEN, QUOTED = "Open", "Quoted"


@dataclass
class Enquiry:
    id: UUID
    number: str
    enquiry_date: date
    account_id: UUID
    product_id: UUID
    currency: str
    unit_price: Decimal
    quantity: Decimal
    discount_percent: Decimal
    total: Decimal
    created_at: datetime
    updated_at: datetime
    contact_id: UUID | None = None
    delivery_period: str | None = None
    payment_terms: str | None = None
    quotation_lead_time_days: int | None = None
    delivery_point: str | None = None
    remarks: str | None = None
    status: str = OPEN
    quote_id: UUID | None = None
    owner_id: UUID | None = None
    version: int = 1

    @property
    def search_text(self) -> str:
        return f"{self.number} {self.remarks or ''}".lower()

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        number: str,
        now: datetime,
        owner_id: UUID | None,
        unit_price: Decimal,
        currency: str,
        fields: dict[str, Any],
    ) -> Enquiry:
        check = Checker()
        quantity = check.decimal("quantity", fields.get("quantity"), positive=True)
        if fields.get("quantity") in (None, "") and not check.errors:
            check.add("quantity", "is required")
        percent = check.decimal(
            "discount_percent",
            fields.get("discount_percent"),
            minimum=Decimal(0),
            maximum=Decimal(100),
        ) or Decimal(0)
        terms = text(fields.get("payment_terms"))
        check.pick("payment_terms", terms, PAYMENT_TERMS)
        when = check.date("enquiry_date", fields.get("enquiry_date")) or now.date()
        lead_time = fields.get("quotation_lead_time_days")
        if lead_time is not None and (not isinstance(lead_time, int) or lead_time < 0):
            check.add("quotation_lead_time_days", "must be a whole number >= 0")
        check.raise_if_any()
        assert quantity is not None
        total = line_amounts(quantity, unit_price, discount_percent=percent).net
        return cls(
            id=id,
            number=number,
            enquiry_date=when,
            account_id=fields["account_id"],
            product_id=fields["product_id"],
            currency=currency,
            unit_price=unit_price,
            quantity=quantity,
            discount_percent=percent,
            total=total,
            created_at=now,
            updated_at=now,
            contact_id=fields.get("contact_id"),
            delivery_period=text(fields.get("delivery_period")),
            payment_terms=terms,
            quotation_lead_time_days=lead_time,
            delivery_point=text(fields.get("delivery_point")),
            remarks=text(fields.get("remarks")),
            owner_id=owner_id,
        )

    def quoted(self, quote_id: UUID, now: datetime) -> None:
        if self.status == QUOTED:
            raise InvalidState(f"Enquiry {self.id} was already turned into quote {self.quote_id}.")
        self.status, self.quote_id = QUOTED, quote_id
        self.updated_at, self.version = now, self.version + 1
