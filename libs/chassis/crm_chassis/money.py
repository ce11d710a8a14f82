"""Money: a Decimal amount with an ISO 4217 currency, rounded once per amount, never a float.

Pure Python (domain code uses it). Every stored amount is rounded to its currency's minor
unit (ISO 4217's, from :mod:`crm_chassis.currencies`; half up, the commercial rule) at the
one place it is computed; sums of rounded amounts are then exact, which is what "no cent is
lost" rests on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from crm_chassis.currencies import minor_unit, minor_units
from crm_chassis.fields import Checker

ZERO = Decimal(0)
CENT = Decimal("0.01")
#: Every ISO 4217 currency's minor unit (EUR 2, JPY 0, BHD 3), from crm_chassis.currencies.
MINOR_UNITS: dict[str, int] = minor_units()


def quantum(currency: str) -> Decimal:
    """The smallest amount of ``currency`` (0.01 for EUR, 1 for JPY)."""
    return Decimal(1).scaleb(-minor_unit(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, half up."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def format_amount(amount: Decimal, currency: str) -> str:
    """The decimal string of an amount at its currency's scale (``"1250.00"``)."""
    return str(round_money(amount, currency))


def decimal_str(value: Decimal | None) -> str | None:
    """An amount with at least two decimals, more when it has them (unit prices)."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    return str(value.quantize(CENT) if isinstance(exponent, int) and exponent >= -2 else value)


def check_places(check: Checker, field: str, amount: Decimal, currency: str) -> None:
    """Refuse an amount finer than the currency's minor unit (a payment of 10.005 EUR)."""
    if amount != round_money(amount, currency):
        check.add(field, f"has more decimals than {currency} allows")


@dataclass(frozen=True)
class Money:
    """A decimal amount with its ISO 4217 currency."""

    amount: Decimal
    currency: str

    @classmethod
    def parse(
        cls, field: str, data: Mapping[str, Any] | None, check: Checker, *, negative: bool = False
    ) -> Money | None:
        """From ``{"amount", "currency"}``; errors name ``<field>.amount``/``.currency``."""
        if data is None:
            return None
        amount = check.decimal(
            f"{field}.amount", data.get("amount"), minimum=None if negative else ZERO
        )
        if data.get("amount") in (None, ""):
            check.add(f"{field}.amount", "is required")
        currency = check.currency(f"{field}.currency", data.get("currency"), required=True)
        if amount is None or currency is None:
            return None
        return cls(amount, currency)

    def rounded(self) -> Money:
        return Money(round_money(self.amount, self.currency), self.currency)

    def as_dict(self) -> dict[str, str]:
        return {"amount": format_amount(self.amount, self.currency), "currency": self.currency}
