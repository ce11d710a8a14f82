"""The lead conversion mapping: which lead field fills which account, contact and opportunity
field (DOMAIN.md's default table; admins may replace it and add rows for custom fields).

Targets the event schema knows travel as typed fields; any other target name travels in the
event's ``extra`` map, so a new mapping row needs no schema change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from crm_chassis.errors import FieldError, InvalidFields
from crm_chassis.fields import Address

LEAD_FIELDS = (
    "salutation",
    "first_name",
    "last_name",
    "company",
    "title",
    "email",
    "secondary_email",
    "phone",
    "mobile",
    "fax",
    "website",
    "industry",
    "annual_revenue",
    "employees",
    "lead_source",
    "rating",
    "address",
    "description",
    "product_interest",
)
ACCOUNT_FIELDS = (
    "name",
    "industry",
    "website",
    "phone",
    "fax",
    "email",
    "rating",
    "annual_revenue",
    "employees",
    "billing_address",
    "shipping_address",
    "description",
)
CONTACT_FIELDS = (
    "salutation",
    "first_name",
    "last_name",
    "title",
    "email",
    "secondary_email",
    "phone",
    "mobile",
    "fax",
    "mailing_address",
    "lead_source",
    "description",
)
OPPORTUNITY_FIELDS = ("name", "lead_source", "description", "amount")
#: A lead's value as it travels to a mapped field: text, a count, or an address's parts.
MappedValue = str | int | Mapping[str, str | None]


@dataclass(frozen=True)
class MappingRow:
    lead_field: str
    account_field: str | None = None
    contact_field: str | None = None
    opportunity_field: str | None = None


def _same(field: str, account: bool, contact: bool) -> MappingRow:
    return MappingRow(field, field if account else None, field if contact else None)


DEFAULT_MAPPING: tuple[MappingRow, ...] = (
    MappingRow("company", "name", None, "name"),
    MappingRow("email", "email", "email"),
    *(
        _same(f, False, True)
        for f in ("first_name", "last_name", "salutation", "mobile", "secondary_email", "title")
    ),
    *(
        _same(f, True, False)
        for f in ("industry", "rating", "website", "annual_revenue", "employees")
    ),
    _same("phone", True, True),
    _same("fax", True, True),
    MappingRow("address", "billing_address", "mailing_address"),
    MappingRow("address", "shipping_address"),
    MappingRow("description", "description", "description", "description"),
    MappingRow("lead_source", None, "lead_source", "lead_source"),
)

_NAME = r"^[a-z][a-z0-9_]{0,62}$"


def check_mapping(rows: list[dict[str, Any]]) -> tuple[MappingRow, ...]:
    """Validate admin-supplied rows: known lead fields, address only to address targets."""
    import re

    errors: list[FieldError] = []
    out: list[MappingRow] = []
    for n, raw in enumerate(rows):
        row = MappingRow(
            **{
                k: (raw.get(k) or None)
                for k in ("lead_field", "account_field", "contact_field", "opportunity_field")
            }
        )
        if row.lead_field not in LEAD_FIELDS:
            errors.append(FieldError(f"rows.{n}.lead_field", "is not a lead field"))
        targets = {
            "account_field": row.account_field,
            "contact_field": row.contact_field,
            "opportunity_field": row.opportunity_field,
        }
        if not any(targets.values()):
            errors.append(FieldError(f"rows.{n}", "maps to nothing"))
        for name, target in targets.items():
            if target and not re.match(_NAME, target):
                errors.append(FieldError(f"rows.{n}.{name}", "must be a snake_case name"))
            is_address_target = bool(target) and target.endswith("address")
            if target and (row.lead_field == "address") != is_address_target:
                errors.append(
                    FieldError(f"rows.{n}.{name}", "addresses map to address fields only")
                )
        out.append(row)
    if not out:
        errors.append(FieldError("rows", "at least one row"))
    if errors:
        raise InvalidFields(errors)
    return tuple(out)


def apply_mapping(lead: Any, rows: tuple[MappingRow, ...]) -> tuple[dict, dict, dict]:
    """Return (account, contact, opportunity) field dicts for a lead."""
    account: dict[str, Any] = {}
    contact: dict[str, Any] = {}
    opportunity: dict[str, Any] = {}
    for row in rows:
        value = getattr(lead, row.lead_field, None)
        if value is None or value == "" or value == ():
            continue
        if isinstance(value, Address):
            value = value.as_dict()
        elif isinstance(value, Decimal):
            value = str(value)
        for target, out in (
            (row.account_field, account),
            (row.contact_field, contact),
            (row.opportunity_field, opportunity),
        ):
            if target:
                out.setdefault(target, value)
    if "annual_revenue" in account:
        account["annual_revenue_currency"] = lead.annual_revenue_currency or "EUR"
    # An account needs a name; a lead without a company becomes an individual's account.
    account.setdefault("name", lead.company or lead.full_name)
    contact.setdefault("last_name", lead.last_name)
    opportunity.setdefault("name", lead.company or lead.full_name)
    return account, contact, opportunity
