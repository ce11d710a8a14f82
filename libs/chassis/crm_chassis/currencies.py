"""ISO 4217 currency codes and their minor units, from the maintained ``iso4217`` package.

Pure Python (domain code uses it through :class:`crm_chassis.fields.Checker` and
:mod:`crm_chassis.money`). A code is accepted for money when ISO 4217 lists it with a minor
unit: the active currencies (``EUR``, ``JPY``, ``BHD``...). Codes ISO lists without one
(``XXX`` no currency, ``XTS`` testing, ``XAU`` gold, ``XDR``) name no money amount and are
refused like unknown ones (``XYZ``). Updating the package updates the list.
"""

from __future__ import annotations

from functools import cache

from iso4217 import Currency


@cache
def minor_units() -> dict[str, int]:
    """Every ISO 4217 currency with a minor unit, and that unit (EUR 2, JPY 0, BHD 3)."""
    return {c.code: c.exponent for c in Currency if c.exponent is not None}


def is_currency(code: str) -> bool:
    """Whether ``code`` (upper case) is an ISO 4217 currency of money amounts."""
    return code in minor_units()


def minor_unit(code: str) -> int:
    """The number of decimals of ``code``; 2 for a code ISO does not list."""
    return minor_units().get(code, 2)
