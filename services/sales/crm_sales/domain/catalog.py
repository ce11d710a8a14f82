"""Products and price books (named price lists with a list price per product)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from crm_chassis.errors import VersionMismatch, invalid
from crm_chassis.fields import Checker, text
from crm_sales.domain.picklists import TAX_CLASSES, USAGE_UNITS
from crm_sales.domain.pricing import Number

PRODUCT_TEXT = (
    "code",
    "name",
    "category",
    "currency",
    "tax_class",
    "usage_unit",
    "vendor_ref",
    "description",
)
ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ProductFields:
    """A product's fields as a caller gives them (checked by :func:`check_product`)."""

    code: str | None = None
    name: str | None = None
    unit_price: Number | None = None
    currency: str | None = None
    category: str | None = None
    tax_class: str | None = None
    tax_percent: Number | None = None
    usage_unit: str | None = None
    active: bool | None = None
    vendor_ref: str | None = None
    description: str | None = None


PRODUCT_FIELDS = frozenset(f.name for f in fields(ProductFields))


@dataclass
class Product:
    id: UUID
    code: str
    name: str
    unit_price: Decimal
    currency: str
    created_at: datetime
    updated_at: datetime
    category: str | None = None
    tax_class: str | None = None
    tax_percent: Decimal = ZERO
    usage_unit: str | None = None
    active: bool = True
    vendor_ref: str | None = None
    description: str | None = None
    version: int = 1

    @property
    def search_text(self) -> str:
        return f"{self.code} {self.name}".lower()

    @classmethod
    def create(cls, *, id: UUID, now: datetime, fields: ProductFields) -> Product:
        f = check_product(fields, PRODUCT_FIELDS)
        assert f.code and f.name and f.currency and isinstance(f.unit_price, Decimal)
        return cls(
            id=id,
            code=f.code,
            name=f.name,
            unit_price=f.unit_price,
            currency=f.currency,
            created_at=now,
            updated_at=now,
            category=f.category,
            tax_class=f.tax_class,
            tax_percent=Decimal(f.tax_percent or ZERO),
            usage_unit=f.usage_unit,
            active=True if f.active is None else f.active,
            vendor_ref=f.vendor_ref,
            description=f.description,
        )

    def update(
        self, fields: ProductFields, sent: Collection[str], *, now: datetime, expected: int | None
    ) -> None:
        """Change the ``sent`` fields (``active: null`` changes nothing)."""
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        names = [n for n in sent if n in PRODUCT_FIELDS]
        checked = check_product(fields, names)
        changed = [
            n
            for n in names
            if not (n == "active" and checked.active is None)
            and getattr(self, n) != getattr(checked, n)
        ]
        for name in changed:
            setattr(self, name, getattr(checked, name))
        if changed:
            self.updated_at, self.version = now, self.version + 1


def check_product(given: ProductFields, names: Collection[str]) -> ProductFields:
    """Check and normalise the ``names`` fields (text trimmed, code upper-case); 422 if bad."""
    check = Checker()
    texts = {k: text(getattr(given, k)) for k in PRODUCT_TEXT}
    for required in ("code", "name", "currency"):
        if required in names and not texts[required]:
            check.add(required, "is required")
    code = texts["code"].upper() if texts["code"] else texts["code"]
    currency = check.currency("currency", texts["currency"])
    check.pick("tax_class", texts["tax_class"], TAX_CLASSES)
    check.pick("usage_unit", texts["usage_unit"], USAGE_UNITS)
    price = None
    if "unit_price" in names:
        price = check.decimal("unit_price", given.unit_price, minimum=ZERO)
        if price is None and not any(e.field == "unit_price" for e in check.errors):
            check.add("unit_price", "is required")
    tax = check.decimal("tax_percent", given.tax_percent, minimum=ZERO, maximum=HUNDRED)
    check.raise_if_any()
    return replace(
        given, **{**texts, "code": code, "currency": currency}, unit_price=price, tax_percent=tax
    )


@dataclass
class PriceBook:
    id: UUID
    name: str
    currency: str
    created_at: datetime
    updated_at: datetime
    active: bool = True
    description: str | None = None
    version: int = 1

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        now: datetime,
        name: str | None,
        currency: str | None,
        active: bool = True,
        description: str | None = None,
    ) -> PriceBook:
        check = Checker()
        name = check.text("name", name, required=True)
        currency = check.currency("currency", currency, required=True)
        check.raise_if_any()
        assert name is not None and currency is not None
        return cls(
            id=id,
            name=name,
            currency=currency,
            created_at=now,
            updated_at=now,
            active=active,
            description=text(description),
        )


@dataclass(frozen=True)
class ListPrice:
    """A product's list price in a price book (in the book's currency)."""

    price_book_id: UUID
    product_id: UUID
    list_price: Decimal
    currency: str


def check_list_price(value: Number | None) -> Decimal:
    check = Checker()
    price = check.decimal("list_price", value, minimum=ZERO)
    check.raise_if_any()
    if price is None:
        raise invalid("list_price", "is required")
    return price
