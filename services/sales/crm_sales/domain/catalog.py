"""Products and price books (named price lists with a list price per product)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import VersionMismatch, invalid
from crm_chassis.fields import Checker, text
from crm_sales.domain.picklists import TAX_CLASSES, USAGE_UNITS

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
    tax_percent: Decimal = Decimal(0)
    usage_unit: str | None = None
    active: bool = True
    vendor_ref: str | None = None
    description: str | None = None
    version: int = 1

    @property
    def search_text(self) -> str:
        return f"{self.code} {self.name}".lower()

    @classmethod
    def create(cls, *, id: UUID, now: datetime, fields: dict[str, Any]) -> Product:
        values = clean_product(fields, creating=True)
        return cls(id=id, created_at=now, updated_at=now, **values)

    def update(self, changes: dict[str, Any], *, now: datetime, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise VersionMismatch(expected, self.version)
        values = clean_product(changes, creating=False)
        changed = [k for k, v in values.items() if getattr(self, k) != v]
        for k in changed:
            setattr(self, k, values[k])
        if changed:
            self.updated_at, self.version = now, self.version + 1


def clean_product(fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    check = Checker()
    values: dict[str, Any] = {k: text(fields[k]) for k in PRODUCT_TEXT if k in fields}
    for required in ("code", "name", "currency"):
        if (creating or required in fields) and not values.get(required):
            check.add(required, "is required")
    if values.get("code"):
        values["code"] = values["code"].upper()
    if values.get("currency") is not None:
        values["currency"] = check.currency("currency", values["currency"])
    check.pick("tax_class", values.get("tax_class"), TAX_CLASSES)
    check.pick("usage_unit", values.get("usage_unit"), USAGE_UNITS)
    if creating or "unit_price" in fields:
        price = check.decimal("unit_price", fields.get("unit_price"), minimum=Decimal(0))
        if price is None and not any(e.field == "unit_price" for e in check.errors):
            check.add("unit_price", "is required")
        values["unit_price"] = price
    if "tax_percent" in fields:
        values["tax_percent"] = check.decimal(
            "tax_percent", fields["tax_percent"], minimum=Decimal(0), maximum=Decimal(100)
        ) or Decimal(0)
    if "active" in fields and fields["active"] is not None:
        values["active"] = bool(fields["active"])
    check.raise_if_any()
    return values


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
    def create(cls, *, id: UUID, now: datetime, fields: dict[str, Any]) -> PriceBook:
        check = Checker()
        name, currency = text(fields.get("name")), text(fields.get("currency"))
        if not name:
            check.add("name", "is required")
        if not currency:
            check.add("currency", "is required")
        currency = check.currency("currency", currency)
        check.raise_if_any()
        return cls(
            id=id,
            name=name or "",
            currency=currency or "",
            created_at=now,
            updated_at=now,
            active=fields.get("active", True) is not False,
            description=text(fields.get("description")),
        )


def check_list_price(value: Any) -> Decimal:
    check = Checker()
    price = check.decimal("list_price", value, minimum=Decimal(0))
    check.raise_if_any()
    if price is None:
        raise invalid("list_price", "is required")
    return price
