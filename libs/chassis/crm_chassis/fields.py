"""Field checks for commands and aggregates: collect every bad field, then one 422.

Pure Python (domain code uses it). A :class:`Checker` gathers :class:`FieldError`\\ s so a
client learns about every bad field at once; each check returns the cleaned value (or None
when absent or invalid), so parsing and checking happen in one pass::

    check = Checker()
    email = check.email("email", fields.get("email"))
    status = check.pick("status", fields.get("status"), STATUSES)
    amount = check.decimal("amount", fields.get("amount"), minimum=Decimal(0))
    check.raise_if_any()
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from crm_chassis.currencies import is_currency
from crm_chassis.errors import FieldError, InvalidFields

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
#: Beyond what the columns and cent rounding handle (1e400 cannot be quantized).
DECIMAL_LIMIT = Decimal("1e15")
MAX_TAGS = 50
#: Times and query dates outside these years are refused (crm_chassis.limits); a date in a
#: body may go back further (a birthday, a founding date) but not before MIN_DATE_YEAR.
MIN_YEAR = 1900
MAX_YEAR = 2200
MIN_DATE_YEAR = 1000
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
MAX_TAG_LENGTH = 50


def text(value: Any, limit: int | None = None) -> str | None:
    """Trim a text value; blank becomes None; ``limit`` cuts it."""
    if value is None:
        return None
    cleaned = str(value).strip()
    if limit is not None:
        cleaned = cleaned[:limit]
    return cleaned or None


def to_decimal(value: Any) -> Decimal | None:
    """A finite decimal from a string, int or Decimal (floats via str, bools refused)."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def digits(value: str | None) -> str:
    """The digits of a phone number (what searches match on)."""
    return re.sub(r"\D", "", value or "")


def search_text(*parts: Any, separator: str = "\x1f", limit: int = 4000) -> str:
    """One lower-case string a ``q=`` search matches (trigram-indexed on PostgreSQL).

    Numbers written with punctuation (phones) also appear as bare digits, so "+1 555-0100"
    and "5550100" both find the record. Parts are joined by a character no term contains.
    """
    out: list[str] = []
    for part in parts:
        if part:
            lowered = str(part).lower()
            out.append(lowered)
            bare = digits(lowered)
            if len(bare) >= 5 and bare != lowered:
                out.append(bare)
    return separator.join(out)[:limit]


@dataclass(frozen=True)
class Address:
    """A postal address; every part optional."""

    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    FIELDS = ("street", "city", "state", "postal_code", "country")

    @classmethod
    def of(cls, value: Address | Mapping[str, Any] | None) -> Address | None:
        """From a mapping, an Address or None; blank parts are None, an empty address None."""
        if value is None:
            return None
        address = (
            value
            if isinstance(value, Address)
            else cls(**{k: text(value.get(k)) for k in cls.FIELDS})
        )
        return None if address.is_empty() else address

    def as_dict(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in self.FIELDS}

    def is_empty(self) -> bool:
        # Spelt out: called for every address of every imported row.
        return (
            self.street is None
            and self.city is None
            and self.state is None
            and self.postal_code is None
            and self.country is None
        )

    def lines(self) -> list[str]:
        """The address as printed on a document."""
        city = " ".join(p for p in (self.postal_code, self.city) if p)
        return [p for p in (self.street, city, self.state, self.country) if p]


class Checker:
    """Collects field errors so one 422 names every bad field."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidFields(list(self.errors))

    def required(self, field: str, value: Any) -> Any:
        if value is None or value == "" or value == ():
            self.add(field, "is required")
        return value

    def text(
        self, field: str, value: Any, *, required: bool = False, max_length: int | None = None
    ) -> str | None:
        cleaned = text(value)
        if cleaned is None and required:
            self.add(field, "is required")
        elif cleaned is not None and max_length is not None and len(cleaned) > max_length:
            self.add(field, f"is at most {max_length} characters")
            return None
        return cleaned

    def pick(self, field: str, value: Any, allowed: Iterable[str]) -> str | None:
        options = tuple(allowed)
        if value is not None and value not in options:
            self.add(field, f"must be one of: {', '.join(options)}")
            return None
        return value

    def email(self, field: str, value: Any) -> str | None:
        cleaned = text(value)
        if cleaned is not None and not EMAIL.match(cleaned):
            self.add(field, "is not an e-mail address")
            return None
        return cleaned

    def currency(self, field: str, value: Any, *, required: bool = False) -> str | None:
        cleaned = text(value)
        if cleaned is None:
            if required:
                self.add(field, "is required")
            return None
        cleaned = cleaned.upper()
        if not CURRENCY.match(cleaned) or not is_currency(cleaned):
            self.add(field, "must be an ISO 4217 currency code such as EUR")
            return None
        return cleaned

    def decimal(
        self,
        field: str,
        value: Any,
        *,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        positive: bool = False,
        places: int | None = None,
    ) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, float) and places is not None:
            self.add(field, "must be a decimal string, not a float")
            return None
        number = to_decimal(value)
        if number is None:
            self.add(field, "must be a decimal number")
            return None
        exponent = number.as_tuple().exponent
        if abs(number) >= DECIMAL_LIMIT or (isinstance(exponent, int) and exponent < -12):
            self.add(field, "is out of range")
            return None
        if places is not None and isinstance(exponent, int) and -exponent > places:
            self.add(field, f"has more than {places} decimal places")
            return None
        if positive and number <= 0:
            self.add(field, "must be greater than 0")
        elif minimum is not None and number < minimum:
            self.add(field, f"must be at least {minimum}")
        elif maximum is not None and number > maximum:
            self.add(field, f"must be at most {maximum}")
        else:
            return number
        return None

    def integer(self, field: str, value: Any, *, minimum: int | None = None) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, "must be a whole number")
            return None
        if minimum is not None and value < minimum:
            self.add(field, "must not be negative" if minimum == 0 else f"must be >= {minimum}")
            return None
        if not INT64_MIN <= value <= INT64_MAX:
            self.add(field, "is out of range (a 64-bit integer)")
            return None
        return value

    def date(self, field: str, value: Any) -> date | None:
        if value is None or value == "":
            return None
        if not isinstance(value, date):
            try:
                value = date.fromisoformat(str(value))
            except ValueError:
                self.add(field, "must be a date (YYYY-MM-DD)")
                return None
        if not MIN_DATE_YEAR <= value.year <= MAX_YEAR:
            self.add(field, f"must be a date between the years {MIN_DATE_YEAR} and {MAX_YEAR}")
            return None
        return value

    def uuid(self, field: str, value: Any, *, required: bool = False) -> UUID | None:
        if value is None or value == "":
            if required:
                self.add(field, "is required")
            return None
        if isinstance(value, UUID):
            return value
        try:
            return UUID(str(value))
        except ValueError:
            self.add(field, "must be a UUID")
            return None

    def tags(self, values: Iterable[Any] | None, field: str = "tags") -> tuple[str, ...]:
        """Trim tags, drop blanks and case-insensitive repeats (first spelling kept)."""
        seen: dict[str, str] = {}
        for raw in values or ():
            tag = str(raw).strip()
            if not tag:
                continue
            if len(tag) > MAX_TAG_LENGTH:
                self.add(field, f"a tag is at most {MAX_TAG_LENGTH} characters")
                continue
            seen.setdefault(tag.lower(), tag)
        if len(seen) > MAX_TAGS:
            self.add(field, f"at most {MAX_TAGS} tags")
        return tuple(seen.values())
