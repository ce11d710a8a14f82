"""Vendors: the suppliers purchase orders go to (an unowned module: all with access see all)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from crm_billing.domain.errors import FieldError, InvalidFields, VersionMismatch
from crm_billing.domain.invoices import PAYMENT_TERMS
from crm_billing.domain.values import Address, check_pick, text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TEXT = (
    "name",
    "contact_name",
    "email",
    "phone",
    "website",
    "payment_terms",
    "gl_account",
    "category",
    "description",
)
EDITABLE = (*TEXT, "address")


@dataclass
class Vendor:
    id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    address: Address | None = None
    payment_terms: str | None = None
    gl_account: str | None = None
    category: str | None = None
    description: str | None = None
    version: int = 1

    @classmethod
    def create(cls, *, id: UUID, now: datetime, fields: dict[str, Any]) -> Vendor:
        return cls(id=id, created_at=now, updated_at=now, **clean_vendor(fields))

    def update(self, changes: dict[str, Any], *, now: datetime, expected_version: int | None):
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        merged = {f: getattr(self, f) for f in TEXT}
        merged["address"] = self.address.as_dict() if self.address else None
        merged.update(changes)
        values = clean_vendor(merged)
        changed = tuple(sorted(k for k, v in values.items() if getattr(self, k) != v))
        for k in changed:
            setattr(self, k, values[k])
        if changed:
            self.version += 1
            self.updated_at = now
        return changed

    @property
    def search_text(self) -> str:
        return " ".join(p.lower() for p in (self.name, self.contact_name, self.email) if p)


def clean_vendor(fields: dict[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    values: dict[str, Any] = {
        f: text(fields.get(f), 255 if f != "description" else 32_000) for f in TEXT
    }
    if not values["name"]:
        errors.append(FieldError("name", "is required"))
    if values["email"] and not _EMAIL.match(values["email"]):
        errors.append(FieldError("email", "is not an e-mail address"))
    check_pick("payment_terms", values["payment_terms"], tuple(PAYMENT_TERMS), errors)
    raw = fields.get("address")
    if raw is not None and not isinstance(raw, dict):
        errors.append(FieldError("address", "must be an object"))
        raw = None
    values["address"] = Address.from_dict(raw)
    if errors:
        raise InvalidFields(errors)
    return values
