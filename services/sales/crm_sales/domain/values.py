"""Small value types and field checks shared by the aggregates."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from crm_sales.domain.errors import FieldError, InvalidFields

CENT = Decimal("0.01")
LIMIT = Decimal("1e15")
TINY = Decimal("1e-6")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Address:
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    FIELDS = ("street", "city", "state", "postal_code", "country")

    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in self.FIELDS)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, value: Any) -> Address | None:
        """Build from a dict / Address / None; empty addresses become None."""
        if value is None:
            return None
        if isinstance(value, Address):
            address = value
        else:
            address = cls(**{k: text(value.get(k)) for k in cls.FIELDS})
        return None if address.is_empty() else address


def text(value: Any) -> str | None:
    """Strip a text value; blank becomes None."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


class Checker:
    """Collects field errors so one 422 names every bad field."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def pick(self, field: str, value: str | None, allowed: Any) -> None:
        if value is not None and value not in allowed:
            self.add(field, f"must be one of: {', '.join(allowed)}")

    def email(self, field: str, value: str | None) -> None:
        if value is not None and not _EMAIL.match(value):
            self.add(field, "is not an e-mail address")

    def currency(self, field: str, value: str | None) -> None:
        if value is not None and not _CURRENCY.match(value):
            self.add(field, "must be an ISO 4217 code such as EUR")

    def decimal(
        self,
        field: str,
        value: Any,
        *,
        minimum: Decimal | None = None,
        positive: bool = False,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        if value is None or value == "":
            return None
        number = to_decimal(value)
        if number is None:
            self.add(field, "must be a decimal number")
            return None
        if abs(number) >= LIMIT or (number != 0 and abs(number) < TINY):
            # Beyond what the columns and cent rounding handle (1e400 cannot be quantized).
            self.add(field, "is out of range")
            return None
        if positive and number <= 0:
            self.add(field, "must be greater than 0")
        elif minimum is not None and number < minimum:
            self.add(field, f"must be at least {minimum}")
        if maximum is not None and number > maximum:
            self.add(field, f"must be at most {maximum}")
        return number

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidFields(self.errors)


def to_decimal(value: Any) -> Decimal | None:
    """Parse a decimal from a string or int (floats are turned to str first), else None."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def money_str(value: Decimal | None) -> str | None:
    """Render an amount with two decimals (or more if it has them)."""
    if value is None:
        return None
    return str(value.quantize(CENT) if value.as_tuple().exponent >= -2 else value)  # type: ignore[operator]


def to_date(field: str, value: Any, check: Checker) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        check.add(field, "must be a date YYYY-MM-DD")
        return None


def normalise_tags(values: Any) -> tuple[str, ...]:
    if not values:
        return ()
    seen: dict[str, None] = {}
    for v in values:
        t = str(v).strip()
        if t:
            seen.setdefault(t[:50], None)
    return tuple(seen)


def web_domain(website: str | None, email: str | None = None) -> str | None:
    """The registrable part of a website (or an e-mail's domain), lower-case, no www."""
    source = website or (email.split("@", 1)[1] if email and "@" in email else None)
    if not source:
        return None
    host = re.sub(r"^[a-z]+://", "", source.strip().lower()).split("/", 1)[0].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host or None


def search_text(*parts: Any) -> str:
    """One lower-case string that ``q=`` matches with LIKE (trigram-indexed on PostgreSQL)."""
    out = []
    for p in parts:
        if p:
            s = str(p).lower()
            out.append(s)
            digits = re.sub(r"\D", "", s)
            if len(digits) >= 5 and digits != s:
                out.append(digits)
    return " ".join(out)[:4000]
