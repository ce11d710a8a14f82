"""Money: Decimal amounts with an ISO 4217 currency, rounded once per amount, never floats.

Every stored amount is rounded to the currency's minor unit (half up, the commercial
rule) at the one place it is computed; sums of rounded amounts are then exact, which is
what "no cent is lost" rests on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from crm_billing.domain.errors import FieldError

_CURRENCY = re.compile(r"^[A-Z]{3}$")
ZERO = Decimal(0)
# Currencies whose minor unit is not the cent (ISO 4217); all others have two decimals.
MINOR_UNITS: dict[str, int] = {
    "JPY": 0,
    "KRW": 0,
    "CLP": 0,
    "ISK": 0,
    "VND": 0,
    "BHD": 3,
    "KWD": 3,
    "OMR": 3,
    "JOD": 3,
    "TND": 3,
    "IQD": 3,
    "LYD": 3,
}
MAX_AMOUNT = Decimal("1e15")


def quantum(currency: str) -> Decimal:
    """The smallest amount of ``currency`` (0.01 for EUR, 1 for JPY)."""
    return Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, half up."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def parse_decimal(
    field: str,
    raw: Any,
    errors: list[FieldError],
    *,
    minimum: Decimal | None = ZERO,
    places: int = 6,
    positive: bool = False,
) -> Decimal | None:
    """Parse a decimal string (or int); record a field error and return None when invalid."""
    if raw is None:
        return None
    if isinstance(raw, float):
        errors.append(FieldError(field, "must be a decimal string, not a float"))
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors.append(FieldError(field, "must be a decimal number"))
        return None
    if not value.is_finite() or abs(value) >= MAX_AMOUNT:
        errors.append(FieldError(field, "must be a finite decimal number below 10^15"))
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        errors.append(FieldError(field, f"has more than {places} decimal places"))
        return None
    if positive and value <= 0:
        errors.append(FieldError(field, "must be greater than zero"))
        return None
    if minimum is not None and value < minimum:
        errors.append(FieldError(field, f"must be at least {minimum}"))
        return None
    return value


def check_currency(field: str, value: Any, errors: list[FieldError]) -> str | None:
    text = str(value or "").strip().upper()
    if not _CURRENCY.match(text):
        errors.append(FieldError(field, "must be an ISO 4217 code"))
        return None
    return text


def check_amount_places(field: str, amount: Decimal, currency: str, errors: list[FieldError]):
    """Refuse an amount finer than the currency's minor unit (a payment of 10.005 EUR)."""
    if amount != round_money(amount, currency):
        errors.append(FieldError(field, f"has more decimals than {currency} allows"))


@dataclass(frozen=True)
class Money:
    """A decimal amount with its ISO 4217 currency."""

    amount: Decimal
    currency: str

    def as_dict(self) -> dict[str, str]:
        return {"amount": format_amount(self.amount, self.currency), "currency": self.currency}


def format_amount(amount: Decimal, currency: str) -> str:
    """The decimal string of an amount at the currency's scale (``"1250.00"``)."""
    return str(round_money(amount, currency))
