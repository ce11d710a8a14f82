"""The lead conversion mapping: which lead field fills which account, contact and opportunity
field (docs/domain.md's default table; admins may replace it and add rows for custom fields).

Targets the event schema knows travel as typed fields; any other target name travels in the
event's ``extra`` map, so a new mapping row needs no schema change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from crm_chassis.errors import FieldError, InvalidFields
from crm_chassis.fields import Address
from crm_sales.domain.opportunities import OpportunityFields

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

#: What kind of value each lead field holds, and what each target a conversion can write
#: takes (contacts' ConvertLead fills exactly these account and contact fields). A mapping
#: row naming any other target, a read-only one, or a value of the wrong kind is refused
#: when it is saved (422 naming the row), never dropped later.
_TEXT, _EMAIL, _INT, _DECIMAL, _ADDRESS = "text", "e-mail", "integer", "decimal", "address"
LEAD_KINDS = {
    **{f: _TEXT for f in LEAD_FIELDS},
    "email": _EMAIL,
    "secondary_email": _EMAIL,
    "employees": _INT,
    "annual_revenue": _DECIMAL,
    "address": _ADDRESS,
}
_TEXTS = ("phone", "fax", "description")
ACCOUNT_TARGETS = {
    **dict.fromkeys(
        ("name", "account_type", "industry", "website", "area", "rating", *_TEXTS), _TEXT
    ),
    "email": _EMAIL,
    "billing_address": _ADDRESS,
    "shipping_address": _ADDRESS,
    "annual_revenue": _DECIMAL,
    "employees": _INT,
}
CONTACT_TARGETS = {
    **dict.fromkeys(
        (
            "salutation",
            "first_name",
            "last_name",
            "title",
            "department",
            "mobile",
            "other_phone",
            "lead_source",
            *_TEXTS,
        ),
        _TEXT,
    ),
    "email": _EMAIL,
    "secondary_email": _EMAIL,
    "mailing_address": _ADDRESS,
}
OPPORTUNITY_TARGETS = {
    "name": _TEXT,
    "lead_source": _TEXT,
    "description": _TEXT,
    "amount": _DECIMAL,
}
#: Fields of the records that no mapping may write (ids, owners, tags, codes, the stage).
READ_ONLY_TARGETS = frozenset(
    {
        "id",
        "owner_id",
        "account_id",
        "contact_id",
        "lead_id",
        "parent_id",
        "reports_to_id",
        "customer_code",
        "tags",
        "portal_access",
        "created_at",
        "updated_at",
        "version",
        "sales_stage",
        "probability",
    }
)
_TARGET_TABLES = {
    "account_field": ("account", ACCOUNT_TARGETS),
    "contact_field": ("contact", CONTACT_TARGETS),
    "opportunity_field": ("opportunity", OPPORTUNITY_TARGETS),
}
#: A lead's value as it travels to a mapped field: text, a count, or an address's parts
#: (and the do-not-contact flag, which travels whatever the mapping says).
MappedValue = str | int | bool | Mapping[str, str | None]


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

#: The settings row holding an administrator's mapping.
MAPPING_SETTING = "lead_conversion_mapping"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
TARGETS = ("account_field", "contact_field", "opportunity_field")


@dataclass(frozen=True)
class Conversion:
    """What a lead became: the ids sales chose for its opportunity, account and contact."""

    lead_id: UUID
    opportunity_id: UUID | None
    account_id: UUID
    contact_id: UUID
    existing_account: bool
    converted_at: datetime
    existing_contact: bool = False


def mapping_from(stored: Sequence[Mapping[str, str | None]] | None) -> tuple[MappingRow, ...]:
    """The mapping as stored in the settings (the default when none is stored)."""
    return DEFAULT_MAPPING if not stored else tuple(MappingRow(**row) for row in stored)


def check_mapping(rows: Sequence[MappingRow]) -> tuple[MappingRow, ...]:
    """Validate admin-supplied rows: known lead fields, address only to address targets."""
    errors: list[FieldError] = []
    out: list[MappingRow] = []
    for n, given in enumerate(rows):
        row = replace(given, **{k: getattr(given, k) or None for k in TARGETS})
        errors.extend(_row_errors(n, row))
        out.append(row)
    if not out:
        errors.append(FieldError("rows", "at least one row"))
    if errors:
        raise InvalidFields(errors)
    return tuple(out)


def _row_errors(n: int, row: MappingRow) -> list[FieldError]:
    errors = []
    if row.lead_field not in LEAD_FIELDS:
        errors.append(FieldError(f"rows.{n}.lead_field", "is not a lead field"))
    targets = {name: getattr(row, name) for name in TARGETS}
    if not any(targets.values()):
        errors.append(FieldError(f"rows.{n}", "maps to nothing"))
    for name, target in targets.items():
        problem = _target_problem(row.lead_field, name, target) if target else None
        if problem:
            errors.append(FieldError(f"rows.{n}.{name}", problem))
    return errors


def _target_problem(lead_field: str, column: str, target: str) -> str | None:
    """Why ``target`` cannot be written from ``lead_field`` (None when it can)."""
    record, table = _TARGET_TABLES[column]
    if not _NAME.match(target):
        return "must be a snake_case name"
    if target in READ_ONLY_TARGETS:
        return f"'{target}' is read-only on the {record}"
    if target not in table:
        return f"'{target}' is not a field a conversion can write on the {record}"
    given, wanted = LEAD_KINDS.get(lead_field), table[target]
    if given is None or given == wanted:
        return None
    if wanted == _TEXT and given != _ADDRESS:
        return None
    return f"'{target}' takes {wanted} values, and lead field '{lead_field}' holds {given}"


def apply_mapping(
    lead: Any, rows: tuple[MappingRow, ...]
) -> tuple[dict[str, MappedValue], dict[str, MappedValue], dict[str, MappedValue]]:
    """Return the (account, contact, opportunity) values a lead's fields map to."""
    account: dict[str, MappedValue] = {}
    contact: dict[str, MappedValue] = {}
    opportunity: dict[str, MappedValue] = {}
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
    # Consent is not the admin's mapping to drop: a do-not-contact lead stays so as a contact.
    if getattr(lead, "do_not_contact", False):
        contact["do_not_contact"] = True
    opportunity.setdefault("name", lead.company or lead.full_name)
    return account, contact, opportunity


def opportunity_fields(
    mapped: Mapping[str, MappedValue], given: OpportunityFields, **ids: UUID | None
) -> OpportunityFields:
    """The new opportunity's fields: the lead's mapped values, what the caller gave on top."""
    known = {k: str(v) for k, v in mapped.items() if k in OPPORTUNITY_FIELDS}
    chosen = {f.name: getattr(given, f.name) for f in fields(given)}
    return replace(
        OpportunityFields(**known),
        **{k: v for k, v in chosen.items() if v is not None},
        **ids,
    )
