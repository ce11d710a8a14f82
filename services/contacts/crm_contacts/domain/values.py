"""Value objects and field rules shared by accounts and contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from crm_chassis.errors import FieldError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_TAGS = 50
MAX_TAG_LENGTH = 50


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
        if data is None:
            return None
        return cls(**{k: _blank_to_none(data.get(k)) for k in cls.FIELDS})

    def as_dict(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in self.FIELDS}

    def is_empty(self) -> bool:
        return all(getattr(self, k) is None for k in self.FIELDS)


@dataclass(frozen=True)
class Money:
    """A decimal amount with its ISO 4217 currency; never a float."""

    amount: Decimal
    currency: str

    @classmethod
    def parse(cls, field: str, data: dict[str, Any], errors: list[FieldError]) -> Money | None:
        raw, currency = data.get("amount"), str(data.get("currency") or "").upper()
        try:
            amount = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            errors.append(FieldError(f"{field}.amount", "must be a decimal number"))
            return None
        if not amount.is_finite():
            errors.append(FieldError(f"{field}.amount", "must be a decimal number"))
            return None
        if amount < 0:
            errors.append(FieldError(f"{field}.amount", "must not be negative"))
        if not _CURRENCY.match(currency):
            errors.append(FieldError(f"{field}.currency", "must be an ISO 4217 code"))
        return cls(amount, currency)

    def as_dict(self) -> dict[str, str]:
        return {"amount": str(self.amount), "currency": self.currency}


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def text(value: Any) -> str | None:
    """Normalise an optional text field: trimmed, empty becomes None."""
    return _blank_to_none(value)


def check_required(field: str, value: str | None, errors: list[FieldError]) -> None:
    if not value:
        errors.append(FieldError(field, "is required"))


def check_pick(field: str, value: str | None, allowed: tuple[str, ...], errors: list[FieldError]):
    if value is not None and value not in allowed:
        errors.append(FieldError(field, f"must be one of: {', '.join(allowed)}"))


def check_email(field: str, value: str | None, errors: list[FieldError]) -> None:
    if value is not None and not _EMAIL.match(value):
        errors.append(FieldError(field, "is not an e-mail address"))


def check_not_negative(field: str, value: int | None, errors: list[FieldError]) -> None:
    if value is not None and value < 0:
        errors.append(FieldError(field, "must not be negative"))


def normalise_tags(values: Any, errors: list[FieldError]) -> tuple[str, ...]:
    """Trim tags, drop blanks and duplicates (case-insensitive), keep the first spelling."""
    seen: dict[str, str] = {}
    for raw in values or ():
        tag = str(raw).strip()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            errors.append(FieldError("tags", f"a tag is at most {MAX_TAG_LENGTH} characters"))
            continue
        seen.setdefault(tag.lower(), tag)
    if len(seen) > MAX_TAGS:
        errors.append(FieldError("tags", f"at most {MAX_TAGS} tags"))
    return tuple(seen.values())


def digits(value: str | None) -> str:
    """Keep the digits of a phone number (for search)."""
    return re.sub(r"\D", "", value or "")


def search_text(*parts: str | None) -> str:
    """Build the lower-case text a ``q=`` search matches (one column, one trigram index).

    Phones appear twice, as typed and as bare digits, so "+1 555-0100" and "5550100" both
    find the record. Parts are separated by a character a search term never contains.
    """
    out: list[str] = []
    for part in parts:
        if part:
            out.append(part.lower())
    return "\x1f".join(out)
