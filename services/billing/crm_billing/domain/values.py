"""Small value objects and field rules shared by billing's documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from crm_billing.domain.errors import FieldError


@dataclass(frozen=True)
class Address:
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    FIELDS = ("street", "city", "state", "postal_code", "country")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Address | None:
        if not data:
            return None
        address = cls(**{k: text(data.get(k)) for k in cls.FIELDS})
        return None if address.is_empty() else address

    def as_dict(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in self.FIELDS}

    def is_empty(self) -> bool:
        return all(getattr(self, k) is None for k in self.FIELDS)

    def lines(self) -> list[str]:
        city = " ".join(p for p in (self.postal_code, self.city) if p)
        return [p for p in (self.street, city, self.state, self.country) if p]


def text(value: Any, limit: int = 32_000) -> str | None:
    """Normalise an optional text field: trimmed, empty becomes None."""
    if value is None:
        return None
    value = str(value).strip()
    return value[:limit] or None


def uuid_field(field: str, raw: Any, errors: list[FieldError], *, required: bool = False):
    if raw in (None, ""):
        if required:
            errors.append(FieldError(field, "is required"))
        return None
    if isinstance(raw, UUID):
        return raw
    try:
        return UUID(str(raw))
    except ValueError:
        errors.append(FieldError(field, "must be a UUID"))
        return None


def date_field(field: str, raw: Any, errors: list[FieldError]) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        errors.append(FieldError(field, "must be a date (YYYY-MM-DD)"))
        return None


def check_pick(field: str, value: str | None, allowed: tuple[str, ...], errors: list[FieldError]):
    if value is not None and value not in allowed:
        errors.append(FieldError(field, f"must be one of: {', '.join(allowed)}"))


def format_number(prefix: str, year: int, n: int) -> str:
    """A human-facing document number, gap-free per series: ``INV-2026-000001``."""
    return f"{prefix}-{year}-{n:06d}"


def series(prefix: str, year: int) -> str:
    return f"{prefix}-{year}"
