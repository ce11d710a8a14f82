"""Imports: a CSV row's values as the fields of an account or a contact."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_chassis.errors import FieldError
from crm_chassis.fields import Address, Checker
from crm_chassis.money import Money
from crm_contacts.domain.accounts import AccountFields
from crm_contacts.domain.contacts import ContactFields

_ADDRESS_FIELDS = ("billing_address", "shipping_address", "mailing_address")


def record_fields(
    entity: str, values: Mapping[str, Any]
) -> tuple[AccountFields | ContactFields, list[FieldError]]:
    """The typed fields of one row (parsed values: addresses and money as mappings), and
    the errors of the values that do not parse (left out of the fields)."""
    check = Checker()
    given = dict(values)
    for name in _ADDRESS_FIELDS:
        if name in given:
            given[name] = Address.of(given[name])
    if "annual_revenue" in given:
        given["annual_revenue"] = Money.parse("annual_revenue", given["annual_revenue"], check)
    if "birthday" in given:
        given["birthday"] = check.date("birthday", given["birthday"])
    if "tags" in given:
        given["tags"] = tuple(given["tags"])
    kind = AccountFields if entity == "accounts" else ContactFields
    return kind(**given), check.errors
