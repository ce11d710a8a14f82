"""What callers ask of sales: frozen commands named in the imperative.

Each subclasses ``Command[R]``, ``R`` being what its use case (``service/``) returns. A
partial update carries the typed fields and the names the caller ``sent``, so "not sent"
and "set to null" differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from crm_chassis.usecases import Command
from crm_sales.domain.catalog import ListPrice, PriceBook, Product, ProductFields
from crm_sales.domain.opportunities import Opportunity, OpportunityFields
from crm_sales.domain.pricing import Number

# -- products and price books ----------------------------------------------------------------


@dataclass(frozen=True)
class CreateProduct(Command[Product]):
    fields: ProductFields
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UpdateProduct(Command[Product]):
    product_id: UUID
    fields: ProductFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class CreatePriceBook(Command[PriceBook]):
    name: str
    currency: str
    active: bool = True
    description: str | None = None


@dataclass(frozen=True)
class SetListPrice(Command[ListPrice]):
    price_book_id: UUID
    product_id: UUID
    list_price: Number


# -- opportunities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateOpportunity(Command[Opportunity]):
    fields: OpportunityFields
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UpdateOpportunity(Command[Opportunity]):
    opportunity_id: UUID
    fields: OpportunityFields
    sent: frozenset[str]
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteOpportunity(Command[None]):
    opportunity_id: UUID
    expected_version: int | None = None
