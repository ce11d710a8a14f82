"""Customer enquiries: a request for a price that turns into a quote in one call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from crm_chassis.fields import Checker, text
from crm_sales.domain.catalog import Product
from crm_sales.domain.errors import InvalidState
from crm_sales.domain.picklists import PAYMENT_TERMS
from crm_sales.domain.pricing import Number, line_amounts

OPEN, QUOTED = "Open", "Quoted"
ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class EnquiryFields:
    """An enquiry as a caller records it."""

    account_id: UUID
    product_id: UUID
    quantity: Number | None
    contact_id: UUID | None = None
    enquiry_date: date | None = None
    unit_price: Number | None = None
    currency: str | None = None
    discount_percent: Number | None = None
    delivery_period: str | None = None
    payment_terms: str | None = None
    quotation_lead_time_days: int | None = None
    delivery_point: str | None = None
    remarks: str | None = None
    owner_id: UUID | None = None


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
        product: Product,
        fields: EnquiryFields,
    ) -> Enquiry:
        """An enquiry for ``product``: its price and currency unless the caller gave them."""
        check = Checker()
        price = check.decimal("unit_price", fields.unit_price, minimum=ZERO)
        quantity = check.decimal("quantity", fields.quantity, positive=True)
        if fields.quantity in (None, "") and not check.errors:
            check.add("quantity", "is required")
        percent = check.decimal(
            "discount_percent", fields.discount_percent, minimum=ZERO, maximum=HUNDRED
        )
        terms = check.pick("payment_terms", text(fields.payment_terms), PAYMENT_TERMS)
        lead_time = fields.quotation_lead_time_days
        if lead_time is not None and (not isinstance(lead_time, int) or lead_time < 0):
            check.add("quotation_lead_time_days", "must be a whole number >= 0")
        check.raise_if_any()
        assert quantity is not None
        unit_price = product.unit_price if price is None else price
        percent = percent or ZERO
        return cls(
            id=id,
            number=number,
            enquiry_date=fields.enquiry_date or now.date(),
            account_id=fields.account_id,
            product_id=product.id,
            currency=fields.currency or product.currency,
            unit_price=unit_price,
            quantity=quantity,
            discount_percent=percent,
            total=line_amounts(quantity, unit_price, discount_percent=percent).net,
            created_at=now,
            updated_at=now,
            contact_id=fields.contact_id,
            delivery_period=text(fields.delivery_period),
            payment_terms=terms,
            quotation_lead_time_days=lead_time,
            delivery_point=text(fields.delivery_point),
            remarks=text(fields.remarks),
            owner_id=owner_id,
        )

    def quoted(self, quote_id: UUID, now: datetime) -> None:
        if self.status == QUOTED:
            raise InvalidState(f"Enquiry {self.id} was already turned into quote {self.quote_id}.")
        self.status, self.quote_id = QUOTED, quote_id
        self.updated_at, self.version = now, self.version + 1
